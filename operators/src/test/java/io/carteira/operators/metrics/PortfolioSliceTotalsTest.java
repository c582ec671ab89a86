package io.carteira.operators.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.carteira.schemas.PaymentAttempt;
import io.carteira.schemas.PortfolioFact;
import io.carteira.schemas.PortfolioSlice;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The local sums of portfolio facts: per slice and day, sent on before watermarks and checkpoint
 * barriers, never held in state.
 */
class PortfolioSliceTotalsTest {

  private static final ZoneId ZONE = ZoneId.of("America/Sao_Paulo");
  private static final Instant DAY_1 = Instant.parse("2026-03-02T15:00:00Z");

  @Test
  void factsAreSummedPerSliceAndDay_andSentBeforeTheWatermarkThatMayCloseTheirDay()
      throws Exception {
    try (var h = harness(1_000)) {
      h.processElement(
          attempt("BOLETO", "insufficient_funds", "PUNCTUAL", DAY_1), DAY_1.toEpochMilli());
      h.processElement(
          attempt("BOLETO", null, "PUNCTUAL", DAY_1.plusSeconds(60)), DAY_1.toEpochMilli());
      h.processElement(
          attempt("PIX", null, "UNKNOWN", DAY_1.plusSeconds(86_400)), DAY_1.toEpochMilli());
      assertThat(h.getOutput()).as("held until the watermark").isEmpty();

      h.processWatermark(new Watermark(DAY_1.plusSeconds(90_000).toEpochMilli()));

      List<Object> out = List.copyOf(h.getOutput());
      assertThat(out.get(out.size() - 1))
          .as("the watermark goes out after the sums")
          .isInstanceOf(Watermark.class);
      List<PortfolioSlice> sums = h.extractOutputValues();
      // day 1: the whole portfolio and PUNCTUAL; day 2: the whole portfolio and UNKNOWN
      assertThat(sums).hasSize(4);
      PortfolioSlice punctual = only(sums, "BRL/payment_behaviour=PUNCTUAL");
      assertThat(punctual.getFacts()).isEqualTo(2);
      assertThat(punctual.getTotals().getAttemptsByMethod()).isEqualTo(Map.of("BOLETO", 2L));
      assertThat(punctual.getTotals().getFailuresByCode())
          .isEqualTo(Map.of("insufficient_funds", 1L));
      assertThat(sums)
          .filteredOn(s -> PortfolioSegments.keyOf(s).equals("BRL"))
          .extracting(PortfolioSlice::getFacts)
          .containsExactlyInAnyOrder(2L, 1L);
    }
  }

  @Test
  void aCheckpointBarrierFindsNothingHeld_soTheOperatorHasNoState() throws Exception {
    OperatorSubtaskState snapshot;
    try (var h = harness(1_000)) {
      h.processElement(attempt("CARD", null, "PUNCTUAL", DAY_1), DAY_1.toEpochMilli());
      h.prepareSnapshotPreBarrier(1);
      assertThat(h.extractOutputValues()).as("sent before the barrier").hasSize(2);
      snapshot = h.snapshot(1, 1);
    }
    try (var restored =
        new OneInputStreamOperatorTestHarness<>(new PortfolioSliceTotals(ZONE, 1_000))) {
      restored.initializeState(snapshot);
      restored.open();
      restored.endInput();
      assertThat(restored.extractOutputValues()).as("nothing comes back after a restore").isEmpty();
    }
  }

  @Test
  void moreSumsThanItMayHoldAreSentAtOnce() throws Exception {
    try (var h = harness(3)) {
      for (int day = 0; day < 2; day++) {
        h.processElement(
            attempt("CARD", null, "PUNCTUAL", DAY_1.plusSeconds(86_400L * day)),
            DAY_1.toEpochMilli());
      }
      assertThat(h.getOutput()).as("four sums held: one over the limit").hasSize(4);
      h.endInput();
      assertThat(h.extractOutputValues()).hasSize(4);
    }
  }

  private static OneInputStreamOperatorTestHarness<PortfolioFact, PortfolioSlice> harness(int held)
      throws Exception {
    var h = new OneInputStreamOperatorTestHarness<>(new PortfolioSliceTotals(ZONE, held));
    h.open();
    return h;
  }

  private static PortfolioSlice only(List<PortfolioSlice> sums, String key) {
    return sums.stream()
        .filter(s -> PortfolioSegments.keyOf(s).equals(key))
        .reduce(
            (a, b) -> {
              throw new AssertionError("two sums of " + key);
            })
        .orElseThrow();
  }

  private static PortfolioFact attempt(
      String method, String failureCode, String behaviour, Instant when) {
    return PortfolioFact.newBuilder()
        .setCustomerId("c-1")
        .setEventId("e-" + when.toEpochMilli() + method)
        .setEventTime(when)
        .setPaymentAttempt(new PaymentAttempt(method, failureCode))
        .setSegments(Map.of(PortfolioSegments.PAYMENT_BEHAVIOUR, behaviour))
        .build();
  }
}
