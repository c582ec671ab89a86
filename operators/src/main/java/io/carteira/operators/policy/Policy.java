package io.carteira.operators.policy;

import io.carteira.operators.model.Standing;
import io.carteira.schemas.Channel;
import io.carteira.schemas.ChurnType;
import io.carteira.schemas.DunningActionType;
import io.carteira.schemas.PaymentBehaviour;
import java.io.Serializable;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;

/**
 * A segment policy in force: the thresholds, windows and weights the customer model reads. Parsed
 * and validated from a {@code policies} document by {@link PolicyParser}; the built-in defaults
 * ship with the job as version 0 of segment {@code default}.
 *
 * @param segment {@code default}, or a value tier: {@code key_account}, {@code mid_market}, {@code
 *     long_tail}
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
    Dunning dunning,
    Map<PaymentBehaviour, Dunning> dunningByPaymentHistory,
    Journeys journeys,
    Messages messages,
    Risk risk,
    Map<String, String> playbook)
    implements Serializable {

  public static final String DEFAULT_SEGMENT = "default";
  public static final List<String> SEGMENTS =
      List.of(DEFAULT_SEGMENT, "key_account", "mid_market", "long_tail");

  /** The named health contributions a weight may be given for. */
  public static final List<String> CONTRIBUTIONS =
      List.of(
          "days_past_due",
          "punctuality",
          "failed_payments",
          "engagement",
          "engagement_trend",
          "support_load",
          "survey_score",
          "plan_utilisation",
          "tenure",
          "cancellation_requested");

  /** Score cut-offs: a score at or above {@code healthy} is healthy, and so on down. */
  public record Bands(int healthy, int attention, int atRisk) implements Serializable {}

  /**
   * Engagement from usage: dormant after {@code dormantAfterDays} without activity; otherwise high
   * when the last week's usage is at least {@code highTrend} of the customer's own baseline, medium
   * from {@code mediumTrend}, else low.
   */
  public record Engagement(
      int dormantAfterDays, double highTrend, double mediumTrend, int baselineWeeks)
      implements Serializable, Standing.EngagementRules {}

  /** Payment behaviour from the share of invoices paid late, and delinquency from days past due. */
  public record Punctuality(
      double occasionallyLateShare, double chronicallyLateShare, int delinquentAfterDays)
      implements Serializable, Standing.PunctualityRules {}

  /**
   * Churn-precursor thresholds and the alert lifecycle's settings (section {@code risk}).
   *
   * @param weights risk points an active precursor adds, by pattern name
   * @param healthWeight share of (100 − health score) in the risk score
   * @param usageMinWeeklyUses the weekly uses a customer's baseline must reach before its usage can
   *     collapse or drop: a small account's quiet week is not a trend
   * @param usageCollapseWeeks complete weeks in a row usage must stay under the collapse trend
   * @param punctualLateDays days past due before a punctual payer's late invoice alerts
   * @param voluntaryOpenFrom the risk score (the precursor's own points included) from which a
   *     voluntary precursor opens an alert; under it the precursor is watched and opens once the
   *     risk reaches it
   * @param involuntaryOpenFrom the same for an involuntary precursor
   */
  public record Risk(
      int failedPaymentStreak,
      int failedPaymentWindowDays,
      int hardDeclineUpdateDays,
      double usageCollapseTrend,
      int silenceDays,
      int ticketRun,
      int ticketWindowDays,
      int detractorScore,
      double usageDropTrend,
      int usageDropWindowDays,
      int downgradeSpiral,
      int downgradeWindowDays,
      int pauseDays,
      int punctualMinOnTime,
      double healthWeight,
      Map<String, Integer> weights,
      int criticalFrom,
      int highFrom,
      int mediumFrom,
      int escalateAfterDays,
      int escalateScoreRise,
      int voluntaryCooldownHours,
      int involuntaryCooldownHours,
      int episodeExpiryDays,
      int usageMinWeeklyUses,
      int usageCollapseWeeks,
      int punctualLateDays,
      int voluntaryOpenFrom,
      int involuntaryOpenFrom)
      implements Serializable {

    /** The risk score from which a precursor of {@code churnType} opens an alert. */
    public int openFrom(ChurnType churnType) {
      return churnType == ChurnType.INVOLUNTARY ? involuntaryOpenFrom : voluntaryOpenFrom;
    }

    public int weight(String pattern) {
      return weights.getOrDefault(pattern, 0);
    }
  }

  /** Who an escalation goes to. */
  public enum EscalationTarget {
    /** The customer's account owner; collections when the customer has none. */
    ACCOUNT_OWNER,
    COLLECTIONS
  }

  /** What a step of the overdue ladder does. */
  public enum StepType {
    OVERDUE_REMINDER,
    ESCALATION,
    SUSPENSION_WARNING,
    /** The end of the ladder: nothing sent; the invoice counts as {@code DUNNING_EXHAUSTED}. */
    LADDER_END
  }

  /** A step of the overdue ladder, {@code daysAfterDue} days after the invoice's due date. */
  public record Step(int daysAfterDue, StepType type) implements Serializable {}

  /**
   * The dunning ladder of one invoice: a pre-due reminder {@code preDueDays} before its due date
   * (boleto, PIX, or a card that will have expired), then its overdue {@code steps} in order of
   * days after due, the last one the {@link StepType#LADDER_END}, where the invoice counts as
   * involuntary churn risk ({@code DUNNING_EXHAUSTED}). Overdue steps that fall within the policy's
   * {@code grace_period_days} are not sent: more grace holds the ladder back. A soft decline of
   * attempt n announces a retry {@code retryDaysAfterFailure[n-1]} days later; a hard decline asks
   * for a new method instead.
   */
  public record Dunning(
      int preDueDays,
      List<Step> steps,
      List<Integer> retryDaysAfterFailure,
      EscalationTarget escalateTo)
      implements Serializable {

    /** Days after due of the end of the ladder. */
    public int ladderEndDaysAfterDue() {
      return steps.get(steps.size() - 1).daysAfterDue();
    }

    /** Days after due of the steps of one type, in order. */
    public List<Integer> daysOf(StepType type) {
      return steps.stream().filter(s -> s.type() == type).map(Step::daysAfterDue).toList();
    }
  }

  /**
   * Journeys beyond collection: renewal nudges before the contract end, one win-back after a
   * cancellation, loyalty rewards.
   */
  public record Journeys(
      List<Integer> renewalNudgeDaysBeforeEnd, int winBackAfterDays, int loyaltyOnTimeRun)
      implements Serializable {}

  /**
   * How messages go out: none between {@code quietStart} and {@code quietEnd} (local time; equal
   * means no quiet hours), and the channel of an action type when it is not the customer's
   * preference.
   */
  public record Messages(
      LocalTime quietStart, LocalTime quietEnd, Map<DunningActionType, Channel> channels)
      implements Serializable {}

  /**
   * The ladder for a customer with this payment history ({@code PUNCTUAL}, {@code CHRONICALLY_LATE}
   * …): its own override from {@code dunning.by_payment_history}, else the segment's ladder.
   */
  public Dunning dunning(PaymentBehaviour paymentHistory) {
    return paymentHistory == null
        ? dunning
        : dunningByPaymentHistory.getOrDefault(paymentHistory, dunning);
  }

  /** The recommended action for a precursor in this segment. */
  public String action(String pattern) {
    return playbook.getOrDefault(pattern, "Review the customer.");
  }

  public double weight(String contribution) {
    return healthWeights.getOrDefault(contribution, 1.0);
  }
}
