package io.carteira.operators.policy;

import io.carteira.schemas.PaymentBehaviour;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Which settings a shadow policy can try. A shadow is evaluated inside the sequence detector, the
 * alert lifecycle and the dunning ladder, beside the live policy, on the side outputs of the one
 * {@code customer-state}; what {@code customer-state} itself judges with the live policy (health
 * score, standing, condition precursors, the signals it derives, how long a customer stays watched,
 * where the ladder ends for the condition {@code DUNNING_EXHAUSTED}) is the same for both. A shadow
 * that changes one of those settings would be accepted and ignored, so it is refused instead,
 * naming them.
 */
public final class ShadowScope {

  /** The settings read inside customer-state, by their name in a policy document. */
  static final Map<String, Function<Policy, Object>> CUSTOMER_STATE_SETTINGS = settings();

  private ShadowScope() {}

  private static Map<String, Function<Policy, Object>> settings() {
    Map<String, Function<Policy, Object>> s = new LinkedHashMap<>();
    s.put("grace_period_days", Policy::gracePeriodDays);
    s.put("renewal_window_days", Policy::renewalWindowDays);
    s.put("onboarding_days", Policy::onboardingDays);
    s.put("retention_days", Policy::retentionDays);
    s.put("health.weights", p -> Policy.CONTRIBUTIONS.stream().map(p::weight).toList());
    s.put("health.bands", Policy::bands);
    s.put("engagement", Policy::engagement);
    s.put("punctuality", Policy::punctuality);
    s.put("expansion.utilisation", Policy::expansionUtilisation);
    s.put("risk.failed_payment_window_days", p -> p.risk().failedPaymentWindowDays());
    s.put("risk.hard_decline_update_days", p -> p.risk().hardDeclineUpdateDays());
    s.put("risk.usage_collapse_trend", p -> p.risk().usageCollapseTrend());
    s.put("risk.usage_collapse_weeks", p -> p.risk().usageCollapseWeeks());
    s.put("risk.usage_min_weekly_uses", p -> p.risk().usageMinWeeklyUses());
    s.put("risk.silence_days", p -> p.risk().silenceDays());
    s.put("risk.ticket_window_days", p -> p.risk().ticketWindowDays());
    s.put("risk.detractor_score", p -> p.risk().detractorScore());
    s.put("risk.usage_drop_trend", p -> p.risk().usageDropTrend());
    s.put("risk.usage_drop_window_days", p -> p.risk().usageDropWindowDays());
    s.put("risk.downgrade_window_days", p -> p.risk().downgradeWindowDays());
    s.put("risk.pause_days", p -> p.risk().pauseDays());
    s.put("risk.punctual_min_on_time", p -> p.risk().punctualMinOnTime());
    s.put("risk.punctual_late_days", p -> p.risk().punctualLateDays());
    s.put("risk.episode_expiry_days", p -> p.risk().episodeExpiryDays());
    s.put("the day the dunning ladder ends (LADDER_END)", ShadowScope::ladderEnds);
    return s;
  }

  /** Where each payment history's ladder ends: customer-state's {@code DUNNING_EXHAUSTED}. */
  private static List<Integer> ladderEnds(Policy policy) {
    List<Integer> ends = new ArrayList<>();
    ends.add(policy.dunning(null).ladderEndDaysAfterDue());
    for (PaymentBehaviour history : PaymentBehaviour.values()) {
      ends.add(policy.dunning(history).ladderEndDaysAfterDue());
    }
    return ends;
  }

  /** The names of the settings read inside customer-state: those a shadow cannot change. */
  public static List<String> customerStateSettings() {
    return List.copyOf(CUSTOMER_STATE_SETTINGS.keySet());
  }

  /**
   * The customer-state settings in which {@code shadow} differs from {@code live}, by name; empty
   * when the shadow changes only what the shadow evaluation applies.
   */
  public static List<String> changedInCustomerState(Policy live, Policy shadow) {
    List<String> changed = new ArrayList<>();
    CUSTOMER_STATE_SETTINGS.forEach(
        (name, setting) -> {
          if (!Objects.equals(setting.apply(live), setting.apply(shadow))) {
            changed.add(name);
          }
        });
    return changed;
  }
}
