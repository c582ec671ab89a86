package io.carteira.operators.policy;

import static io.carteira.operators.support.Policies.document;
import static org.assertj.core.api.Assertions.assertThat;

import io.carteira.operators.policy.Policy.EscalationTarget;
import io.carteira.operators.policy.Policy.Step;
import io.carteira.operators.policy.Policy.StepType;
import io.carteira.schemas.ChurnType;
import io.carteira.schemas.PaymentBehaviour;
import org.junit.jupiter.api.Test;

/** What a policy document may say, and every way it can be refused. */
class PolicyParserTest {

  @Test
  void aPartialDocumentIsLaidOverTheDefaults() {
    PolicyParser.Result result =
        PolicyParser.parse(
            document(
                "key_account",
                4,
                "{\"grace_period_days\": 7, \"health\": {\"weights\": {\"survey_score\": 2},"
                    + " \"bands\": {\"healthy\": 80}}}"));
    assertThat(result.errors()).isEmpty();
    Policy policy = result.policy();
    assertThat(policy.segment()).isEqualTo("key_account");
    assertThat(policy.version()).isEqualTo(4);
    assertThat(policy.gracePeriodDays()).isEqualTo(7);
    assertThat(policy.renewalWindowDays()).isEqualTo(PolicyParser.builtIn().renewalWindowDays());
    assertThat(policy.weight("survey_score")).isEqualTo(2.0);
    assertThat(policy.weight("tenure")).isEqualTo(1.0);
    assertThat(policy.bands()).isEqualTo(new Policy.Bands(80, 50, 25));
  }

  @Test
  void everyErrorIsReportedAtOnce() {
    PolicyParser.Result result =
        PolicyParser.parse(
            document(
                "vip",
                0,
                "{\"grace_days\": 3, \"health\": {\"weights\": {\"survey_score\": 9, \"mood\": 1},"
                    + " \"bands\": {\"healthy\": 40}}, \"dunning\": {\"reminder_days_after_due\":"
                    + " [1, 5, 5]}}"));
    assertThat(result.accepted()).isFalse();
    assertThat(result.errors())
        .containsExactlyInAnyOrder(
            "unknown segment 'vip' (one of default, key_account, mid_market, long_tail)",
            "version must be 1 or more, got 0",
            "unknown setting 'grace_days'",
            "unknown health weight 'mood' (one of days_past_due, punctuality, failed_payments,"
                + " engagement, engagement_trend, support_load, survey_score, plan_utilisation,"
                + " tenure, cancellation_requested)",
            "health.weights.survey_score must be a number from 0 to 5, got 9",
            "health.bands must decrease: healthy (40) > attention (50) > at_risk (25)",
            "dunning.reminder_days_after_due must increase, got [1,5,5]");
  }

  @Test
  void boundariesOfAWeight() {
    assertThat(
            PolicyParser.parse(
                    document("default", 1, "{\"health\": {\"weights\": {\"tenure\": 0}}}"))
                .accepted())
        .isTrue();
    assertThat(
            PolicyParser.parse(
                    document("default", 1, "{\"health\": {\"weights\": {\"tenure\": 5}}}"))
                .accepted())
        .isTrue();
    assertThat(
            PolicyParser.parse(
                    document("default", 1, "{\"health\": {\"weights\": {\"tenure\": 5.01}}}"))
                .accepted())
        .isFalse();
    assertThat(
            PolicyParser.parse(
                    document("default", 1, "{\"health\": {\"weights\": {\"tenure\": -0.01}}}"))
                .accepted())
        .isFalse();
  }

  @Test
  void openFromByChurnType_oneNumberSetsBoth() {
    Policy builtIn = PolicyParser.builtIn();
    assertThat(builtIn.risk().openFrom(ChurnType.VOLUNTARY)).isEqualTo(50);
    assertThat(builtIn.risk().openFrom(ChurnType.INVOLUNTARY)).isEqualTo(70);
    Policy both =
        PolicyParser.parse(document("default", 1, "{\"risk\": {\"open_from\": 0}}")).policy();
    assertThat(both.risk().openFrom(ChurnType.VOLUNTARY)).isZero();
    assertThat(both.risk().openFrom(ChurnType.INVOLUNTARY)).isZero();
    Policy one =
        PolicyParser.parse(
                document("key_account", 1, "{\"risk\": {\"open_from\": {\"involuntary\": 60}}}"))
            .policy();
    assertThat(one.risk().openFrom(ChurnType.VOLUNTARY)).as("the built-in's").isEqualTo(50);
    assertThat(one.risk().openFrom(ChurnType.INVOLUNTARY)).isEqualTo(60);
    assertThat(
            PolicyParser.parse(
                    document(
                        "default",
                        1,
                        "{\"risk\": {\"open_from\": {\"involuntary\": 101, \"churn\": 5}}}"))
                .errors())
        .containsExactlyInAnyOrder(
            "risk.open_from.involuntary must be a whole number from 0 to 100, got 101",
            "unknown setting 'risk.open_from.churn'");
    assertThat(
            PolicyParser.parse(document("default", 1, "{\"risk\": {\"open_from\": -1}}")).errors())
        .containsExactlyInAnyOrder(
            "risk.open_from.voluntary must be a whole number from 0 to 100, got -1",
            "risk.open_from.involuntary must be a whole number from 0 to 100, got -1");
  }

