package io.carteira.operators.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.carteira.operators.policy.Policy;
import io.carteira.operators.policy.PolicyParser;
import io.carteira.operators.support.Policies;
import io.carteira.schemas.CustomerState;
import io.carteira.schemas.HealthBand;
import io.carteira.schemas.HealthContribution;
import io.carteira.schemas.Lifecycle;
import io.carteira.schemas.OpenInvoice;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The health score, rule by rule, at each threshold of the built-in policy: just below, at and just
 * above; named instants on a fixed clock. Contribution points are what a customer-success person
 * reads, so they are asserted exactly.
 */
class HealthScoreTest {

  private static final Policy POLICY = PolicyParser.builtIn();

  /** The customer started on Monday 2 March 2026, 09:00 in São Paulo. */
  private static final Instant STARTED = Instant.parse("2026-03-02T12:00:00Z");

  /** A fixed "now" ten days after the start: before any tenure or no-activity-since-start rule. */
  private static final Instant NOW = STARTED.plus(Duration.ofDays(10));

  @Test
  void aCustomerWithNothingAgainstItScoresOneHundredAndHealthy() {
    HealthScore.Result result = score(s -> {}, facts());
    assertThat(result.score()).isEqualTo(100);
    assertThat(result.band()).isEqualTo(HealthBand.HEALTHY);
    assertThat(result.contributions()).isEmpty();
  }

  @Test
  void daysPastDueCostTenPlusTwoADayCappedAtForty() {
    assertThat(points("days_past_due", s -> {}, facts().daysPastDue(0))).isNull();
    assertThat(points("days_past_due", s -> {}, facts().daysPastDue(1))).isEqualTo(-12);
    assertThat(points("days_past_due", s -> {}, facts().daysPastDue(14))).isEqualTo(-38);
    assertThat(points("days_past_due", s -> {}, facts().daysPastDue(15))).isEqualTo(-40);
    assertThat(points("days_past_due", s -> {}, facts().daysPastDue(16))).isEqualTo(-40);
    assertThat(detail("days_past_due", s -> {}, facts().daysPastDue(16)))
        .isEqualTo("16 days past due");
  }

  @Test
  void lateInvoicesCountFromTwoPaid() {
    assertThat(points("punctuality", s -> s.setInvoicesPaidLate(1), facts())).isNull();
    assertThat(
            points(
                "punctuality",
                s -> {
                  s.setInvoicesPaidLate(1);
                  s.setInvoicesPaidOnTime(1);
                },
                facts()))
        .isEqualTo(-10); // half late: 0.5 × 20
    assertThat(
            points(
                "punctuality",
                s -> {
                  s.setInvoicesPaidLate(0);
                  s.setInvoicesPaidOnTime(2);
                },
                facts()))
        .isNull();
    assertThat(
            points(
                "punctuality",
                s -> {
                  s.setInvoicesPaidLate(2);
                  s.setInvoicesPaidOnTime(1);
                },
                facts()))
        .isEqualTo(-13); // two thirds late: 13.3, rounded
    assertThat(
            detail(
                "punctuality",
                s -> {
                  s.setInvoicesPaidLate(2);
                  s.setInvoicesPaidOnTime(1);
                },
                facts()))
        .isEqualTo("2 of 3 invoices paid late");
  }

  @Test
  void failedAttemptsOnOpenInvoicesCostFiveEachCappedAtFifteen() {
    assertThat(points("failed_payments", s -> s.setOpenInvoices(invoices(0)), facts())).isNull();
    assertThat(points("failed_payments", s -> s.setOpenInvoices(invoices(1)), facts()))
        .isEqualTo(-5);
    assertThat(points("failed_payments", s -> s.setOpenInvoices(invoices(2, 1)), facts()))
        .isEqualTo(-15);
    assertThat(points("failed_payments", s -> s.setOpenInvoices(invoices(4)), facts()))
        .isEqualTo(-15);
  }

