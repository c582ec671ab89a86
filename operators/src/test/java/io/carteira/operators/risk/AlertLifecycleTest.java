package io.carteira.operators.risk;

import static org.assertj.core.api.Assertions.assertThat;

import io.carteira.operators.policy.Policy;
import io.carteira.operators.policy.PolicyParser;
import io.carteira.schemas.AlertBook;
import io.carteira.schemas.AlertStatus;
import io.carteira.schemas.ChurnType;
import io.carteira.schemas.Detection;
import io.carteira.schemas.EvidenceEvent;
import io.carteira.schemas.HealthBand;
import io.carteira.schemas.RiskAlert;
import io.carteira.schemas.RiskContext;
import io.carteira.schemas.RiskSignal;
import io.carteira.schemas.SegmentSnapshot;
import io.carteira.schemas.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The alert lifecycle as plain Java, at each threshold of the default policy: just below, at, just
 * above. Severity from 35 (medium), 60 (high), 80 (critical); escalation on a rise of 15 or after 7
 * days; a cool-down of 72 hours for voluntary churn; sequence episodes expire after 45 days.
 */
class AlertLifecycleTest {

  /** The built-in policy, every precursor opening: these tests are about what an alert does. */
  private static final Policy POLICY = io.carteira.operators.support.Policies.everyPrecursorOpens();

  private static final Instant T0 = Instant.parse("2026-03-02T12:00:00Z");
  private static final Duration MS = Duration.ofMillis(1);

  private final AlertLifecycle lifecycle = new AlertLifecycle("en");

  @Test
  void severityStepsAtEachThreshold() {
    assertThat(AlertLifecycle.severity(34, POLICY)).isEqualTo(Severity.LOW);
    assertThat(AlertLifecycle.severity(35, POLICY)).isEqualTo(Severity.MEDIUM);
    assertThat(AlertLifecycle.severity(36, POLICY)).isEqualTo(Severity.MEDIUM);
    assertThat(AlertLifecycle.severity(59, POLICY)).isEqualTo(Severity.MEDIUM);
    assertThat(AlertLifecycle.severity(60, POLICY)).isEqualTo(Severity.HIGH);
    assertThat(AlertLifecycle.severity(61, POLICY)).isEqualTo(Severity.HIGH);
    assertThat(AlertLifecycle.severity(79, POLICY)).isEqualTo(Severity.HIGH);
    assertThat(AlertLifecycle.severity(80, POLICY)).isEqualTo(Severity.CRITICAL);
    assertThat(AlertLifecycle.severity(81, POLICY)).isEqualTo(Severity.CRITICAL);
  }

  @Test
  void scoreIsHalfTheMissingHealthPlusThePointsOfEpisodesNotClearing() {
    AlertBook book = book(context(100));
    assertThat(AlertLifecycle.score(book.getContext(), book, POLICY)).isZero();
    book.setContext(context(99).getContext());
    assertThat(AlertLifecycle.score(book.getContext(), book, POLICY)).isEqualTo(1); // 0.5 rounds up
    book.setContext(context(70).getContext());
    assertThat(AlertLifecycle.score(book.getContext(), book, POLICY)).isEqualTo(15);

    apply(book, context(70, condition("SILENCE")), new ArrayList<>());
    assertThat(AlertLifecycle.score(book.getContext(), book, POLICY)).isEqualTo(15 + 25);
    book.getEpisodes().get(0).setClearSince(T0);
    assertThat(AlertLifecycle.score(book.getContext(), book, POLICY)).isEqualTo(15);
  }

  @Test
  void underOpenFromAPrecursorIsWatchedNotAlerted_andOpensWhenTheRiskReachesIt() {
    Policy openFrom50 =
        PolicyParser.parse(
                io.carteira.operators.support.Policies.document(
                    "key_account", 2, "{\"risk\": {\"open_from\": 50}}"))
            .policy();
    assertThat(openFrom50.risk().openFrom(ChurnType.VOLUNTARY)).isEqualTo(50);
    assertThat(openFrom50.risk().openFrom(ChurnType.INVOLUNTARY)).isEqualTo(50);
    AlertBook book = book(context(90));
    List<RiskAlert> out = new ArrayList<>();
    // 0.5 × (100 − 90) + 25 = 30: under 50, no alert
    book.setContext(context(90, condition("SILENCE")).getContext());
    lifecycle.apply(book, context(90, condition("SILENCE")), openFrom50, "c", out);
    assertThat(out).isEmpty();
    assertThat(book.getEpisodes()).isEmpty();
    // the health falls: 0.5 × (100 − 40) + 25 = 55, the silence opens
    book.setContext(context(40, condition("SILENCE")).getContext());
    lifecycle.apply(book, context(40, condition("SILENCE")), openFrom50, "c", out);
    assertThat(out).extracting(RiskAlert::getStatus).containsExactly(AlertStatus.OPEN);
    assertThat(out.get(0).getRiskScore()).isEqualTo(55);
  }

