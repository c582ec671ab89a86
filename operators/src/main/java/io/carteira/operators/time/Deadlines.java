package io.carteira.operators.time;

import java.time.Instant;

/** Picking the next deadline for a keyed function's one timer. */
public final class Deadlines {

  private Deadlines() {}

  /**
   * The earlier of {@code current} and {@code candidate}, counting {@code candidate} only when it
   * lies after {@code after}.
   */
  public static Instant earliest(Instant current, Instant candidate, Instant after) {
    if (candidate == null || !candidate.isAfter(after)) {
      return current;
    }
    return current == null || candidate.isBefore(current) ? candidate : current;
  }
}
