package io.carteira.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.carteira.ingest.stripe.StripeSignature;
import io.carteira.schemas.DeadLetter;
import io.carteira.schemas.DeadLetterKind;
import io.carteira.schemas.PaymentEvent;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a delivery is answered and what is written for it. */
class IngestorTest {

  private static final long NOW = 1_767_225_600L;
  private static final String SECRET = "whsec_test";

  private final RecordingSink sink = new RecordingSink();
  private final IngestMetrics metrics = new IngestMetrics();
  private final Ingestor ingestor = new Ingestor(sink, IngestTopics.defaults(), metrics);
  private final Provider stripe =
      IngestService.stripe(
          List.of(SECRET),
          ZoneId.of("America/Sao_Paulo"),
          Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC));

  private static String paymentMethodAttached(String id) {
    return "{\"id\":\""
        + id
        + "\",\"object\":\"event\",\"type\":\"payment_method.attached\",\"created\":"
        + NOW
        + ",\"data\":{\"object\":{\"id\":\"pm_1\",\"object\":\"payment_method\",\"type\":\"card\","
        + "\"customer\":\"cus_1\",\"card\":{\"exp_month\":2,\"exp_year\":2028}}}}";
  }

  private Ingestor.Outcome deliver(String body, String signedWith) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    String header = StripeSignature.sign(signedWith, NOW, bytes);
    return ingestor.receive(
        stripe,
        new Delivery(Map.of("stripe-signature", header), bytes, Instant.ofEpochSecond(NOW)));
  }

  @Test
  void aVerifiedDeliveryIsWritten_thenAnswered200() {
    Ingestor.Outcome outcome = deliver(paymentMethodAttached("evt_1"), SECRET);

    assertThat(outcome.status()).isEqualTo(200);
    assertThat(outcome.message())
        .isEqualTo("mapped payment_method.attached to PAYMENT_METHOD_UPDATED");
    assertThat(sink.sent).hasSize(1);
    EventSink.Outgoing record = sink.sent.get(0);
    assertThat(record.topic()).isEqualTo("payments");
    assertThat(record.key()).isEqualTo("cus_1");
    assertThat(record.timestamp()).isEqualTo(Instant.ofEpochSecond(NOW));
    assertThat(((PaymentEvent) record.value()).getEventId()).isEqualTo("evt_1");
    assertThat(
            metrics.value(
                "events_mapped_total", "provider", "stripe", "type", "PAYMENT_METHOD_UPDATED"))
        .isEqualTo(1);
    assertThat(metrics.value("deliveries_verified_total", "provider", "stripe")).isEqualTo(1);
  }

  @Test
  void aBadSignatureIs400_andNothingIsWritten() {
    Ingestor.Outcome outcome = deliver(paymentMethodAttached("evt_1"), "whsec_other");

    assertThat(outcome)
        .isEqualTo(new Ingestor.Outcome(Ingestor.Kind.REFUSED, 400, "refused: bad_signature"));
    assertThat(sink.sent).isEmpty();
    assertThat(
            metrics.value(
                "deliveries_refused_total", "provider", "stripe", "reason", "bad_signature"))
        .isEqualTo(1);
  }

  @Test
  void kafkaDownIs503() {
    sink.down = true;
    Ingestor.Outcome outcome = deliver(paymentMethodAttached("evt_1"), SECRET);
    assertThat(outcome.status()).isEqualTo(503);
    assertThat(metrics.value("deliveries_unavailable_total", "provider", "stripe")).isEqualTo(1);
    assertThat(
            metrics.value(
                "events_mapped_total", "provider", "stripe", "type", "PAYMENT_METHOD_UPDATED"))
        .isZero();
  }

  @Test
  void anUnmappableDeliveryIsADeadLetterWithItsRawBody_answered200() {
    String body = paymentMethodAttached("evt_2").replace("\"customer\":\"cus_1\",", "");

    Ingestor.Outcome outcome = deliver(body, SECRET);

    assertThat(outcome)
        .isEqualTo(
            new Ingestor.Outcome(
                Ingestor.Kind.DEAD_LETTERED, 200, "dead-lettered: missing field customer"));
    assertThat(sink.sent).hasSize(1);
    EventSink.Outgoing record = sink.sent.get(0);
    assertThat(record.topic()).isEqualTo("dead-letters");
    assertThat(record.key()).isEqualTo("evt_2");
    DeadLetter letter = (DeadLetter) record.value();
    assertThat(StandardCharsets.UTF_8.decode(letter.getValue()).toString()).isEqualTo(body);
    assertThat(letter.getErrorKind()).isEqualTo(DeadLetterKind.VALIDATION);
    assertThat(letter.getErrorMessage())
        .isEqualTo("payment_method.attached: missing field customer");
    assertThat(letter.getSourceTopic()).isEqualTo("webhook:stripe");
    assertThat(letter.getEventId()).isEqualTo("evt_2");
    assertThat(letter.getEventTime()).isEqualTo(Instant.ofEpochSecond(NOW));
    assertThat(metrics.value("dead_letters_total", "provider", "stripe")).isEqualTo(1);
  }

  @Test
  void aVerifiedBodyThatIsNotJsonIsADeadLetter() {
    Ingestor.Outcome outcome = deliver("{not json", SECRET);
    assertThat(outcome.status()).isEqualTo(200);
    assertThat(outcome.message()).startsWith("dead-lettered: the body is not JSON");
    assertThat(((DeadLetter) sink.sent.get(0).value()).getErrorMessage())
        .startsWith("(unreadable): ");
  }

  @Test
  void anIgnoredTypeIsCountedAndAnswered200() {
    String body =
        paymentMethodAttached("evt_3").replace("payment_method.attached", "product.created");
    assertThat(deliver(body, SECRET))
        .isEqualTo(
            new Ingestor.Outcome(
                Ingestor.Kind.IGNORED, 200, "ignored product.created: not used by Carteira"));
    assertThat(sink.sent).isEmpty();
    assertThat(
            metrics.value(
                "deliveries_ignored_total", "provider", "stripe", "event_type", "product.created"))
        .isEqualTo(1);
  }
}