  @Test
  void aSecondPrecursorOfTheSameChurnTypeJoinsTheOpenAlert_whichResolvesWithItsLastPrecursor() {
    AlertBook book = book(null);
    List<RiskAlert> out = new ArrayList<>();
    apply(book, context(90, condition("SILENCE")), out);
    Instant later = T0.plus(Duration.ofHours(1));
    apply(book, at(context(90, condition("SILENCE"), condition("USAGE_COLLAPSE")), later), out);
    // one voluntary alert, escalated by the joining usage collapse
    assertThat(out)
        .extracting(RiskAlert::getStatus, RiskAlert::getPattern)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(AlertStatus.OPEN, "SILENCE"),
            org.assertj.core.groups.Tuple.tuple(AlertStatus.ESCALATED, "USAGE_COLLAPSE"));
    RiskAlert joined = out.get(1);
    assertThat(joined.getAlertId()).isEqualTo(out.get(0).getAlertId());
    assertThat(joined.getReasons())
        .contains("Usage collapsed to x of the customer's own baseline", "No login for x")
        .contains("Escalated: another precursor fired (USAGE_COLLAPSE)");
    assertThat(joined.getEvidence()).hasSize(2);
    assertThat(joined.getRiskScore()).isEqualTo(5 + 25 + 30);