  @Test
  void daysWithoutActivityStepAfterSevenFourteenAndThirty() {
    assertThat(points("engagement", s -> {}, facts().idle(7))).isNull();
    assertThat(points("engagement", s -> {}, facts().idle(8))).isEqualTo(-5);
    assertThat(points("engagement", s -> {}, facts().idle(14))).isEqualTo(-5);
    assertThat(points("engagement", s -> {}, facts().idle(15))).isEqualTo(-15);
    assertThat(points("engagement", s -> {}, facts().idle(30))).isEqualTo(-15);
    assertThat(points("engagement", s -> {}, facts().idle(31))).isEqualTo(-25);
    assertThat(detail("engagement", s -> {}, facts().idle(31)))
        .isEqualTo("no activity for 31 days");
  }

  @Test
  void noActivityAtAllCostsTwentyFiveOnceFifteenWholeDaysHavePassedSinceTheStart() {
    Instant fifteenDays = STARTED.plus(Duration.ofDays(15));
    assertThat(points("engagement", s -> {}, facts().at(fifteenDays.minusMillis(1)))).isNull();
    assertThat(points("engagement", s -> {}, facts().at(fifteenDays))).isEqualTo(-25);
    assertThat(detail("engagement", s -> {}, facts().at(fifteenDays)))
        .isEqualTo("no activity since the start");
    assertThat(points("engagement", s -> s.setStartedAt(null), facts().at(fifteenDays)))
        .as("a prospect has not started")
        .isNull();
  }

  @Test
  void usageBelowHalfItsUsualCostsTenAndBelowAQuarterTwenty() {
    assertThat(points("engagement_trend", s -> {}, facts().trend(0.5))).isNull();
    assertThat(points("engagement_trend", s -> {}, facts().trend(0.49))).isEqualTo(-10);
    assertThat(points("engagement_trend", s -> {}, facts().trend(0.25))).isEqualTo(-10);
    assertThat(points("engagement_trend", s -> {}, facts().trend(0.24))).isEqualTo(-20);
    assertThat(detail("engagement_trend", s -> {}, facts().trend(0.24)))
        .isEqualTo("usage at 24% of its usual");
  }

  @Test
  void openTicketsCostFiveEachCappedAtFifteen() {
    assertThat(points("support_load", s -> s.setOpenTickets(0), facts())).isNull();
    assertThat(points("support_load", s -> s.setOpenTickets(1), facts())).isEqualTo(-5);
    assertThat(points("support_load", s -> s.setOpenTickets(3), facts())).isEqualTo(-15);
    assertThat(points("support_load", s -> s.setOpenTickets(4), facts())).isEqualTo(-15);
  }

  @Test
  void aDetractorCostsFifteenAndAPassiveFive() {
    assertThat(points("survey_score", s -> s.setLastSurveyScore(6), facts())).isEqualTo(-15);
    assertThat(points("survey_score", s -> s.setLastSurveyScore(7), facts())).isEqualTo(-5);
    assertThat(points("survey_score", s -> s.setLastSurveyScore(8), facts())).isEqualTo(-5);
    assertThat(points("survey_score", s -> s.setLastSurveyScore(9), facts())).isNull();
    assertThat(detail("survey_score", s -> s.setLastSurveyScore(6), facts()))
        .isEqualTo("detractor (NPS 6)");
  }

  @Test
  void usingUnderAQuarterOfThePlanCostsFive() {
    assertThat(points("plan_utilisation", s -> {}, facts().utilisation(0.25))).isNull();
    assertThat(
            points(
                "plan_utilisation",
                s -> {
                  s.setSeatsInUse(2L);
                  s.setPlanLimit(10L);
                },
                facts().utilisation(0.2)))
        .isEqualTo(-5);
    assertThat(
            detail(
                "plan_utilisation",
                s -> {
                  s.setSeatsInUse(2L);
                  s.setPlanLimit(10L);
                },
                facts().utilisation(0.2)))
        .isEqualTo("2 of 10 seats in use");
  }

