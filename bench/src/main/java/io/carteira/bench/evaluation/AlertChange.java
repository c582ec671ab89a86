package io.carteira.bench.evaluation;

import java.time.Instant;

/**
 * One status change of a risk alert as {@code risk-alerts} carries it, reduced to what scoring
 * needs.
 *
 * @param alertId the alert's stable id: its OPEN, ESCALATED and RESOLVED share it
 * @param customerId whose alert
 * @param pattern the churn precursor that raised it
 * @param churnType what kind of churn it warns of; null for an alert of no kind (a baseline that
 *     warns of churn of either kind)
 * @param status OPEN, ESCALATED or RESOLVED
 * @param riskScore the alert's risk score at this change, 0 to 100
 * @param at the event time of the change
 */
public record AlertChange(
    String alertId,
    String customerId,
    String pattern,
    ChurnKind churnType,
    Status status,
    int riskScore,
    Instant at) {

  /** The statuses of an alert's life. */
  public enum Status {
    OPEN,
    ESCALATED,
    RESOLVED
  }
}
