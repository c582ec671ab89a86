package io.carteira.operators.ingest;

import static io.carteira.operators.support.Events.at;
import static io.carteira.operators.support.Events.login;
import static io.carteira.operators.support.Events.payment;
import static org.assertj.core.api.Assertions.assertThat;

import io.carteira.schemas.CustomerEvent;
import io.carteira.schemas.DeadLetter;
import io.carteira.schemas.DeadLetterKind;
import io.carteira.schemas.PaymentEventType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The gate after the source: what passes, and what goes to dead-letters with which kind. */
class IngestValidationFunctionTest {

  private static final Duration LATENESS = Duration.ofHours(24);
  private static final Duration FUTURE_SKEW = Duration.ofDays(7);
  private static final byte[] KEY = "cus-1".getBytes(StandardCharsets.UTF_8);

  private OneInputStreamOperatorTestHarness<IngestedRecord, CustomerEvent> harness;

  @BeforeEach
  void open() throws Exception {
    harness =
        new OneInputStreamOperatorTestHarness<>(
            new ProcessOperator<>(new IngestValidationFunction(LATENESS, FUTURE_SKEW)));
    harness.open();
  }

  private void send(CustomerEvent event, byte[] key) throws Exception {
    harness.processElement(
        new StreamRecord<>(
            IngestedRecord.decoded(event, key, new byte[] {0, 1, 2}, 0L),
            event.getEventTime().toEpochMilli()));
  }

  private List<DeadLetterKind> deadLetterKinds() {
    var side = harness.getSideOutput(IngestValidationFunction.DEAD_LETTERS);
    return side == null
        ? List.of()
        : side.stream().map(r -> r.getValue().getErrorKind()).collect(Collectors.toList());
  }

  @Test
  void lateMeansFurtherBehindTheWatermarkThanTheAllowedLateness() throws Exception {
    harness.processWatermark(at(10, 12).toEpochMilli());
    send(login(at(10, 12).minus(LATENESS)), KEY); // exactly at the boundary: accepted
    send(login(at(10, 12).minus(LATENESS).minusMillis(1)), KEY); // one millisecond beyond: late
    assertThat(harness.extractOutputValues()).hasSize(1);
    assertThat(deadLetterKinds()).containsExactly(DeadLetterKind.LATE);
  }

  @Test
  void eventsFromTheFutureAreRefused() throws Exception {
    Instant now = Instant.now();
    send(login(now.plus(FUTURE_SKEW).minus(Duration.ofHours(1))), KEY);
    send(login(now.plus(Duration.ofDays(3650))), KEY);
    assertThat(harness.extractOutputValues()).hasSize(1);
    assertThat(deadLetterKinds()).containsExactly(DeadLetterKind.FUTURE_TIMESTAMP);
  }

  @Test
  void invalidEventsAreRefusedWithTheirBytes() throws Exception {
    send(login(at(1, 9)), "someone-else".getBytes(StandardCharsets.UTF_8));
    send(
        payment(
            at(1, 9),
            PaymentEventType.PAYMENT_SUCCEEDED,
            b -> b.setInvoiceId("i").setAmountMinor(-1L)),
        KEY);
    send(
        payment(
            at(1, 9),
            PaymentEventType.PAYMENT_SUCCEEDED,
            b -> b.setInvoiceId("i").setAmountMinor(1L).setCurrency("XXXX")),
        KEY);
    send(payment(at(1, 9), PaymentEventType.PAYMENT_FAILED, b -> b.setInvoiceId(null)), KEY);
    assertThat(harness.extractOutputValues()).isEmpty();
    assertThat(deadLetterKinds())
        .containsExactly(
            DeadLetterKind.KEY_MISMATCH,
            DeadLetterKind.INVALID_AMOUNT,
            DeadLetterKind.INVALID_CURRENCY,
            DeadLetterKind.VALIDATION);
    DeadLetter first =
        harness.getSideOutput(IngestValidationFunction.DEAD_LETTERS).peek().getValue();
    assertThat(first.getValue().array()).containsExactly(0, 1, 2);
    assertThat(first.getSourceTopic()).isEqualTo("usage");
    assertThat(first.getErrorMessage()).contains("someone-else").contains("cus-1");
  }

  @Test
  void undecodableRecordsPassThroughAsTheirDeadLetter() throws Exception {
    DeadLetter undecodable =
        DeadLetters.undecodable(
            "payments",
            1,
            42,
            0,
            KEY,
            new byte[] {7},
            DeadLetterKind.BAD_MAGIC_BYTE,
            "first byte is 0x07",
            null);
    harness.processElement(new StreamRecord<>(IngestedRecord.failed(undecodable), 0));
    assertThat(harness.getSideOutput(IngestValidationFunction.DEAD_LETTERS))
        .extracting(StreamRecord::getValue)
        .containsExactly(undecodable);
  }
}
