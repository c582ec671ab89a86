package io.carteira.operators.policy;

import static io.carteira.operators.support.Policies.document;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ShadowScopeTest {

  private static Policy parse(String body) {
    PolicyParser.Result result = PolicyParser.parse(document("default", 1, body));
    assertThat(result.errors()).isEmpty();
    return result.policy();
  }

  @Test
  void whatTheShadowOperatorsApplyMayChange() {
    Policy live = parse("{}");
    Policy shadow =
        parse(
            "{\"risk\": {\"failed_payment_streak\": 2, \"ticket_run\": 4, \"downgrade_spiral\": 3,"
                + " \"open_from\": 50, \"weights\": {\"SILENCE\": 10}, \"health_weight\": 0.2,"
                + " \"cooldown_hours\": {\"voluntary\": 24}, \"escalate_after_days\": 3},"
                + " \"dunning\": {\"pre_due_days\": 5, \"reminder_days_after_due\": [2, 6],"
                + " \"escalate_to\": \"ACCOUNT_OWNER\"},"
                + " \"messages\": {\"quiet_hours\": {\"start\": \"22:00\", \"end\": \"07:00\"}},"
                + " \"journeys\": {\"win_back_after_days\": 60},"
                + " \"playbook\": {\"SILENCE\": \"Call them.\"}}");
    assertThat(ShadowScope.changedInCustomerState(live, shadow)).isEmpty();
  }

  @Test
  void whatCustomerStateEvaluatesMayNot() {
    Policy live = parse("{}");
    Policy shadow =
        parse(
            "{\"grace_period_days\": 9, \"health\": {\"bands\": {\"healthy\": 80}},"
                + " \"engagement\": {\"dormant_after_days\": 20},"
                + " \"risk\": {\"usage_collapse_trend\": 0.2, \"punctual_late_days\": 7,"
                + " \"failed_payment_window_days\": 20},"
                + " \"dunning\": {\"ladder_end_days_after_due\": 45}}");
    assertThat(ShadowScope.changedInCustomerState(live, shadow))
        .containsExactly(
            "grace_period_days",
            "health.bands",
            "engagement",
            "risk.failed_payment_window_days",
            "risk.usage_collapse_trend",
            "risk.punctual_late_days",
            "the day the dunning ladder ends (LADDER_END)");
  }
}