    // the silence clears: the alert stays open for the usage collapse, nothing is published
    Instant t = later.plus(Duration.ofHours(2));
    apply(book, at(context(90, condition("USAGE_COLLAPSE")), t), out);
    lifecycle.advance(book, t.plus(Duration.ofHours(72)), POLICY, "c", out);
    assertThat(out).hasSize(2);
    assertThat(book.getEpisodes())
        .extracting(e -> e.getPattern())
        .containsExactly("USAGE_COLLAPSE");
    // the usage collapse clears too: the alert resolves once, after its cool-down
    Instant u = t.plus(Duration.ofHours(73));
    apply(book, at(context(90), u), out);
    lifecycle.advance(book, u.plus(Duration.ofHours(72)), POLICY, "c", out);
    assertThat(out).hasSize(3);
    assertThat(out.get(2).getStatus()).isEqualTo(AlertStatus.RESOLVED);
    assertThat(out.get(2).getAlertId()).isEqualTo(out.get(0).getAlertId());
    assertThat(book.getEpisodes()).isEmpty();
  }

  @Test
  void scoreIsCappedAt100() {
    AlertBook book = book(context(0));
    apply(book, context(0, condition("DUNNING_EXHAUSTED")), new ArrayList<>());
    assertThat(AlertLifecycle.score(book.getContext(), book, POLICY)).isEqualTo(100);
  }

  @Test
  void aRiseOfOneLessThanTheThresholdDoesNotEscalateARiseOfTheThresholdDoes() {
    // at opening: 0.5 × (100 − 90) + 25 = 30
    assertThat(statusesAfterRiseTo(62)).containsExactly(AlertStatus.OPEN); // 44: a rise of 14
    assertThat(statusesAfterRiseTo(60)) // 45: a rise of 15
        .containsExactly(AlertStatus.OPEN, AlertStatus.ESCALATED);
    assertThat(statusesAfterRiseTo(58)) // 46: a rise of 16
        .containsExactly(AlertStatus.OPEN, AlertStatus.ESCALATED);
  }

  private List<AlertStatus> statusesAfterRiseTo(int health) {
    AlertBook book = book(null);
    List<RiskAlert> out = new ArrayList<>();
    apply(book, context(90, condition("SILENCE")), out);
    apply(book, at(context(health, condition("SILENCE")), T0.plus(Duration.ofHours(1))), out);
    return out.stream().map(RiskAlert::getStatus).toList();
  }

  @Test
  void anEpisodeUnresolvedEscalatesAtItsEscalationTimeOnce() {
    AlertBook book = book(null);
    List<RiskAlert> out = new ArrayList<>();
    apply(book, context(70, condition("SILENCE")), out);
    Instant escalateAt = T0.plus(Duration.ofDays(7));
    assertThat(AlertLifecycle.nextDeadline(book, T0, POLICY)).isEqualTo(escalateAt);

    lifecycle.advance(book, escalateAt.minus(MS), POLICY, "c", out);
    assertThat(out).extracting(RiskAlert::getStatus).containsExactly(AlertStatus.OPEN);
    lifecycle.advance(book, escalateAt, POLICY, "c", out);
    lifecycle.advance(book, escalateAt.plus(MS), POLICY, "c", out);
    assertThat(out)
        .extracting(RiskAlert::getStatus)
        .containsExactly(AlertStatus.OPEN, AlertStatus.ESCALATED);
  }

  @Test
  void aVoluntaryConditionResolvesOnlyAfterItsCoolDown() {
    AlertBook book = book(null);
    List<RiskAlert> out = new ArrayList<>();
    apply(book, context(70, condition("SILENCE")), out);
    Instant clearAt = T0.plus(Duration.ofHours(1));
    apply(book, at(context(80), clearAt), out);
    Instant resolvesAt = clearAt.plus(Duration.ofHours(72));
    assertThat(AlertLifecycle.nextDeadline(book, clearAt, POLICY)).isEqualTo(resolvesAt);

    lifecycle.advance(book, resolvesAt.minus(MS), POLICY, "c", out);
    assertThat(out).extracting(RiskAlert::getStatus).containsExactly(AlertStatus.OPEN);
    lifecycle.advance(book, resolvesAt, POLICY, "c", out);
    assertThat(out)
        .extracting(RiskAlert::getStatus)
        .containsExactly(AlertStatus.OPEN, AlertStatus.RESOLVED);
    assertThat(book.getEpisodes()).isEmpty();
  }

  @Test
  void aConditionBackWithinItsCoolDownKeepsItsEpisode() {
    AlertBook book = book(null);
    List<RiskAlert> out = new ArrayList<>();
    apply(book, context(70, condition("SILENCE")), out);
    apply(book, at(context(80), T0.plus(Duration.ofHours(1))), out);
    apply(book, at(context(70, condition("SILENCE")), T0.plus(Duration.ofHours(73))), out);
    lifecycle.advance(book, T0.plus(Duration.ofHours(74)), POLICY, "c", out);
    assertThat(out).extracting(RiskAlert::getStatus).containsExactly(AlertStatus.OPEN);
    assertThat(book.getEpisodes().get(0).getClearSince()).isNull();
  }

  @Test
  void anInvoluntaryConditionResolvesAtOnceWhenItClears() {
    AlertBook book = book(null);
    List<RiskAlert> out = new ArrayList<>();
    apply(book, context(70, condition("DUNNING_EXHAUSTED")), out);
    apply(book, at(context(80), T0.plus(Duration.ofHours(1))), out);
    assertThat(out)
        .extracting(RiskAlert::getStatus)
        .containsExactly(AlertStatus.OPEN, AlertStatus.RESOLVED);
  }

  @Test
  void aSequenceEpisodeWithNoFurtherMatchExpires() {
    AlertBook book = book(null);
    List<RiskAlert> out = new ArrayList<>();
    Detection match = detection("TICKETS_THEN_DISSATISFACTION", ChurnType.VOLUNTARY, T0);
    apply(book, new RiskSignal("c", T0, match, null, false), out);
    Instant expiresAt = T0.plus(Duration.ofDays(45));
    assertThat(EpisodeClearing.quietUntil(book.getEpisodes().get(0), POLICY)).isEqualTo(expiresAt);

    lifecycle.advance(book, expiresAt.minus(MS), POLICY, "c", out);
    assertThat(book.getEpisodes()).hasSize(1);
    lifecycle.advance(book, expiresAt, POLICY, "c", out);
    assertThat(out) // escalated on the way, unresolved after 7 days
        .extracting(RiskAlert::getStatus)
        .containsExactly(AlertStatus.OPEN, AlertStatus.ESCALATED, AlertStatus.RESOLVED);
    assertThat(book.getEpisodes()).isEmpty();
  }

  @Test
  void aChurnedCustomerHasItsEpisodesClosedAndLaterMatchesIgnored() {
    AlertBook book = book(null);
    List<RiskAlert> out = new ArrayList<>();
    apply(book, context(70, condition("SILENCE")), out);
    RiskSignal churned = at(context(20), T0.plus(Duration.ofDays(1)));
    churned.getContext().setChurned(true);
    assertThat(apply(book, churned, out)).isEqualTo(AlertLifecycle.Outcome.CHURNED);
    assertThat(out)
        .extracting(RiskAlert::getStatus)
        .containsExactly(AlertStatus.OPEN, AlertStatus.RESOLVED);

    Detection late = detection("DOWNGRADE_SPIRAL", ChurnType.VOLUNTARY, T0);
    assertThat(
            apply(book, new RiskSignal("c", T0.plus(Duration.ofDays(2)), late, null, false), out))
        .isEqualTo(AlertLifecycle.Outcome.DETECTION_AFTER_CHURN);
    assertThat(out).hasSize(2);
  }

  @Test
  void theSameInputGivesTheSameAlertIds() {
    List<RiskAlert> first = new ArrayList<>();
    List<RiskAlert> second = new ArrayList<>();
    apply(book(null), context(70, condition("SILENCE")), first);
    apply(book(null), context(70, condition("SILENCE")), second);
    assertThat(first.get(0).getAlertId()).isEqualTo(second.get(0).getAlertId());
    assertThat(first.get(0).getAlertId())
        .isEqualTo(BookClock.alertId("c", "SILENCE", T0, 0))
        .isNotEqualTo(BookClock.alertId("c", "SILENCE", T0.plus(MS), 0));
  }

  @Test
  void anAlertOpenedAgainAtTheInstantTheSameAlertResolvedGetsAnIdOfItsOwn() {
    AlertBook book = book(null);
    List<RiskAlert> out = new ArrayList<>();
    // three contexts at one instant: the dunning ladder ended, paid (an involuntary condition
    // resolves at once), ended again
    apply(book, context(70, condition("DUNNING_EXHAUSTED")), out);
    apply(book, context(80), out);
    apply(book, context(70, condition("DUNNING_EXHAUSTED")), out);
    assertThat(out)
        .extracting(RiskAlert::getStatus)
        .containsExactly(AlertStatus.OPEN, AlertStatus.RESOLVED, AlertStatus.OPEN);
    assertThat(out.get(2).getAlertId()).isNotEqualTo(out.get(0).getAlertId());
    assertThat(out).extracting(RiskAlert::getEventTime).containsOnly(T0);
  }

  @Test
  void aLateSignalActsNoEarlierThanTheCustomersLatestAlertRecord() {
    AlertBook book = book(null);
    List<RiskAlert> out = new ArrayList<>();
    apply(book, context(70, condition("DUNNING_EXHAUSTED")), out);
    Instant paid = T0.plus(Duration.ofDays(1));
    apply(book, at(context(80), paid), out);
    // a context of T0 that reached the lifecycle after the one of the next day (late)
    apply(book, context(70, condition("DUNNING_EXHAUSTED")), out);
    assertThat(out)
        .extracting(RiskAlert::getStatus, RiskAlert::getEventTime)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(AlertStatus.OPEN, T0),
            org.assertj.core.groups.Tuple.tuple(AlertStatus.RESOLVED, paid),
            org.assertj.core.groups.Tuple.tuple(AlertStatus.OPEN, paid));
    assertThat(out.get(2).getAlertId()).isNotEqualTo(out.get(0).getAlertId());
  }

  /** As the function does: the signal's context becomes the book's, then the lifecycle runs. */
  private AlertLifecycle.Outcome apply(AlertBook book, RiskSignal signal, List<RiskAlert> out) {
    if (signal.getContext() != null) {
      book.setContext(signal.getContext());
    }
    return lifecycle.apply(book, signal, POLICY, "c", out);
  }

  private static AlertBook book(RiskSignal context) {
    return new AlertBook(
        context == null ? null : context.getContext(), new ArrayList<>(), null, null, 0);
  }

  private static RiskSignal at(RiskSignal signal, Instant at) {
    signal.setEventTime(at);
    return signal;
  }

  private static Detection condition(String pattern) {
    return detection(pattern, ChurnPattern.valueOf(pattern).churnType(), T0);
  }

  private static Detection detection(String pattern, ChurnType type, Instant at) {
    return new Detection(
        pattern,
        type,
        new ArrayList<>(List.of(new EvidenceEvent("e1", "INVOICE_OVERDUE", at, "x"))),
        at,
        at,
        "t",
        at);
  }

  private static RiskSignal context(int health, Detection... conditions) {
    RiskContext context =
        RiskContext.newBuilder()
            .setHealthScore(health)
            .setHealthBand(health >= 75 ? HealthBand.HEALTHY : HealthBand.ATTENTION)
            .setMrrMinor(9_900)
            .setSegment(SegmentSnapshot.newBuilder().build())
            .setConditions(new ArrayList<>(List.of(conditions)))
            .setWatched(true)
            .build();
    return new RiskSignal("c", T0, null, context, false);
  }
}
