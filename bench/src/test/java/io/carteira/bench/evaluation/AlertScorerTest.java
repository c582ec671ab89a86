package io.carteira.bench.evaluation;

import static io.carteira.bench.evaluation.AlertChange.Status.OPEN;
import static io.carteira.bench.evaluation.AlertChange.Status.RESOLVED;
import static io.carteira.bench.evaluation.ChurnKind.INVOLUNTARY;
import static io.carteira.bench.evaluation.ChurnKind.VOLUNTARY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertScorerTest {

  private static final Instant DAY_0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Instant DAY_240 = day(240);
  private static final Duration HORIZON = Duration.ofDays(60);

  private static Instant day(int d) {
    return DAY_0.plus(Duration.ofDays(d));
  }

  private static AlertChange open(
      String id, String customer, String pattern, ChurnKind kind, int d) {
    return new AlertChange(id, customer, pattern, kind, OPEN, 70, day(d));
  }

  private static AlertChange resolved(String id, String customer, String pattern, int d) {
    return new AlertChange(id, customer, pattern, VOLUNTARY, RESOLVED, 70, day(d));
  }

  /**
   * Ten customers: four voluntary churners (v1..v4), two involuntary (i1, i2), four that stay
   * (s1..s4).
   */
  private static List<ChurnLabel> portfolio() {
    List<ChurnLabel> labels = new ArrayList<>();
    labels.add(new ChurnLabel("v1", day(100), VOLUNTARY));
    labels.add(new ChurnLabel("v2", day(120), VOLUNTARY));
    labels.add(new ChurnLabel("v3", day(150), VOLUNTARY));
    labels.add(new ChurnLabel("v4", day(200), VOLUNTARY));
    labels.add(new ChurnLabel("i1", day(90), INVOLUNTARY));
    labels.add(new ChurnLabel("i2", day(130), INVOLUNTARY));
    for (String s : List.of("s1", "s2", "s3", "s4")) {
      labels.add(ChurnLabel.stayed(s));
    }
    return labels;
  }

  private static List<AlertChange> alerts() {
    return List.of(
        // v1 warned 30 days ahead, v2 10 days ahead: recalled
        open("a1", "v1", "USAGE_COLLAPSE", VOLUNTARY, 70),
        open("a2", "v2", "CANCELLATION_REQUESTED", VOLUNTARY, 110),
        // v3 warned only after it left: not recalled, and a wrong alert
        open("a3", "v3", "USAGE_COLLAPSE", VOLUNTARY, 155),
        // v4 warned of the wrong kind: not recalled for voluntary churn
        open("a4", "v4", "FAILED_PAYMENT_STREAK", INVOLUNTARY, 190),
        // i1 warned 20 days ahead
        open("a5", "i1", "FAILED_PAYMENT_STREAK", INVOLUNTARY, 70),
        // two steady customers alerted and never churning, one resolved after 10 days
        open("a6", "s1", "USAGE_COLLAPSE", VOLUNTARY, 50),
        resolved("a6", "s1", "USAGE_COLLAPSE", 60),
        open("a7", "s2", "USAGE_COLLAPSE", VOLUNTARY, 100),
        // s3 alerted too recently for its 60 days to have passed: not judged
        open("a8", "s3", "USAGE_COLLAPSE", VOLUNTARY, 220));
  }

  private static AlertScorer scorer() {
    return new AlertScorer(portfolio(), HORIZON, DAY_0, DAY_240);
  }

  @Test
  void voluntaryChurnScoredOnItsOwnChurnersAndAlerts() {
    AlertScorer.Score score = scorer().of(VOLUNTARY, alerts());
    assertThat(score.churners()).isEqualTo(4);
    assertThat(score.recalled()).as("v1 and v2").isEqualTo(2);
    assertThat(score.recall()).isEqualTo(0.5);
    // judged: v1 right, v2 right, v3 wrong (after it left), s1 and s2 wrong; s3 not yet known
    assertThat(score.alertedCustomers()).isEqualTo(5);
    assertThat(score.alertedWhoChurned()).isEqualTo(2);
    assertThat(score.precision()).isEqualTo(0.4);
    assertThat(score.f1()).isCloseTo(2 * 0.5 * 0.4 / 0.9, within(1e-9));
    // leads 30 and 10 days: the median of two is the lower one, the 25th percentile too
    assertThat(score.medianLeadDays()).isEqualTo(10.0);
    assertThat(score.p25LeadDays()).isEqualTo(10.0);
  }

  @Test
  void involuntaryChurnCountsOnlyAlertsOfItsKind() {
    AlertScorer.Score score = scorer().of(INVOLUNTARY, alerts());
    assertThat(score.churners()).isEqualTo(2);
    assertThat(score.recalled()).as("i1; i2 had no alert").isEqualTo(1);
    // alerted for involuntary churn: v4 (left voluntarily: wrong), i1 (right)
    assertThat(score.alertedCustomers()).isEqualTo(2);
    assertThat(score.alertedWhoChurned()).isEqualTo(1);
    assertThat(score.precision()).isEqualTo(0.5);
    assertThat(score.medianLeadDays()).isEqualTo(20.0);
  }

  @Test
  void allChurnJudgesEachChurnerByItsOwnKindAndEachAlertByAnyChurn() {
    AlertScorer.Score score = scorer().all(alerts());
    assertThat(score.churners()).isEqualTo(6);
    assertThat(score.recalled()).as("v1, v2, i1").isEqualTo(3);
    // v4's involuntary alert is right for all churn: it left 10 days later
    assertThat(score.alertedWhoChurned()).as("v1, v2, v4, i1").isEqualTo(4);
    assertThat(score.alertedCustomers()).as("v1, v2, v3, v4, i1, s1, s2").isEqualTo(7);
    assertThat(score.precision()).isCloseTo(4 / 7.0, within(1e-9));
  }

  @Test
  void aPatternIsJudgedOnTheCustomersItAlerted() {
    AlertScorer.Score score = scorer().ofPattern("USAGE_COLLAPSE", alerts());
    // v1 right; v3, s1, s2 wrong; s3 not yet known
    assertThat(score.alertedCustomers()).isEqualTo(4);
    assertThat(score.alertedWhoChurned()).isEqualTo(1);
    assertThat(score.precision()).isEqualTo(0.25);
  }

  @Test
  void theBudgetCountsAlertsOpenAtOnceAndOpenedPerMonth() {
    AlertScorer.Budget budget = scorer().budget(alerts());
    // eight alerts opened over 240 days among 10 customers: 8 / 10 * 100 / 8 months
    assertThat(budget.newPer100Per30Days()).isCloseTo(10.0, within(1e-9));
    // open at once, at most: from day 220, all but a6 (resolved on day 60) are open
    assertThat(budget.maxOpenPer100()).isEqualTo(70.0);
    // open-days: a1 170, a2 130, a3 85, a4 50, a5 170, a6 10, a7 140, a8 20 = 775 over 240 days
    assertThat(budget.meanOpenPer100()).isCloseTo(100 * 775 / 240.0 / 10, within(1e-9));
  }

  @Test
  void noAlertsScoreNothingRatherThanFailing() {
    AlertScorer.Score score = scorer().all(List.of());
    assertThat(score.recall()).isZero();
    assertThat(score.precision()).isZero();
    assertThat(score.f1()).isZero();
    assertThat(score.medianLeadDays()).isNaN();
    assertThat(scorer().budget(List.of()).maxOpenPer100()).isZero();
  }

  @Test
  void aChurnerOfUnknownKindCountsForAllChurnAndIsLeftOutOfEachKind() {
    List<ChurnLabel> labels = new ArrayList<>(portfolio());
    labels.add(new ChurnLabel("u1", day(100), null)); // the data set does not say why it left
    labels.add(new ChurnLabel("u2", day(110), null)); // never alerted
    AlertScorer scorer = new AlertScorer(labels, HORIZON, DAY_0, DAY_240);
    List<AlertChange> alerts = new ArrayList<>(alerts());
    alerts.add(open("a9", "u1", "FAILED_PAYMENT_STREAK", INVOLUNTARY, 80));

    AlertScorer.Score all = scorer.all(alerts);
    assertThat(all.churners()).isEqualTo(8); // v1..v4, i1, i2, u1, u2
    assertThat(all.recalled()).isEqualTo(4); // v1, v2, i1 and u1, by an alert of any kind
    assertThat(all.alertedCustomers()).isEqualTo(8); // the seven above and u1
    assertThat(all.alertedWhoChurned()).isEqualTo(5); // v1, v2, v4, i1, u1
    assertThat(all.medianLeadDays()).isEqualTo(20.0); // leads 30, 10, 20 and u1's 20

    AlertScorer.Score voluntary = scorer.of(VOLUNTARY, alerts);
    assertThat(voluntary.churners()).isEqualTo(4);
    assertThat(voluntary.recalled()).isEqualTo(2);
    AlertScorer.Score involuntary = scorer.of(INVOLUNTARY, alerts);
    assertThat(involuntary.churners()).isEqualTo(2); // i1, i2: not u1 nor u2
    assertThat(involuntary.recalled()).isEqualTo(1);
    // u1's involuntary alert is neither right nor wrong for involuntary churn: not judged
    assertThat(involuntary.alertedCustomers()).isEqualTo(2); // i1 right, v4 wrong
    assertThat(involuntary.precision()).isCloseTo(0.5, within(1e-9));
  }

  @Test
  void alertsOnACustomerWithoutALabelCountNowhere() {
    List<AlertChange> alerts = new ArrayList<>(alerts());
    // x1 is in the data but its labels contradict each other: the data set gives it no outcome
    alerts.add(open("a10", "x1", "SILENCE", VOLUNTARY, 10));
    alerts.add(open("a11", "x1", "USAGE_COLLAPSE", VOLUNTARY, 20));

    assertThat(scorer().all(alerts)).isEqualTo(scorer().all(alerts()));
    assertThat(scorer().of(VOLUNTARY, alerts)).isEqualTo(scorer().of(VOLUNTARY, alerts()));
    assertThat(scorer().ofPattern("SILENCE", alerts).alertedCustomers()).isZero();
    assertThat(scorer().budget(alerts)).isEqualTo(scorer().budget(alerts()));
  }

  @Test
  void anAlertOfNoKindIsRightForOneKindOnlyOnAChurnerOfThatKind() {
    // a baseline's alerts say no kind: v1 (voluntary) and i1 (involuntary) churn within 60 days
    List<AlertChange> baseline =
        List.of(
            new AlertChange("b1", "v1", "NAIVE", null, OPEN, 0, day(70)),
            new AlertChange("b2", "i1", "NAIVE", null, OPEN, 0, day(70)));

    AlertScorer.Score involuntary = scorer().of(INVOLUNTARY, baseline);
    assertThat(involuntary.alertedCustomers()).isEqualTo(2);
    assertThat(involuntary.alertedWhoChurned()).as("i1 only: v1 left voluntarily").isEqualTo(1);
    AlertScorer.Score voluntary = scorer().of(VOLUNTARY, baseline);
    assertThat(voluntary.alertedWhoChurned()).as("v1 only").isEqualTo(1);
    assertThat(scorer().all(baseline).alertedWhoChurned()).isEqualTo(2);
  }
}
