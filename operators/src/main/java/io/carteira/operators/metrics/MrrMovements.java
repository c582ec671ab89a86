package io.carteira.operators.metrics;

import io.carteira.schemas.ChurnType;
import io.carteira.schemas.MrrMovement;
import io.carteira.schemas.MrrMovementKind;
import io.carteira.schemas.ValueTier;
import java.time.Instant;

/**
 * The MRR movement of one event, by the subscription-analytics trade's definitions: from nothing to
 * something is {@code NEW} for a customer who never paid and {@code REACTIVATION} for one who
 * churned before; more or less MRR from a paying customer is {@code EXPANSION} or {@code
 * CONTRACTION}; down to nothing is {@code CHURN}, involuntary when the cancellation follows an
 * exhausted dunning ladder or an unfixed hard decline. Plain Java, shared by the streaming job and
 * the batch oracle's tests.
 */
public final class MrrMovements {

  private MrrMovements() {}

  /**
   * The kind of movement from {@code before} to {@code after}; {@code null} when the MRR did not
   * move.
   */
  public static MrrMovementKind kind(long before, long after, boolean churnedBefore) {
    if (before == after) {
      return null;
    }
    if (before == 0) {
      return churnedBefore ? MrrMovementKind.REACTIVATION : MrrMovementKind.NEW;
    }
    if (after == 0) {
      return MrrMovementKind.CHURN;
    }
    return after > before ? MrrMovementKind.EXPANSION : MrrMovementKind.CONTRACTION;
  }

  /**
   * The movement record, or {@code null} when the MRR did not move.
   *
   * @param churnedBefore whether the customer had churned before this event (a start is then a
   *     reactivation)
   * @param involuntary for a churn: whether payments had lapsed (ladder exhausted or hard decline
   *     unfixed)
   */
  public static MrrMovement of(
      String customerId,
      String eventId,
      Instant eventTime,
      long before,
      long after,
      boolean churnedBefore,
      boolean involuntary,
      String currency,
      ValueTier tier) {
    MrrMovementKind kind = kind(before, after, churnedBefore);
    if (kind == null) {
      return null;
    }
    return MrrMovement.newBuilder()
        .setCustomerId(customerId)
        .setEventId(eventId)
        .setEventTime(eventTime)
        .setMovement(kind)
        .setChurnType(
            kind == MrrMovementKind.CHURN
                ? (involuntary ? ChurnType.INVOLUNTARY : ChurnType.VOLUNTARY)
                : null)
        .setAmountMinor(Math.abs(after - before))
        .setMrrBeforeMinor(before)
        .setMrrAfterMinor(after)
        .setCurrency(currency)
        .setValueTier(tier)
        .build();
  }
}
