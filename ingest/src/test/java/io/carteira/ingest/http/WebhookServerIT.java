package io.carteira.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.carteira.ingest.IngestService;
import io.carteira.ingest.stripe.StripeSignature;
import io.carteira.schemas.DeadLetter;
import io.carteira.schemas.PaymentEvent;
import io.carteira.schemas.PaymentEventType;
import io.carteira.schemas.PaymentMethod;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The receiver over real HTTP, writing to the real (in-process) broker and registry: what a
 * verified delivery produces is read back from the topic in the wire format.
 */
class WebhookServerIT {

  private static final String SECRET = "whsec_webhook_server_it";
  private static final String ASAAS_TOKEN = "asaas-token-webhook-server-it";

  private static IngestRuntime runtime;

  @BeforeAll
  static void start() throws Exception {
    runtime =
        new IngestRuntime(
            List.of(
                IngestService.stripe(List.of(SECRET), IngestRuntime.ZONE, Clock.systemUTC()),
                IngestService.asaas(ASAAS_TOKEN, IngestRuntime.ZONE)),
            1000);
  }

  @AfterAll
  static void stop() {
    runtime.close();
  }

  static String invoiceFinalized(String eventId, String invoiceId, long created) {
    return "{\"id\":\""
        + eventId
        + "\",\"object\":\"event\",\"type\":\"invoice.finalized\","
        + "\"created\":"
        + created
        + ",\"data\":{\"object\":{\"id\":\""
        + invoiceId
        + "\","
        + "\"object\":\"invoice\",\"customer\":\"cus_it\",\"amount_due\":4990,"
        + "\"currency\":\"brl\",\"due_date\":1767312000,"
        + "\"payment_settings\":{\"payment_method_types\":[\"boleto\"]}}}}";
  }

  static HttpResponse<String> postStripe(String body, String secret) throws Exception {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    String signature = StripeSignature.sign(secret, Instant.now().getEpochSecond(), bytes);
    return runtime.post("/webhooks/stripe", bytes, Map.of("Stripe-Signature", signature));
  }

  @Test
  void aVerifiedDeliveryIsProducedInTheWireFormat_keyedByCustomer() throws Exception {
    HttpResponse<String> response =
        postStripe(invoiceFinalized("evt_wire", "in_wire", 1767225600L), SECRET);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("mapped invoice.finalized to INVOICE_ISSUED\n");
    List<IngestRuntime.Keyed<PaymentEvent>> records =
        runtime.readAll("payments", PaymentEvent.class);
    IngestRuntime.Keyed<PaymentEvent> record =
        records.stream()
            .filter(r -> r.value().getEventId().equals("evt_wire"))
            .findFirst()
            .orElseThrow();
    assertThat(record.key()).isEqualTo("cus_it");
    assertThat(record.schemaId()).isPositive();
    PaymentEvent issued = record.value();
    assertThat(issued.getEventType()).isEqualTo(PaymentEventType.INVOICE_ISSUED);
    assertThat(issued.getInvoiceId()).isEqualTo("in_wire");
    assertThat(issued.getAmountMinor()).isEqualTo(4990L);
    assertThat(issued.getCurrency()).isEqualTo("BRL");
    assertThat(issued.getDueDate()).isEqualTo(LocalDate.of(2026, 1, 1));
    assertThat(issued.getMethod()).isEqualTo(PaymentMethod.BOLETO);
    assertThat(issued.getEventTime()).isEqualTo(Instant.ofEpochSecond(1767225600L));
  }

  @Test
  void aBadSignatureIs400_andNothingIsProduced() throws Exception {
    HttpResponse<String> forged =
        postStripe(invoiceFinalized("evt_forged", "in_forged", 1767225600L), "whsec_guess");
    HttpResponse<String> unsigned =
        runtime.post(
            "/webhooks/stripe",
            invoiceFinalized("evt_unsigned", "in_u", 1).getBytes(StandardCharsets.UTF_8),
            Map.of());

    assertThat(forged.statusCode()).isEqualTo(400);
    assertThat(forged.body()).isEqualTo("refused: bad_signature\n");
    assertThat(unsigned.statusCode()).isEqualTo(400);
    assertThat(runtime.readAll("payments", PaymentEvent.class))
        .noneMatch(
            r ->
                r.value().getEventId().equals("evt_forged")
                    || r.value().getEventId().equals("evt_unsigned"));
    assertThat(
            runtime
                .service()
                .metrics()
                .value("deliveries_refused_total", "provider", "stripe", "reason", "bad_signature"))
        .isPositive();
  }