  @Test
  void aCancellationRequestCostsThirty() {
    assertThat(points("cancellation_requested", s -> s.setCancellationRequested(true), facts()))
        .isEqualTo(-30);
  }

  @Test
  void aFullYearOfTenureAddsFiveButTheScoreStopsAtOneHundred() {
    Instant aYear = STARTED.plus(Duration.ofDays(365));
    assertThat(points("tenure", s -> {}, facts().at(aYear.minusMillis(1)).idle(0))).isNull();
    assertThat(points("tenure", s -> {}, facts().at(aYear).idle(0))).isEqualTo(5);
    assertThat(score(s -> {}, facts().at(aYear).idle(0)).score()).isEqualTo(100);
    assertThat(score(s -> s.setOpenTickets(1), facts().at(aYear).idle(0)).score()).isEqualTo(100);
    assertThat(score(s -> s.setOpenTickets(2), facts().at(aYear).idle(0)).score()).isEqualTo(95);
  }

  @Test
  void aChurnedCustomerScoresZeroWithOneReason() {
    HealthScore.Result result =
        score(s -> s.setOpenTickets(3), facts().lifecycle(Lifecycle.CHURNED).daysPastDue(20));
    assertThat(result.score()).isZero();
    assertThat(result.band()).isEqualTo(HealthBand.CRITICAL);
    assertThat(result.contributions())
        .extracting(HealthContribution::getName, HealthContribution::getPoints)
        .containsExactly(tuple("churned", -100));
  }

  @Test
  void penaltiesAddUpAndTheScoreNeverFallsBelowZero() {
    HealthScore.Result some =
        score(
            s -> {
              s.setOpenTickets(1);
              s.setLastSurveyScore(7);
            },
            facts().daysPastDue(2).idle(8));
    // 100 − 14 (days past due) − 5 (idle) − 5 (tickets) − 5 (passive)
    assertThat(some.score()).isEqualTo(71);
    assertThat(some.band()).isEqualTo(HealthBand.ATTENTION);
    assertThat(some.contributions())
        .extracting(HealthContribution::getName)
        .containsExactly("days_past_due", "engagement", "support_load", "survey_score");

    HealthScore.Result all =
        score(
            s -> {
              s.setOpenTickets(5);
              s.setLastSurveyScore(1);
              s.setCancellationRequested(true);
              s.setOpenInvoices(invoices(3));
            },
            facts().daysPastDue(40).idle(60).trend(0.1));
    // 40 + 15 + 25 + 20 + 15 + 15 + 30 = 160 points of penalties
    assertThat(all.score()).isZero();
    assertThat(all.band()).isEqualTo(HealthBand.CRITICAL);
  }

  @Test
  void theBandsCutAtSeventyFiveFiftyAndTwentyFive() {
    Policy.Bands bands = POLICY.bands();
    assertThat(HealthScore.band(100, bands)).isEqualTo(HealthBand.HEALTHY);
    assertThat(HealthScore.band(75, bands)).isEqualTo(HealthBand.HEALTHY);
    assertThat(HealthScore.band(74, bands)).isEqualTo(HealthBand.ATTENTION);
    assertThat(HealthScore.band(50, bands)).isEqualTo(HealthBand.ATTENTION);
    assertThat(HealthScore.band(49, bands)).isEqualTo(HealthBand.AT_RISK);
    assertThat(HealthScore.band(25, bands)).isEqualTo(HealthBand.AT_RISK);
    assertThat(HealthScore.band(24, bands)).isEqualTo(HealthBand.CRITICAL);
    assertThat(HealthScore.band(0, bands)).isEqualTo(HealthBand.CRITICAL);
  }