  @Test
  void malformedBodies() {
    assertThat(PolicyParser.parse(document("default", 1, "{grace: 3")).errors())
        .singleElement()
        .asString()
        .startsWith("body is not JSON");
    assertThat(PolicyParser.parse(document("default", 1, "[1, 2]")).errors())
        .containsExactly("body must be a JSON object");
    assertThat(PolicyParser.parse(document("default", 1, "{\"health\": 3}")).errors())
        .contains("'health' must be an object");
    assertThat(
            PolicyParser.parse(document("default", 1, "{\"grace_period_days\": \"three\"}"))
                .errors())
        .containsExactly("grace_period_days must be a whole number from 0 to 90, got \"three\"");
  }

  @Test
  void aDunningLadderPerPaymentHistoryIsLaidOverTheSegmentsLadder() {
    PolicyParser.Result result =
        PolicyParser.parse(
            document(
                "key_account",
                2,
                "{\"grace_period_days\": 7, \"dunning\": {\"reminder_days_after_due\": [8, 12],"
                    + " \"escalate_to\": \"ACCOUNT_OWNER\", \"by_payment_history\":"
                    + " {\"CHRONICALLY_LATE\": {\"reminder_days_after_due\": [8],"
                    + " \"ladder_end_days_after_due\": 28}}}}"));
    assertThat(result.errors()).isEmpty();
    Policy policy = result.policy();
    assertThat(policy.dunning(PaymentBehaviour.PUNCTUAL).daysOf(StepType.OVERDUE_REMINDER))
        .containsExactly(8, 12); // no override: the segment's ladder
    assertThat(policy.dunning(PaymentBehaviour.CHRONICALLY_LATE).daysOf(StepType.OVERDUE_REMINDER))
        .containsExactly(8);
    assertThat(policy.dunning(PaymentBehaviour.CHRONICALLY_LATE).escalateTo())
        .isEqualTo(EscalationTarget.ACCOUNT_OWNER);
    assertThat(policy.dunning(PaymentBehaviour.CHRONICALLY_LATE).ladderEndDaysAfterDue())
        .isEqualTo(28);
    assertThat(policy.dunning(PaymentBehaviour.PUNCTUAL).ladderEndDaysAfterDue()).isEqualTo(30);
  }

  @Test
  void aDunningLadderThatNagsInTheGracePeriodOrOutOfOrderIsRefused() {
    PolicyParser.Result result =
        PolicyParser.parse(
            document(
                "default",
                2,
                "{\"grace_period_days\": 5, \"dunning\": {\"reminder_days_after_due\": [2, 6],"
                    + " \"escalation_days_after_due\": 30, \"escalate_to\": \"the boss\","
                    + " \"by_payment_history\": {\"DELINQUENT\": {}, \"PUNCTUAL\": {\"retry_days\":"
                    + " [1]}}}, \"messages\": {\"quiet_hours\": {\"start\": \"9pm\"}, \"channels\":"
                    + " {\"ESCALATION\": \"PIGEON\", \"HELLO\": \"SMS\"}}, \"journeys\":"
                    + " {\"renewal_nudge_days_before_end\": [7, 30]}}"));
    assertThat(result.errors())
        .contains(
            "dunning.steps must come in order: last reminder (day 6) < escalation_days_after_due"
                + " (30) < suspension_warning_days_after_due (25) < ladder_end_days_after_due (30)",
            "dunning.escalate_to must be one of ACCOUNT_OWNER, COLLECTIONS, got \"the boss\"",
            "unknown payment history 'DELINQUENT' in dunning.by_payment_history (one of PUNCTUAL,"
                + " OCCASIONALLY_LATE, CHRONICALLY_LATE, UNKNOWN)",
            "unknown setting 'dunning.by_payment_history.PUNCTUAL.retry_days'",
            "messages.quiet_hours.start must be a time of day like \"21:00\", got \"9pm\"",
            "messages.channels.ESCALATION must be one of EMAIL, SMS, WHATSAPP, PUSH, PHONE, got"
                + " \"PIGEON\"",
            "unknown action type 'HELLO' in messages.channels (one of PRE_DUE_REMINDER,"
                + " PAYMENT_FAILED_NOTICE, RETRY_SCHEDULED, OVERDUE_REMINDER, ESCALATION,"
                + " SUSPENSION_WARNING, RENEWAL_NUDGE, WIN_BACK, LOYALTY_REWARD)",
            "journeys.renewal_nudge_days_before_end must decrease, got [7,30]");
  }

