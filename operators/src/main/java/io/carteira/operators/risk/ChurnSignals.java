package io.carteira.operators.risk;

import io.carteira.operators.policy.Policy;
import io.carteira.schemas.ChurnSignal;
import io.carteira.schemas.CustomerEvent;
import io.carteira.schemas.FailureCodes;
import io.carteira.schemas.PaymentEvent;
import io.carteira.schemas.SignalKind;
import io.carteira.schemas.SurveyKind;
import io.carteira.schemas.UsageEvent;
import java.time.Instant;
import java.util.Locale;

/**
 * Which input events the sequence patterns need, as sparse {@link ChurnSignal}s: payment failures
 * and successes, method updates, chargebacks, support tickets, detractor scores and contractions.
 * Logins and feature use never reach the sequences; the per-customer operator turns them into one
 * {@code USAGE_DROP} signal when usage falls under the policy's trend. The customer's segment is
 * stamped on each signal when it is published.
 */
public final class ChurnSignals {

  private ChurnSignals() {}

  /**
   * The signal an input event carries, or null.
   *
   * @param mrrBefore the customer's MRR before the event
   * @param mrrAfter after it
   * @param seatsBefore seats in use before the event, or null
   */
  public static ChurnSignal of(
      CustomerEvent event, long mrrBefore, long mrrAfter, Long seatsBefore, Policy.Risk risk) {
    PaymentEvent payment = event.getPayment();
    if (payment != null) {
      return switch (payment.getEventType()) {
        case PAYMENT_FAILED ->
            signal(
                event,
                FailureCodes.isHardDecline(payment.getFailureCode())
                    ? SignalKind.HARD_DECLINE
                    : SignalKind.PAYMENT_FAILED,
                payment.getFailureCode());
        case PAYMENT_SUCCEEDED ->
            signal(event, SignalKind.PAYMENT_SUCCEEDED, payment.getInvoiceId());
        case PAYMENT_METHOD_UPDATED -> signal(event, SignalKind.PAYMENT_METHOD_UPDATED, null);
        case CHARGEBACK ->
            signal(event, SignalKind.CHARGEBACK, String.valueOf(payment.getAmountMinor()));
        default -> null;
      };
    }
    UsageEvent usage = event.getUsage();
    if (usage != null) {
      return switch (usage.getEventType()) {
        case SUPPORT_TICKET_OPENED ->
            signal(event, SignalKind.SUPPORT_TICKET_OPENED, usage.getTicketId());
        case SURVEY_SCORE ->
            isDetractor(usage, risk)
                ? signal(
                    event,
                    SignalKind.DETRACTOR_SCORE,
                    usage.getScore() + (usage.getSurvey() == null ? "" : " " + usage.getSurvey()))
                : null;
        case SEATS_CHANGED ->
            seatsBefore != null && usage.getQuantity() != null && usage.getQuantity() < seatsBefore
                ? signal(
                    event,
                    SignalKind.CONTRACTION,
                    "seats " + seatsBefore + " → " + usage.getQuantity())
                : null;
        default -> null;
      };
    }
    if (event.getSubscription() != null && mrrAfter > 0 && mrrAfter < mrrBefore) {
      return signal(event, SignalKind.CONTRACTION, "MRR " + mrrBefore + " → " + mrrAfter);
    }
    return null;
  }

  /** NPS at or under {@code risk.detractor_score}; CSAT (1–5) at 2 or under. */
  static boolean isDetractor(UsageEvent usage, Policy.Risk risk) {
    if (usage.getScore() == null) {
      return false;
    }
    return usage.getSurvey() == SurveyKind.CSAT
        ? usage.getScore() <= 2
        : usage.getScore() <= risk.detractorScore();
  }

  /**
   * The derived signal sent once when usage falls under {@code risk.usage_drop_trend} of baseline.
   */
  public static ChurnSignal usageDrop(String customerId, Instant at, double trend) {
    return new ChurnSignal(
        customerId,
        "usage-drop:" + at.toEpochMilli(),
        at,
        SignalKind.USAGE_DROP,
        String.format(Locale.ROOT, "%.2f", trend),
        null);
  }

  private static ChurnSignal signal(CustomerEvent event, SignalKind kind, String value) {
    return new ChurnSignal(
        event.getCustomerId(), event.getEventId(), event.getEventTime(), kind, value, null);
  }
}
