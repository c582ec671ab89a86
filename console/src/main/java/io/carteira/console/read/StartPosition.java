package io.carteira.console.read;

import java.time.Duration;
import java.time.Instant;

/**
 * Where a reader starts the output topics that are not compacted (alerts, actions, metrics, dead
 * letters): their beginning, their end, or a time ago. Compacted {@code customer-health} and the
 * policies are always read from their beginning, since their latest record per key is the state.
 */
public record StartPosition(Kind kind, Duration ago) {

  /** How the start is given. */
  public enum Kind {
    BEGINNING,
    END,
    AGO
  }

  public static StartPosition beginning() {
    return new StartPosition(Kind.BEGINNING, null);
  }

  /**
   * {@code beginning}, {@code end}, or a duration such as {@code 24h}, {@code 7d}, {@code 30m} or
   * {@code PT6H}: from that long before now.
   */
  public static StartPosition parse(String text) {
    String t = text.trim().toLowerCase();
    if (t.equals("beginning") || t.equals("earliest")) {
      return beginning();
    }
    if (t.equals("end") || t.equals("latest")) {
      return new StartPosition(Kind.END, null);
    }
    try {
      Duration d;
      if (t.startsWith("p")) {
        d = Duration.parse(t.toUpperCase());
      } else {
        long n = Long.parseLong(t.substring(0, t.length() - 1));
        d =
            switch (t.charAt(t.length() - 1)) {
              case 'd' -> Duration.ofDays(n);
              case 'h' -> Duration.ofHours(n);
              case 'm' -> Duration.ofMinutes(n);
              case 's' -> Duration.ofSeconds(n);
              default -> throw new IllegalArgumentException();
            };
      }
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException();
      }
      return new StartPosition(Kind.AGO, d);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a start: beginning, end, or a duration such as 24h, 7d, PT6H");
    }
  }

  /** The instant to start from when {@link Kind#AGO}. */
  public Instant since(Instant now) {
    return now.minus(ago);
  }

  @Override
  public String toString() {
    return kind == Kind.AGO ? ago.toString() : kind.name().toLowerCase();
  }
}