  @Test
  void theShorthandIsReadAsTheOrderedListOfItsSteps() {
    Policy.Dunning ladder = PolicyParser.builtIn().dunning(PaymentBehaviour.UNKNOWN);
    assertThat(ladder.steps())
        .containsExactly(
            new Step(4, StepType.OVERDUE_REMINDER),
            new Step(8, StepType.OVERDUE_REMINDER),
            new Step(12, StepType.OVERDUE_REMINDER),
            new Step(15, StepType.ESCALATION),
            new Step(25, StepType.SUSPENSION_WARNING),
            new Step(30, StepType.LADDER_END));
    assertThat(ladder.escalateTo()).isEqualTo(EscalationTarget.COLLECTIONS);
    assertThat(PolicyParser.builtIn().dunning(PaymentBehaviour.CHRONICALLY_LATE).steps())
        .extracting(Step::daysAfterDue)
        .containsExactly(4, 7, 10, 12, 20, 25);
  }

  @Test
  void aLadderMayListItsSteps() {
    PolicyParser.Result result =
        PolicyParser.parse(
            document(
                "default",
                3,
                "{\"dunning\": {\"steps\": [{\"days_after_due\": 5, \"type\":"
                    + " \"OVERDUE_REMINDER\"}, {\"days_after_due\": 10, \"type\": \"ESCALATION\"},"
                    + " {\"days_after_due\": 12, \"type\": \"OVERDUE_REMINDER\"},"
                    + " {\"days_after_due\": 20, \"type\": \"LADDER_END\"}],"
                    + " \"by_payment_history\": {\"PUNCTUAL\": {\"ladder_end_days_after_due\":"
                    + " 40}}}}"));
    assertThat(result.errors()).isEmpty();
    Policy policy = result.policy();
    assertThat(policy.dunning(PaymentBehaviour.UNKNOWN).steps())
        .containsExactly(
            new Step(5, StepType.OVERDUE_REMINDER),
            new Step(10, StepType.ESCALATION),
            new Step(12, StepType.OVERDUE_REMINDER),
            new Step(20, StepType.LADDER_END));
    // an override in shorthand is laid over the shorthand of the defaults
    assertThat(policy.dunning(PaymentBehaviour.PUNCTUAL).steps())
        .extracting(Step::daysAfterDue)
        .containsExactly(4, 8, 12, 15, 25, 40);
  }

  @Test
  void everyErrorOfAListedLadderIsReported() {
    PolicyParser.Result result =
        PolicyParser.parse(
            document(
                "default",
                3,
                "{\"dunning\": {\"escalate_to\": \"MANAGER\", \"escalation_days_after_due\": 9,"
                    + " \"steps\": [{\"days_after_due\": 8, \"type\": \"OVERDUE_REMINDER\"},"
                    + " {\"days_after_due\": 8, \"type\": \"CALL\"}, {\"days_after_due\": 6,"
                    + " \"type\": \"ESCALATION\", \"to\": \"x\"}]}}"));
    assertThat(result.errors())
        .contains( // (the ladders by payment history inherit escalate_to, and say so too)
            "dunning.steps and escalation_days_after_due both name the ladder's steps: use one"
                + " form",
            "dunning.steps[1].type must be one of OVERDUE_REMINDER, ESCALATION,"
                + " SUSPENSION_WARNING, LADDER_END, got \"CALL\"",
            "unknown setting 'dunning.steps[2].to'",
            "dunning.steps must come in increasing days after due, got [8, 6]",
            "dunning.steps must end with one LADDER_END step, and only the last one",
            "dunning.escalate_to must be one of ACCOUNT_OWNER, COLLECTIONS, got \"MANAGER\"");
  }
}