  @Test
  void aPolicyWeightScalesAContributionAndZeroSwitchesItOff() {
    Policy halved =
        PolicyParser.parse(
                Policies.document(
                    "default",
                    2,
                    "{\"health\": {\"weights\": {\"days_past_due\": 0.5, \"support_load\": 0},"
                        + " \"bands\": {\"healthy\": 90, \"attention\": 60, \"at_risk\": 30}}}"))
            .policy();
    CustomerState state = state(s -> s.setOpenTickets(2));
    HealthScore.Result result = HealthScore.score(state, facts().daysPastDue(6).build(), halved);
    assertThat(result.contributions())
        .extracting(HealthContribution::getName, HealthContribution::getPoints)
        .containsExactly(tuple("days_past_due", -11)); // (10 + 2 × 6) × 0.5
    assertThat(result.score()).isEqualTo(89);
    assertThat(result.band())
        .as("under the policy's own cut-off of 90")
        .isEqualTo(HealthBand.ATTENTION);
  }

  // ---- support

  private static HealthScore.Result score(Consumer<CustomerState> fill, FactsBuilder facts) {
    return HealthScore.score(state(fill), facts.build(), POLICY);
  }

  /** The points of one contribution; null when it is absent. */
  private static Integer points(String name, Consumer<CustomerState> fill, FactsBuilder facts) {
    return score(fill, facts).contributions().stream()
        .filter(c -> c.getName().equals(name))
        .map(HealthContribution::getPoints)
        .findFirst()
        .orElse(null);
  }

  private static String detail(String name, Consumer<CustomerState> fill, FactsBuilder facts) {
    return score(fill, facts).contributions().stream()
        .filter(c -> c.getName().equals(name))
        .map(HealthContribution::getDetail)
        .findFirst()
        .orElseThrow();
  }

  private static CustomerState state(Consumer<CustomerState> fill) {
    CustomerState state =
        CustomerState.newBuilder()
            .setCustomerId("cus-1")
            .setFirstEventTime(STARTED)
            .setLastEventTime(STARTED)
            .setStartedAt(STARTED)
            .setSubscribed(true)
            .setMrrMinor(9_900)
            .build();
    fill.accept(state);
    return state;
  }

  /** Open invoices with these numbers of failed attempts. */
  private static List<OpenInvoice> invoices(int... failedAttempts) {
    List<OpenInvoice> out = new ArrayList<>();
    for (int i = 0; i < failedAttempts.length; i++) {
      out.add(
          OpenInvoice.newBuilder()
              .setInvoiceId("inv-" + i)
              .setAmountMinor(9_900)
              .setDueDate(LocalDate.of(2026, 3, 20))
              .setIssuedAt(STARTED)
              .setFailedAttempts(failedAttempts[i])
              .build());
    }
    return out;
  }

  private static FactsBuilder facts() {
    return new FactsBuilder();
  }

  /** {@link HealthScore.Facts} of an active customer seen yesterday, at {@link #NOW}. */
  private static final class FactsBuilder {
    private Lifecycle lifecycle = Lifecycle.ACTIVE;
    private int daysPastDue;
    private Integer idle = 1;
    private Double trend;
    private Double utilisation;
    private Instant asOf = NOW;

    FactsBuilder lifecycle(Lifecycle value) {
      lifecycle = value;
      return this;
    }

    FactsBuilder daysPastDue(int value) {
      daysPastDue = value;
      return this;
    }

    FactsBuilder idle(Integer days) {
      idle = days;
      return this;
    }

    FactsBuilder trend(double value) {
      trend = value;
      return this;
    }

    FactsBuilder utilisation(double value) {
      utilisation = value;
      return this;
    }

    /** At this instant, with no activity ever. */
    FactsBuilder at(Instant instant) {
      asOf = instant;
      idle = null;
      return this;
    }

    HealthScore.Facts build() {
      return new HealthScore.Facts(lifecycle, daysPastDue, idle, trend, utilisation, asOf);
    }
  }
}
