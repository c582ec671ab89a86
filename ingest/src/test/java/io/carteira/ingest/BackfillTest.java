package io.carteira.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.carteira.schemas.PaymentEvent;
import io.carteira.schemas.PaymentEventType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exported events replayed in the order they happened. */
class BackfillTest {

  private static final ZoneId ZONE = ZoneId.of("America/Sao_Paulo");

  private final RecordingSink sink = new RecordingSink();
  private final IngestMetrics metrics = new IngestMetrics();
  private final Ingestor ingestor = new Ingestor(sink, IngestTopics.defaults(), metrics);

  private static String charge(String id, long created) {
    return "{\"id\":\""
        + id
        + "\",\"object\":\"event\",\"type\":\"charge.succeeded\",\"created\":"
        + created
        + ",\"data\":{\"object\":{\"id\":\"ch_1\",\"object\":\"charge\",\"customer\":\"cus_1\","
        + "\"invoice\":\"in_1\",\"amount\":990,\"currency\":\"brl\"}}}";
  }

  private static String dispute(String id, long created) {
    return "{\"id\":\""
        + id
        + "\",\"object\":\"event\",\"type\":\"charge.dispute.created\",\"created\":"
        + created
        + ",\"data\":{\"object\":{\"id\":\"dp_1\",\"object\":\"dispute\",\"charge\":\"ch_1\","
        + "\"amount\":990,\"currency\":\"brl\"}}}";
  }

  private static String paid(String id, long created) {
    return "{\"id\":\""
        + id
        + "\",\"object\":\"event\",\"type\":\"invoice.paid\",\"created\":"
        + created
        + ",\"data\":{\"object\":{\"id\":\"in_1\",\"object\":\"invoice\",\"customer\":\"cus_1\","
        + "\"amount_paid\":990,\"currency\":\"brl\"}}}";
  }

  @Test
  void aStripeListIsReplayedOldestFirst_soADisputeFindsItsCharge(@TempDir Path dir)
      throws Exception {
    // as the list API returns them: newest first; the charge and the paid invoice share a second
    Path file =
        Files.writeString(
            dir.resolve("events.json"),
            "{\"object\":\"list\",\"has_more\":false,\"data\":["
                + dispute("evt_3", 300)
                + ","
                + paid("evt_2", 100)
                + ","
                + charge("evt_1", 100)
                + "]}");

    Backfill.Result result =
        Backfill.run(
            file, IngestService.unchecked("stripe", ZONE), ingestor, metrics, Clock.systemUTC());

    assertThat(result.events()).isEqualTo(3);
    assertThat(result.count(Ingestor.Kind.MAPPED)).isEqualTo(2);
    assertThat(result.count(Ingestor.Kind.IGNORED)).isEqualTo(1);
    assertThat(result.written()).isEqualTo(2);
    assertThat(sink.sent)
        .extracting(r -> ((PaymentEvent) r.value()).getEventType())
        .containsExactly(PaymentEventType.PAYMENT_SUCCEEDED, PaymentEventType.CHARGEBACK);
    assertThat(((PaymentEvent) sink.sent.get(1).value()).getCustomerId()).isEqualTo("cus_1");
  }

  @Test
  void anArrayIsSortedByTime(@TempDir Path dir) throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("asaas.json"),
            "[{\"id\":\"evt_b\",\"event\":\"PAYMENT_RECEIVED\",\"dateCreated\":\"2026-03-09"
                + " 10:00:00\",\"payment\":{\"id\":\"pay_1\",\"customer\":\"cus_1\",\"value\":10,"
                + "\"billingType\":\"PIX\",\"clientPaymentDate\":\"2026-03-09\"}},{\"id\":\"evt_a\",\"event\":\"PAYMENT_CREATED\",\"dateCreated\":\"2026-03-01"
                + " 09:00:00\",\"payment\":{\"id\":\"pay_1\",\"customer\":\"cus_1\",\"value\":10,"
                + "\"billingType\":\"PIX\",\"dueDate\":\"2026-03-10\"}}]");

    Backfill.run(
        file, IngestService.unchecked("asaas", ZONE), ingestor, metrics, Clock.systemUTC());

    assertThat(sink.sent)
        .extracting(r -> ((PaymentEvent) r.value()).getEventId())
        .containsExactly("evt_a", "pay_1:paid");
  }

  @Test
  void kafkaAwayStopsTheReplay(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("events.json"), "[" + paid("evt_1", 1) + "]");
    sink.down = true;
    assertThatThrownBy(
            () ->
                Backfill.run(
                    file,
                    IngestService.unchecked("stripe", ZONE),
                    ingestor,
                    metrics,
                    Clock.systemUTC()))
        .isInstanceOf(Backfill.Interrupted.class)
        .hasMessageStartingWith("Kafka stopped acknowledging after 0 of 1 events");
  }

  @Test
  void somethingElseIsRefusedInOneLine(@TempDir Path dir) throws Exception {
    Path object = Files.writeString(dir.resolve("o.json"), "{\"id\":\"evt_1\"}");
    Path broken = Files.writeString(dir.resolve("b.json"), "[{");
    assertThatThrownBy(() -> Backfill.read(object))
        .hasMessageEndingWith(
            "is neither a JSON array of events nor a list of them ({\"data\": [...]})");
    assertThatThrownBy(() -> Backfill.read(broken)).hasMessageContaining("is not JSON");
    assertThat(Backfill.read(Files.writeString(dir.resolve("e.json"), "[]"))).isEqualTo(List.of());
  }
}
