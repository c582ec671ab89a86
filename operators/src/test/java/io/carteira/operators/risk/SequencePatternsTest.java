package io.carteira.operators.risk;

import static org.assertj.core.api.Assertions.assertThat;

import io.carteira.schemas.ChurnSignal;
import io.carteira.schemas.Detection;
import io.carteira.schemas.SignalKind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each sequence precursor on hand-written signals: it fires, and its near miss does not. */
class SequencePatternsTest {

  private static final Instant T0 = Instant.parse("2026-03-02T12:00:00Z");

  @Test
  void threeFailedPaymentsInARowAreAStreak() throws Exception {
    List<Detection> found =
        run(
            ChurnPattern.FAILED_PAYMENT_STREAK,
            signal(0, SignalKind.PAYMENT_FAILED),
            signal(3, SignalKind.PAYMENT_FAILED),
            signal(6, SignalKind.HARD_DECLINE));
    assertThat(found)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.getEvidence())
                  .extracting(e -> e.getEventType())
                  .containsExactly("PAYMENT_FAILED", "PAYMENT_FAILED", "HARD_DECLINE");
              assertThat(d.getDetectedAt()).isEqualTo(T0.plus(Duration.ofDays(6)));
              assertThat(d.getWindowStart()).isEqualTo(T0);
              assertThat(d.getThreshold()).isEqualTo("3 failed payments in a row within 30 days");
            });
  }

  @Test
  void aSuccessBetweenFailuresBreaksTheStreak() throws Exception {
    assertThat(
            run(
                ChurnPattern.FAILED_PAYMENT_STREAK,
                signal(0, SignalKind.PAYMENT_FAILED),
                signal(3, SignalKind.PAYMENT_FAILED),
                signal(4, SignalKind.PAYMENT_SUCCEEDED),
                signal(6, SignalKind.PAYMENT_FAILED)))
        .isEmpty();
  }

  @Test
  void failuresSpreadBeyondTheWindowAreNoStreak() throws Exception {
    assertThat(
            run(
                ChurnPattern.FAILED_PAYMENT_STREAK,
                signal(0, SignalKind.PAYMENT_FAILED),
                signal(20, SignalKind.PAYMENT_FAILED),
                signal(31, SignalKind.PAYMENT_FAILED)))
        .isEmpty();
  }

  @Test
  void ticketsThenADetractorScoreFire() throws Exception {
    List<Detection> found =
        run(
            ChurnPattern.TICKETS_THEN_DISSATISFACTION,
            signal(0, SignalKind.SUPPORT_TICKET_OPENED),
            signal(4, SignalKind.SUPPORT_TICKET_OPENED),
            signal(9, SignalKind.SUPPORT_TICKET_OPENED),
            signal(13, SignalKind.DETRACTOR_SCORE));
    assertThat(found).singleElement().satisfies(d -> assertThat(d.getEvidence()).hasSize(4));
  }

  @Test
  void ticketsThenADowngradeFire() throws Exception {
    assertThat(
            run(
                ChurnPattern.TICKETS_THEN_DISSATISFACTION,
                signal(0, SignalKind.SUPPORT_TICKET_OPENED),
                signal(1, SignalKind.SUPPORT_TICKET_OPENED),
                signal(2, SignalKind.SUPPORT_TICKET_OPENED),
                signal(3, SignalKind.CONTRACTION)))
        .hasSize(1);
  }

  @Test
  void twoTicketsThenADetractorIsOneTicketShort() throws Exception {
    assertThat(
            run(
                ChurnPattern.TICKETS_THEN_DISSATISFACTION,
                signal(0, SignalKind.SUPPORT_TICKET_OPENED),
                signal(4, SignalKind.SUPPORT_TICKET_OPENED),
                signal(13, SignalKind.DETRACTOR_SCORE)))
        .isEmpty();
  }

  @Test
  void aDetractorThenFallingUseFire() throws Exception {
    assertThat(
            run(
                ChurnPattern.DETRACTOR_THEN_USAGE_DROP,
                signal(0, SignalKind.DETRACTOR_SCORE),
                signal(14, SignalKind.USAGE_DROP)))
        .singleElement()
        .satisfies(d -> assertThat(d.getChurnType().name()).isEqualTo("VOLUNTARY"));
  }

  @Test
  void usageFallingBeforeTheDetractorScoreIsNotThePattern() throws Exception {
    assertThat(
            run(
                ChurnPattern.DETRACTOR_THEN_USAGE_DROP,
                signal(0, SignalKind.USAGE_DROP),
                signal(5, SignalKind.DETRACTOR_SCORE)))
        .isEmpty();
  }

  @Test
  void usageFallingAfterTheWindowIsNotThePattern() throws Exception {
    assertThat(
            run(
                ChurnPattern.DETRACTOR_THEN_USAGE_DROP,
                signal(0, SignalKind.DETRACTOR_SCORE),
                signal(31, SignalKind.USAGE_DROP)))
        .isEmpty();
  }

  @Test
  void twoContractionsWithinTheWindowAreASpiral() throws Exception {
    assertThat(
            run(
                ChurnPattern.DOWNGRADE_SPIRAL,
                signal(0, SignalKind.CONTRACTION),
                signal(40, SignalKind.CONTRACTION)))
        .hasSize(1);
  }

  @Test
  void oneContractionIsNoSpiralAndTwoFarApartNeither() throws Exception {
    assertThat(run(ChurnPattern.DOWNGRADE_SPIRAL, signal(0, SignalKind.CONTRACTION))).isEmpty();
    assertThat(
            run(
                ChurnPattern.DOWNGRADE_SPIRAL,
                signal(0, SignalKind.CONTRACTION),
                signal(91, SignalKind.CONTRACTION)))
        .isEmpty();
  }

  @Test
  void aStreakIsReportedOnceNotOncePerExtraFailure() throws Exception {
    assertThat(
            run(
                ChurnPattern.FAILED_PAYMENT_STREAK,
                signal(0, SignalKind.PAYMENT_FAILED),
                signal(1, SignalKind.PAYMENT_FAILED),
                signal(2, SignalKind.PAYMENT_FAILED),
                signal(3, SignalKind.PAYMENT_FAILED)))
        .hasSize(1);
  }

  private static int seq;

  private static ChurnSignal signal(int day, SignalKind kind) {
    return ChurnSignal.newBuilder()
        .setCustomerId("cus-1")
        .setEventId("s" + (++seq))
        .setEventTime(T0.plus(Duration.ofDays(day)))
        .setKind(kind)
        .setValue(kind == SignalKind.HARD_DECLINE ? "expired_card" : null)
        .build();
  }

  /**
   * Feeds the signals the sequence accepts through the sequence detector with the built-in policy,
   * then moves the watermark past them all.
   */
  private static List<Detection> run(ChurnPattern pattern, ChurnSignal... signals)
      throws Exception {
    List<Detection> found = new ArrayList<>();
    try (SequenceHarness h = new SequenceHarness()) {
      for (ChurnSignal signal : signals) {
        h.signal(signal, signal.getEventTime().toEpochMilli());
        h.watermark(signal.getEventTime().toEpochMilli());
      }
      h.watermark(T0.plus(Duration.ofDays(400)).toEpochMilli());
      for (var r : h.detections()) {
        if (r.getValue().getDetection().getPattern().equals(pattern.name())) {
          found.add(r.getValue().getDetection());
        }
      }
    }
    return found;
  }
}
