package io.carteira.jobs.graph;

import static org.assertj.core.api.Assertions.assertThat;

import io.carteira.jobs.config.CarteiraConfig;
import io.carteira.jobs.config.Knobs;
import io.carteira.jobs.support.Drain;
import io.carteira.jobs.support.MiniClusters;
import io.carteira.jobs.support.RunOutputs;
import io.carteira.jobs.support.TestRuntime;
import io.carteira.jobs.support.WireProducer;
import io.carteira.schemas.CustomerHealth;
import io.carteira.schemas.PaymentEvent;
import io.carteira.schemas.PaymentEventType;
import io.carteira.schemas.SubscriptionEvent;
import io.carteira.schemas.SubscriptionEventType;
import io.carteira.schemas.registry.HttpSchemaRegistryClient;
import io.carteira.schemas.wire.AvroWireDecoder;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A fully silent input (idle partitions): two customers' first events, then nothing on any
 * partition (one of them never had a record). The wall-clock floor still moves event time on, so an
 * unpaid invoice ages at midnight as the floor passes it, with no input at all; and time never runs
 * ahead of the floor, so an invoice due next month does not age.
 *
 * <p>The floor's lag is chosen so that it reaches that midnight about 25 s after the test starts,
 * long after every partition has fallen silent (idleness 2 s). The floor applies to a partition
 * once it is live, its newest event within the out-of-orderness of the floor: the events here are
 * ten days before it, so the out-of-orderness is eleven days (the floor, later, is the watermark).
 */
class IdleInputIT {

  @RegisterExtension static final MiniClusterExtension FLINK = MiniClusters.twoSlots();

  private static final ZoneId ZONE = ZoneId.of("America/Sao_Paulo");

  @Test
  void withEveryPartitionSilent_theWallClockFloorFiresDueTimers_andNothingRunsAheadOfIt()
      throws Exception {
    Instant now = Instant.now();
    LocalDate day = now.atZone(ZONE).toLocalDate().minusDays(2);
    Instant midnight = day.atStartOfDay(ZONE).toInstant();
    Duration floorLag = Duration.between(midnight, now).plusSeconds(25);
    LocalDate overdueSince = day.minusDays(4);
    LocalDate dueNextMonth = day.plusDays(30);

    try (TestRuntime runtime = MiniClusters.runtimeForTwoSlots()) {
      CarteiraConfig config =
          RunOutputs.config(runtime.config(), "idle")
              .set(Knobs.CHECKPOINT_INTERVAL, "1s")
              .set(
                  Knobs.CHECKPOINT_DIR,
                  Files.createTempDirectory("carteira-idle").toUri().toString())
              .set(Knobs.IDLENESS, "PT2S")
              .set(Knobs.WALL_CLOCK_FLOOR_LAG, floorLag.toString())
              .set(Knobs.OUT_OF_ORDERNESS, "P11D")
              .set(Knobs.ALLOWED_LATENESS, "P60D")
              .build();
      JobClient job = RunOutputs.submit(config, "idle", source -> source);
      try {
        write(config, "overdue", midnight.minus(Duration.ofDays(10)), overdueSince);
        write(config, "due-next-month", midnight.minus(Duration.ofDays(10)), dueNextMonth);
        AvroWireDecoder<CustomerHealth> decoder =
            new AvroWireDecoder<>(
                CustomerHealth.class,
                new HttpSchemaRegistryClient(config.get(Knobs.SCHEMA_REGISTRY_URL)));
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        List<CustomerHealth> snapshots = List.of();
        while (Instant.now().isBefore(deadline)) {
          Thread.sleep(2_000);
          snapshots =
              Drain.committed(config.get(Knobs.KAFKA_BOOTSTRAP), "idle-customer-health").stream()
                  .map(r -> decoder.decode(r.value()).record())
                  .toList();
          if (snapshots.stream()
              .anyMatch(s -> s.getCustomerId().equals("overdue") && s.getAsOf().equals(midnight))) {
            break;
          }
        }
        Instant floor = Instant.now().minus(floorLag);

        assertThat(snapshots)
            .as("the overdue customer's snapshot at the midnight the floor passed, with no input")
            .anySatisfy(
                s -> {
                  assertThat(s.getCustomerId()).isEqualTo("overdue");
                  assertThat(s.getAsOf()).isEqualTo(midnight);
                  assertThat(s.getDaysPastDue())
                      .isEqualTo((int) ChronoUnit.DAYS.between(overdueSince, day));
                });
        assertThat(snapshots)
            .as("no snapshot ahead of the floor")
            .allSatisfy(s -> assertThat(s.getAsOf()).isBefore(floor));
        assertThat(snapshots)
            .filteredOn(s -> s.getCustomerId().equals("due-next-month"))
            .isNotEmpty()
            .allSatisfy(
                s ->
                    assertThat(s.getDaysPastDue())
                        .as("an invoice due next month does not age")
                        .isZero());
      } finally {
        job.cancel().get();
      }
    }
  }

  private static void write(
      CarteiraConfig config, String customer, Instant startedAt, LocalDate invoiceDue) {
    try (KafkaProducer<String, SpecificRecord> producer = WireProducer.open(config)) {
      producer.send(
          new ProducerRecord<>(
              config.get(Knobs.TOPIC_SUBSCRIPTIONS),
              customer,
              SubscriptionEvent.newBuilder()
                  .setEventId(customer + "-started")
                  .setCustomerId(customer)
                  .setEventTime(startedAt)
                  .setEventType(SubscriptionEventType.STARTED)
                  .setSubscriptionId(customer + "-subscription")
                  .setPlanId("pro")
                  .setMrrMinor(50_000L)
                  .setCurrency("BRL")
                  .build()));
      producer.send(
          new ProducerRecord<>(
              config.get(Knobs.TOPIC_PAYMENTS),
              customer,
              PaymentEvent.newBuilder()
                  .setEventId(customer + "-invoice")
                  .setCustomerId(customer)
                  .setEventTime(startedAt.plus(Duration.ofHours(1)))
                  .setEventType(PaymentEventType.INVOICE_ISSUED)
                  .setInvoiceId(customer + "-invoice-1")
                  .setAmountMinor(50_000L)
                  .setCurrency("BRL")
                  .setDueDate(invoiceDue)
                  .build()));
      producer.flush();
    }
  }
}
