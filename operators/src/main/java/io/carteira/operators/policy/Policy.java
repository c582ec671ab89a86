package io.carteira.operators.policy;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * A segment policy in force: the thresholds, windows and weights the customer model reads.
 * Parsed and validated from a {@code policies} document by {@link PolicyParser}; the built-in
 * defaults ship with the job as version 0 of segment {@code default}.
 *
 * @param segment {@code default}, or a value tier: {@code key_account}, {@code mid_market}, {@code long_tail}
 * @param version stamped on every output the policy produced
 */
public record Policy(
    String segment,
    long version,
    int gracePeriodDays,
    int renewalWindowDays,
    int onboardingDays,
    int retentionDays,
    Map<String, Double> healthWeights,
    Bands bands,
    Engagement engagement,
    Punctuality punctuality,
    double expansionUtilisation,
    List<Integer> dunningReminderDays) implements Serializable {

  public static final String DEFAULT_SEGMENT = "default";
  public static final List<String> SEGMENTS = List.of(DEFAULT_SEGMENT, "key_account", "mid_market", "long_tail");

  /** The named health contributions a weight may be given for. */
  public static final List<String> CONTRIBUTIONS = List.of("days_past_due", "punctuality", "failed_payments", "engagement",
      "engagement_trend", "support_load", "survey_score", "plan_utilisation", "tenure", "cancellation_requested");

  /** Score cut-offs: a score at or above {@code healthy} is healthy, and so on down. */
  public record Bands(int healthy, int attention, int atRisk) implements Serializable {}

  /**
   * Engagement from usage: dormant after {@code dormantAfterDays} without activity; otherwise
   * high when the last week's usage is at least {@code highTrend} of the customer's own baseline,
   * medium from {@code mediumTrend}, else low.
   */
  public record Engagement(int dormantAfterDays, double highTrend, double mediumTrend, int baselineWeeks) implements Serializable {}

  /** Payment behaviour from the share of invoices paid late, and delinquency from days past due. */
  public record Punctuality(double occasionallyLateShare, double chronicallyLateShare, int delinquentAfterDays) implements Serializable {}

  public double weight(String contribution) {
    return healthWeights.getOrDefault(contribution, 1.0);
  }
}
