package io.carteira.cli;

import static io.carteira.cli.StripeDeliveries.CUSTOMER;
import static io.carteira.cli.StripeDeliveries.envelope;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.carteira.ingest.IngestService;
import io.carteira.ingest.IngestSettings;
import io.carteira.ingest.IngestTopics;
import io.carteira.ingest.stripe.StripeSignature;
import io.carteira.jobs.config.CarteiraConfig;
import io.carteira.jobs.config.Knobs;
import io.carteira.jobs.support.Drain;
import io.carteira.jobs.support.EndOfInput;
import io.carteira.jobs.support.JobProgress;
import io.carteira.jobs.support.MiniClusters;
import io.carteira.jobs.support.RunOutputs;
import io.carteira.jobs.support.TestRuntime;
import io.carteira.schemas.AlertStatus;
import io.carteira.schemas.ChurnType;
import io.carteira.schemas.CustomerHealth;
import io.carteira.schemas.DunningAction;
import io.carteira.schemas.DunningActionType;
import io.carteira.schemas.Lifecycle;
import io.carteira.schemas.RiskAlert;
import io.carteira.schemas.registry.HttpSchemaRegistryClient;
import io.carteira.schemas.wire.AvroWireDecoder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.test.junit5.InjectClusterClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * End to end: Stripe's deliveries of one customer's story through {@code carteira ingest} (real
 * HTTP, signed, real broker and registry), then the real Carteira job over what it wrote. The
 * customer subscribes, its first invoice's card is declined twice (soft), then hard (expired), and
 * Stripe cancels the subscription. The job must show the customer past due then churned on
 * customer-health, open the failed-payment streak and the hard-decline alerts on risk-alerts, and
 * send the failed-payment notices on dunning-actions. The same deliveries sent again in another
 * order (within the job's out-of-orderness) and some of them twice, as Stripe does, give the same
 * outputs record for record.
 *
 * <p>The job runs unbounded, on events of June 2026 (the days a hard decline waits for a new card
 * must pass in event time), and is stopped once every operator's watermark has reached the end of
 * its input and that is committed ({@code EndOfInput}), as the job's determinism tests do.
 */
class StripeEndToEndIT {

  @RegisterExtension static final MiniClusterExtension FLINK = MiniClusters.twoSlots();

  private static final String SECRET = "whsec_end_to_end";
  private static final Instant DAY0 = Instant.parse("2026-06-01T12:00:00Z");

  private static Instant at(int day, int seconds) {
    return DAY0.plus(Duration.ofDays(day)).plusSeconds(seconds);
  }

  /** The story, in the order it happened. */
  private static List<ObjectNode> story() {
    List<ObjectNode> story = new ArrayList<>();
    story.add(
        envelope("evt_e2e_01", "customer.created", at(0, 0), StripeDeliveries.customer(at(0, 0))));
    story.add(
        envelope(
            "evt_e2e_02",
            "customer.subscription.created",
            at(0, 5),
            StripeDeliveries.subscription(at(0, 5), "active")));
    story.add(
        envelope(
            "evt_e2e_03", "invoice.finalized", at(0, 10), StripeDeliveries.invoice(at(0, 10))));
    story.add(
        envelope(
            "evt_e2e_04",
            "charge.failed",
            at(0, 40),
            StripeDeliveries.failedCharge(
                "ch_e2e_1", at(0, 40), "card_declined", "insufficient_funds", null)));
    story.add(
        envelope(
            "evt_e2e_05",
            "invoice.payment_failed",
            at(0, 41),
            StripeDeliveries.invoiceFailed(at(0, 41), 1, "ch_e2e_1")));
    story.add(
        envelope(
            "evt_e2e_06",
            "charge.failed",
            at(3, 0),
            StripeDeliveries.failedCharge(
                "ch_e2e_2", at(3, 0), "card_declined", "insufficient_funds", "try_again_later")));
    story.add(
        envelope(
            "evt_e2e_07",
            "invoice.payment_failed",
            at(3, 1),
            StripeDeliveries.invoiceFailed(at(3, 1), 2, "ch_e2e_2")));
    story.add(
        envelope(
            "evt_e2e_08",
            "charge.failed",
            at(6, 0),
            StripeDeliveries.failedCharge(
                "ch_e2e_3", at(6, 0), "expired_card", "expired_card", "do_not_try_again")));
    story.add(
        envelope(
            "evt_e2e_09",
            "customer.subscription.deleted",
            at(20, 0),
            StripeDeliveries.cancelled(at(20, 0))));
    return story;
  }

  /**
   * The same deliveries as Stripe may well send them: neighbours within seconds swapped (the
   * subscription before its customer, a failure before its invoice), and retries of deliveries it
   * did not see acknowledged.
   */
  private static List<ObjectNode> reorderedAndRepeated() {
    List<ObjectNode> s = story();
    return List.of(
        s.get(1), s.get(0), s.get(3), s.get(3), s.get(2), s.get(4), s.get(1), s.get(5), s.get(6),
        s.get(5), s.get(7), s.get(7), s.get(8), s.get(8));
  }

  @Test
  void aStripeCustomersStory_throughIngestAndTheJob(@InjectClusterClient ClusterClient<?> flink)
      throws Exception {
    URI rest = URI.create(flink.getWebInterfaceURL());
    try (TestRuntime runtime = MiniClusters.runtimeForTwoSlots()) {
      CarteiraConfig ordered = run(runtime.config(), rest, "ordered", story());
      CarteiraConfig shuffled = run(runtime.config(), rest, "shuffled", reorderedAndRepeated());

      assertTheStory(ordered);
      List<String> compared =
          RunOutputs.assertIdentical(
              ordered,
              "ordered",
              "shuffled",
              List.of("customer-health", "risk-alerts", "dunning-actions", "portfolio-metrics"));
      System.out.println("StripeEndToEndIT: identical outputs: " + compared);
      assertThat(Drain.committed(shuffled.get(Knobs.KAFKA_BOOTSTRAP), "shuffled-dead-letters"))
          .as("repeats are dropped by the job, not refused")
          .isEmpty();
    }
  }

  /** Delivers through a receiver of the run's own, then runs the job over the run's topics. */
  private static CarteiraConfig run(
      CarteiraConfig base, URI rest, String run, List<ObjectNode> deliveries) throws Exception {
    CarteiraConfig config =
        RunOutputs.config(base, run)
            .set(Knobs.CHECKPOINT_INTERVAL, "500ms")
            .set(
                Knobs.CHECKPOINT_DIR,
                Files.createTempDirectory("carteira-stripe-" + run).toUri().toString())
            .set(Knobs.TOPIC_PAYMENTS, run + "-payments")
            .set(Knobs.TOPIC_USAGE, run + "-usage")
            .set(Knobs.TOPIC_SUBSCRIPTIONS, run + "-subscriptions")
            .build();
    RunOutputs.createTopics(config, run);
    IngestSettings settings =
        new IngestSettings(
            config.get(Knobs.KAFKA_BOOTSTRAP),
            config.get(Knobs.SCHEMA_REGISTRY_URL),
            true,
            new IngestTopics(
                config.get(Knobs.TOPIC_PAYMENTS),
                config.get(Knobs.TOPIC_USAGE),
                config.get(Knobs.TOPIC_SUBSCRIPTIONS),
                config.get(Knobs.TOPIC_DEAD_LETTERS)),
            config.get(Knobs.ZONE),
            "127.0.0.1",
            0,
            1000);
    try (IngestService ingest =
        IngestService.start(
            settings,
            List.of(IngestService.stripe(List.of(SECRET), settings.zone(), Clock.systemUTC())))) {
      HttpClient http = HttpClient.newHttpClient();
      for (ObjectNode delivery : deliveries) {
        byte[] body = delivery.toString().getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> response =
            http.send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + ingest.port() + "/webhooks/stripe"))
                    .header(
                        "Stripe-Signature",
                        StripeSignature.sign(SECRET, Instant.now().getEpochSecond(), body))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      }
      assertThat(ingest.metrics().value("dead_letters_total", "provider", "stripe")).isZero();
    }
    Instant end = EndOfInput.mark(config, at(20, 0));
    JobClient job = RunOutputs.submit(config, run, source -> source);
    try {
      new JobProgress(rest, job.getJobID().toHexString())
          .awaitWatermarkAndCommit(end, Duration.ofMinutes(4));
    } finally {
      job.cancel().get();
    }
    return config;
  }

  private static void assertTheStory(CarteiraConfig config) {
    List<CustomerHealth> snapshots = read(config, "ordered-customer-health", CustomerHealth.class);
    assertThat(snapshots).isNotEmpty().allMatch(s -> s.getCustomerId().equals(CUSTOMER));
    assertThat(snapshots)
        .as("past due with its first invoice unpaid")
        .anySatisfy(
            s -> {
              assertThat(s.getLifecycle()).isEqualTo(Lifecycle.PAST_DUE);
              assertThat(s.getOpenInvoices()).isEqualTo(1);
              assertThat(s.getOpenBalanceMinor()).isEqualTo(StripeDeliveries.MRR);
              assertThat(s.getMrrMinor()).isEqualTo(StripeDeliveries.MRR);
              assertThat(s.getCurrency()).isEqualTo("BRL");
            });
    CustomerHealth last = snapshots.get(snapshots.size() - 1);
    assertThat(last.getLifecycle()).isEqualTo(Lifecycle.CHURNED);
    assertThat(last.getMrrMinor()).isZero();
    assertThat(last.getCustomerName()).isEqualTo("Padaria Pão Quente Ltda");
    assertThat(last.getAccountOwner()).isEqualTo("marina@carteira.example");
    assertThat(last.getPlanId()).isEqualTo(StripeDeliveries.PRICE);
    assertThat(last.getLastEventId()).isEqualTo("evt_e2e_09");

    List<RiskAlert> alerts = read(config, "ordered-risk-alerts", RiskAlert.class);
    // under the built-in policy the two soft declines stay with the dunning ladder (the streak's
    // risk is under risk.open_from for involuntary churn); the expired card opens the one
    // involuntary alert
    assertThat(alerts)
        .filteredOn(
            a -> a.getStatus() == AlertStatus.OPEN && a.getChurnType() == ChurnType.INVOLUNTARY)
        .extracting(RiskAlert::getPattern)
        .containsExactly("HARD_DECLINE_NOT_UPDATED");
    assertThat(alerts)
        .filteredOn(a -> a.getPattern().equals("HARD_DECLINE_NOT_UPDATED"))
        .first()
        .satisfies(
            a -> assertThat(a.getEvidence().toString()).contains("evt_e2e_08", "expired_card"));

    assertThat(alerts.get(alerts.size() - 1).getStatus())
        .as("the cancellation resolves what was open")
        .isEqualTo(AlertStatus.RESOLVED);

    List<DunningAction> actions = read(config, "ordered-dunning-actions", DunningAction.class);
    assertThat(actions)
        .filteredOn(a -> a.getActionType() == DunningActionType.PAYMENT_FAILED_NOTICE)
        .extracting(DunningAction::getFailureCode)
        .containsExactly("insufficient_funds", "insufficient_funds", "expired_card");
    assertThat(actions)
        .filteredOn(a -> a.getActionType() == DunningActionType.RETRY_SCHEDULED)
        .as("a retry announced for each soft decline, none for the hard one")
        .hasSize(2);
    assertThat(actions).allMatch(a -> a.getLocale().equals("pt-BR"));
  }

  private static <T extends SpecificRecord> List<T> read(
      CarteiraConfig config, String topic, Class<T> type) {
    AvroWireDecoder<T> decoder =
        new AvroWireDecoder<>(
            type, new HttpSchemaRegistryClient(config.get(Knobs.SCHEMA_REGISTRY_URL)));
    return Drain.committed(config.get(Knobs.KAFKA_BOOTSTRAP), topic).stream()
        .map(r -> decoder.decode(r.value()).record())
        .toList();
  }
}
