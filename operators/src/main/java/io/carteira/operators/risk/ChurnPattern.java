package io.carteira.operators.risk;

import io.carteira.schemas.ChurnType;

/**
 * The churn-precursor catalog. A {@link Kind#SEQUENCE} is a sequence of sparse events matched by
 * Flink CEP ({@link SequencePatterns}); a {@link Kind#CONDITION} is an absence, a trend or a state
 * found by the per-customer operator and its event-time timer ({@link ChurnConditions}). Thresholds
 * come from the policy's {@code risk} section, recommended actions from its {@code playbook}, risk
 * points from {@code risk.weights}.
 */
public enum ChurnPattern {
  /**
   * {@code failed_payment_streak} failed payments within {@code failed_payment_window_days}, no
   * success between.
   */
  FAILED_PAYMENT_STREAK(ChurnType.INVOLUNTARY, Kind.SEQUENCE),
  /**
   * A hard decline (expired, lost or stolen card, closed account) with no new method after {@code
   * hard_decline_update_days}.
   */
  HARD_DECLINE_NOT_UPDATED(ChurnType.INVOLUNTARY, Kind.CONDITION),
  /** A chargeback, until a later payment succeeds. */
  CHARGEBACK(ChurnType.INVOLUNTARY, Kind.CONDITION),
  /**
   * An invoice past the end of the customer's dunning ladder ({@code
   * dunning.ladder_end_days_after_due}), unpaid.
   */
  DUNNING_EXHAUSTED(ChurnType.INVOLUNTARY, Kind.CONDITION),
  /**
   * A punctual payer ({@code punctual_min_on_time} invoices on time, none late) with an invoice
   * past its grace period.
   */
  PUNCTUAL_PAYER_LATE(ChurnType.INVOLUNTARY, Kind.CONDITION),
  /** A cancellation request: the save desk acts at once. */
  CANCELLATION_REQUESTED(ChurnType.VOLUNTARY, Kind.CONDITION),
  /** Last week's usage under {@code usage_collapse_trend} of the customer's own baseline. */
  USAGE_COLLAPSE(ChurnType.VOLUNTARY, Kind.CONDITION),
  /** No login or feature use for {@code silence_days}. */
  SILENCE(ChurnType.VOLUNTARY, Kind.CONDITION),
  /**
   * {@code ticket_run} support tickets, then a detractor score or a downgrade, within {@code
   * ticket_window_days}.
   */
  TICKETS_THEN_DISSATISFACTION(ChurnType.VOLUNTARY, Kind.SEQUENCE),
  /**
   * A detractor score, then usage falling under {@code usage_drop_trend} of baseline within {@code
   * usage_drop_window_days}.
   */
  DETRACTOR_THEN_USAGE_DROP(ChurnType.VOLUNTARY, Kind.SEQUENCE),
  /**
   * {@code downgrade_spiral} contractions of plan or seats within {@code downgrade_window_days}.
   */
  DOWNGRADE_SPIRAL(ChurnType.VOLUNTARY, Kind.SEQUENCE),
  /** The renewal window is open and engagement is low or dormant. */
  RENEWAL_LOW_ENGAGEMENT(ChurnType.VOLUNTARY, Kind.CONDITION),
  /** A pause not resumed after {@code pause_days}. */
  PAUSE_NOT_RESUMED(ChurnType.VOLUNTARY, Kind.CONDITION);

  /** How a pattern is found. */
  public enum Kind {
    SEQUENCE,
    CONDITION
  }

  private final ChurnType churnType;
  private final Kind kind;

  ChurnPattern(ChurnType churnType, Kind kind) {
    this.churnType = churnType;
    this.kind = kind;
  }

  public ChurnType churnType() {
    return churnType;
  }

  public Kind kind() {
    return kind;
  }
}
