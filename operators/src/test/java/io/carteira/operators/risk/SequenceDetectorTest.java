package io.carteira.operators.risk;

import static org.assertj.core.api.Assertions.assertThat;

import io.carteira.operators.policy.PolicyParser;
import io.carteira.operators.support.Policies;
import io.carteira.schemas.ChurnSignal;
import io.carteira.schemas.RiskSignal;
import io.carteira.schemas.SequenceBook;
import io.carteira.schemas.SignalKind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link SequenceDetector} on its own: the rules, and thresholds that change between signals. */
class SequenceDetectorTest {

  private static final Instant T0 = Instant.parse("2026-03-02T12:00:00Z");
  private static final List<SequencePatterns.Sequence> BUILT_IN =
      SequencePatterns.of(PolicyParser.builtIn());
  private static final List<SequencePatterns.Sequence> STREAK_OF_TWO =
      SequencePatterns.of(
          PolicyParser.parse(
                  Policies.document(
                      "key_account",
                      1,
                      "{\"risk\": {\"failed_payment_streak\": 2,"
                          + " \"failed_payment_window_days\": 10}}"))
              .policy());

  private final SequenceBook book = SequenceDetector.newBook();
  private int seq;

  @Test
  void theStreakFiresAtItsCount_withTheEvidenceAndThresholdOfThePolicyAtThatSignal() {
    assertThat(apply(0, SignalKind.PAYMENT_FAILED, BUILT_IN)).isEmpty();
    assertThat(apply(1, SignalKind.PAYMENT_FAILED, BUILT_IN)).isEmpty();
    // the policy changes: two in a row within ten days now make a streak, from the next signal
    List<RiskSignal> found = apply(2, SignalKind.HARD_DECLINE, STREAK_OF_TWO);
    assertThat(found)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.getDetection().getThreshold())
                  .isEqualTo("2 failed payments in a row within 10 days");
              assertThat(d.getDetection().getEvidence())
                  .extracting(e -> e.getEventType())
                  .containsExactly("PAYMENT_FAILED", "HARD_DECLINE");
              assertThat(d.getDetection().getWindowStart()).isEqualTo(day(1));
              assertThat(d.getDetection().getWindowEnd()).isEqualTo(day(11));
            });
    assertThat(SequenceDetector.isEmpty(book)).as("nothing held after the match").isTrue();
  }

  @Test
  void aMatchResumesPastItsLastSignal_andASuccessBreaksTheRun() {
    apply(0, SignalKind.PAYMENT_FAILED, BUILT_IN);
    apply(1, SignalKind.PAYMENT_FAILED, BUILT_IN);
    assertThat(apply(2, SignalKind.PAYMENT_FAILED, BUILT_IN)).hasSize(1);
    assertThat(apply(3, SignalKind.PAYMENT_FAILED, BUILT_IN)).isEmpty();
    apply(4, SignalKind.PAYMENT_FAILED, BUILT_IN);
    apply(5, SignalKind.PAYMENT_SUCCEEDED, BUILT_IN);
    assertThat(apply(6, SignalKind.PAYMENT_FAILED, BUILT_IN)).isEmpty();
    apply(7, SignalKind.PAYMENT_FAILED, BUILT_IN);
    assertThat(apply(8, SignalKind.PAYMENT_FAILED, BUILT_IN)).hasSize(1);
  }

  @Test
  void theWindowIsMeasuredFromTheFirstSignal_andExactlyAWindowApartIsTooFar() {
    apply(0, SignalKind.CONTRACTION, BUILT_IN);
    assertThat(apply(90, SignalKind.CONTRACTION, BUILT_IN)).as("90 days apart").isEmpty();
    assertThat(apply(179, SignalKind.CONTRACTION, BUILT_IN))
        .singleElement()
        .satisfies(d -> assertThat(d.getDetection().getWindowStart()).isEqualTo(day(90)));
  }

  @Test
  void ticketsThenDissatisfactionTakesTheEarliestTicketsStillInTheWindow() {
    apply(0, SignalKind.SUPPORT_TICKET_OPENED, BUILT_IN);
    apply(20, SignalKind.SUPPORT_TICKET_OPENED, BUILT_IN);
    apply(21, SignalKind.DETRACTOR_SCORE, BUILT_IN); // two tickets: ignored
    apply(22, SignalKind.SUPPORT_TICKET_OPENED, BUILT_IN);
    apply(23, SignalKind.SUPPORT_TICKET_OPENED, BUILT_IN);
    List<RiskSignal> found = apply(31, SignalKind.CONTRACTION, BUILT_IN);
    assertThat(found)
        .filteredOn(d -> d.getDetection().getPattern().equals("TICKETS_THEN_DISSATISFACTION"))
        .singleElement()
        .satisfies(
            d ->
                assertThat(d.getDetection().getEvidence())
                    .extracting(e -> e.getEventTime())
                    .containsExactly(day(20), day(22), day(23), day(31)));
  }

  @Test
  void heldSignalsExpire_andTheNextExpiryIsTheEarliestWindowEnd() {
    apply(0, SignalKind.DETRACTOR_SCORE, BUILT_IN);
    apply(10, SignalKind.CONTRACTION, BUILT_IN);
    assertThat(SequenceDetector.nextExpiry(book, BUILT_IN)).isEqualTo(day(30));
    SequenceDetector.expireAt(book, day(30).toEpochMilli(), BUILT_IN);
    assertThat(SequenceDetector.nextExpiry(book, BUILT_IN)).isEqualTo(day(100));
    assertThat(apply(31, SignalKind.USAGE_DROP, BUILT_IN)).isEmpty();
    SequenceDetector.expireAt(book, day(100).toEpochMilli(), BUILT_IN);
    assertThat(SequenceDetector.isEmpty(book)).isTrue();
    assertThat(SequenceDetector.nextExpiry(book, BUILT_IN)).isNull();
  }

  private List<RiskSignal> apply(int day, SignalKind kind, List<SequencePatterns.Sequence> s) {
    ChurnSignal signal =
        ChurnSignal.newBuilder()
            .setCustomerId("cus-1")
            .setEventId("s" + (++seq))
            .setEventTime(day(day))
            .setKind(kind)
            .build();
    return new ArrayList<>(SequenceDetector.apply(book, signal, day(day).toEpochMilli(), s));
  }

  private static Instant day(int day) {
    return T0.plus(Duration.ofDays(day));
  }
}