  @Test
  void anAsaasDeliveryWithItsToken() throws Exception {
    String body =
        "{\"id\":\"evt_asaas_it\",\"event\":\"PAYMENT_CREATED\",\"dateCreated\":\"2026-03-01"
            + " 09:15:00\","
            + "\"payment\":{\"object\":\"payment\",\"id\":\"pay_it\",\"customer\":\"cus_000005219613\","
            + "\"value\":129.90,\"billingType\":\"PIX\",\"dueDate\":\"2026-03-10\",\"pixQrCodeId\":\"QR1\"}}";
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);

    assertThat(
            runtime
                .post("/webhooks/asaas", bytes, Map.of("asaas-access-token", "wrong"))
                .statusCode())
        .isEqualTo(400);
    HttpResponse<String> response =
        runtime.post("/webhooks/asaas", bytes, Map.of("asaas-access-token", ASAAS_TOKEN));

    assertThat(response.statusCode()).isEqualTo(200);
    PaymentEvent issued =
        runtime.readAll("payments", PaymentEvent.class).stream()
            .map(IngestRuntime.Keyed::value)
            .filter(e -> e.getEventId().equals("evt_asaas_it"))
            .findFirst()
            .orElseThrow();
    assertThat(issued.getAmountMinor()).isEqualTo(12_990L);
    assertThat(issued.getPaymentReference()).isEqualTo("QR1");
  }

  @Test
  void anUnmappableDeliveryIs200_andADeadLetterWithItsRawBody() throws Exception {
    String body =
        invoiceFinalized("evt_dead", "in_dead", 1767225600L)
            .replace("invoice.finalized", "invoice.something_new");

    HttpResponse<String> response = postStripe(body, SECRET);

    assertThat(response.statusCode()).isEqualTo(200);
    IngestRuntime.Keyed<DeadLetter> letter =
        runtime.readAll("dead-letters", DeadLetter.class).stream()
            .filter(r -> "evt_dead".equals(r.value().getEventId()))
            .findFirst()
            .orElseThrow();
    assertThat(letter.key()).isEqualTo("cus_it");
    assertThat(StandardCharsets.UTF_8.decode(letter.value().getValue()).toString()).isEqualTo(body);
    assertThat(letter.value().getErrorMessage())
        .isEqualTo("invoice.something_new: unknown Stripe event type invoice.something_new");
    assertThat(letter.value().getSourceTopic()).isEqualTo("webhook:stripe");
  }

  @Test
  void aBodyOverOneMegabyteIs413() throws Exception {
    byte[] big = new byte[1024 * 1024 + 1];
    java.util.Arrays.fill(big, (byte) ' ');
    HttpResponse<String> response = runtime.post("/webhooks/stripe", big, Map.of());
    assertThat(response.statusCode()).isEqualTo(413);
  }

  @Test
  void healthReadyAndMetrics() throws Exception {
    assertThat(runtime.get("/health").statusCode()).isEqualTo(200);
    assertThat(runtime.get("/ready").statusCode()).isEqualTo(200);
    postStripe(invoiceFinalized("evt_metrics", "in_metrics", 1767225600L), SECRET);
    HttpResponse<String> metrics = runtime.get("/metrics");
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("text/plain; version=0.0.4"));
    assertThat(metrics.body())
        .contains(
            "carteira_ingest_events_mapped_total{provider=\"stripe\",type=\"INVOICE_ISSUED\"}")
        .contains("carteira_ingest_produce_latency_seconds_count");
    assertThat(runtime.get("/webhooks/stripe").statusCode()).isEqualTo(405);
    assertThat(runtime.get("/webhooks/iugu").statusCode()).isEqualTo(404);
  }
}
