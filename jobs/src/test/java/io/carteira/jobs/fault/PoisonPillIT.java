package io.carteira.jobs.fault;

import static org.assertj.core.api.Assertions.assertThat;

import io.carteira.embedded.generator.EventPublisher;
import io.carteira.embedded.generator.GeneratedEvent;
import io.carteira.embedded.generator.PortfolioGenerator;
import io.carteira.embedded.serde.AvroWireKafkaSerializer;
import io.carteira.jobs.config.CarteiraConfig;
import io.carteira.jobs.config.Knobs;
import io.carteira.jobs.kafka.Topics;
import io.carteira.jobs.support.Drain;
import io.carteira.jobs.support.EndOfInput;
import io.carteira.jobs.support.JobProgress;
import io.carteira.jobs.support.MiniClusters;
import io.carteira.jobs.support.RunOutputs;
import io.carteira.jobs.support.TestRuntime;
import io.carteira.schemas.DeadLetter;
import io.carteira.schemas.DeadLetterKind;
import io.carteira.schemas.PaymentEvent;
import io.carteira.schemas.PaymentEventType;
import io.carteira.schemas.UsageEvent;
import io.carteira.schemas.UsageEventType;
import io.carteira.schemas.registry.HttpSchemaRegistryClient;
import io.carteira.schemas.wire.AvroWireDecoder;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.Future;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.test.junit5.InjectClusterClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Bad input at volume: the generated portfolio twice, once clean and once (on input topics of its
 * own) with 1% bad records mixed in, of every kind a producer can send that does not depend on
 * timing: bytes that are not the wire format, truncated or null values, unknown schema ids, another
 * topic's schema, corrupt Avro, missing ids, a Kafka key that is not the customer, negative
 * amounts, bad currencies, event times ten years ahead, and exact repeats of real events. The job
 * never restarts; the dead letters are exactly the bad records injected (the same topic, partition
 * and offset, the expected kind); repeats are processed once; and every valid output equals the
 * clean run's, byte for byte. The job's counters account for every offset it read: accepted or
 * dead-lettered, and of the accepted, those counted as repeats. ({@code LATE} and {@code
 * UNKNOWN_SYMBOL} are left out: whether a record is late depends on where the watermark is when it
 * is read, and an unknown symbol with an enum default is a valid event.)
 */
class PoisonPillIT {

  private static final int CUSTOMERS = Integer.getInteger("poison.customers", 2_000);
  private static final long EVENTS = Long.getLong("poison.events", 200_000L);
  private static final double RATE = 0.01;

  @RegisterExtension static final MiniClusterExtension FLINK = MiniClusters.twoSlots();

  /** The kinds injected, in turn; DUPLICATE is a repeat of a real event, not a dead letter. */
  enum Pill {
    BAD_MAGIC_BYTE,
    TRUNCATED,
    NULL_VALUE,
    UNKNOWN_SCHEMA_ID,
    WRONG_SCHEMA,
    AVRO_DECODE,
    VALIDATION,
    KEY_MISMATCH,
    INVALID_AMOUNT,
    INVALID_CURRENCY,
    FUTURE_TIMESTAMP,
    DUPLICATE
  }

  @Test
  void onePercentBadRecords_deadLettersExactlyThoseAndValidOutputsEqualTheCleanRun(
      @InjectClusterClient ClusterClient<?> flink) throws Exception {
    try (TestRuntime runtime = MiniClusters.runtimeForTwoSlots()) {
      CarteiraConfig clean = runtime.config();
      CarteiraConfig poisoned =
          clean.toBuilder()
              .set(Knobs.TOPIC_PAYMENTS, "poisoned-payments")
              .set(Knobs.TOPIC_USAGE, "poisoned-usage")
              .set(Knobs.TOPIC_SUBSCRIPTIONS, "poisoned-subscriptions")
              .build();
      Topics.create(poisoned);
      Injected injected = write(clean, poisoned);
      URI rest = URI.create(flink.getWebInterfaceURL());
      run(clean, rest, "clean", injected.end());
      Accounting accounting = run(poisoned, rest, "poisoned", injected.end());

      List<String> compared =
          RunOutputs.assertIdentical(
              clean,
              "clean",
              "poisoned",
              List.of("customer-health", "risk-alerts", "dunning-actions", "portfolio-metrics"));
      Map<DeadLetterKind, Integer> deadLetters = new EnumMap<>(DeadLetterKind.class);
      Set<String> deadLetterOffsets = new HashSet<>();
      AvroWireDecoder<DeadLetter> decoder =
          new AvroWireDecoder<>(
              DeadLetter.class, new HttpSchemaRegistryClient(runtime.registryUrl()));
      for (ConsumerRecord<byte[], byte[]> r :
          Drain.committed(runtime.bootstrapServers(), "poisoned-dead-letters")) {
        DeadLetter deadLetter = decoder.decode(r.value()).record();
        deadLetters.merge(deadLetter.getErrorKind(), 1, Integer::sum);
        deadLetterOffsets.add(
            deadLetter.getSourceTopic()
                + "/"
                + deadLetter.getSourcePartition()
                + "/"
                + deadLetter.getSourceOffset());
      }
      System.out.printf(
          "poison pills: %,d events, %,d bad records injected (%s); dead letters %s; %d restarts;"
              + " counters: %,d read = %,d accepted (%,d of them repeats) + %,d dead-lettered%n",
          injected.events(),
          injected.offsets().size(),
          injected.byKind(),
          deadLetters,
          accounting.restarts(),
          accounting.read(),
          accounting.accepted(),
          accounting.duplicates(),
          accounting.deadLettered());
      compared.forEach(line -> System.out.println("  identical " + line));

      assertThat(accounting.restarts()).isZero();
      Map<DeadLetterKind, Integer> expected = new EnumMap<>(DeadLetterKind.class);
      injected
          .byKind()
          .forEach(
              (pill, n) -> {
                if (pill != Pill.DUPLICATE) {
                  expected.put(DeadLetterKind.valueOf(pill.name()), n);
                }
              });
      assertThat(deadLetters).isEqualTo(expected);
      assertThat(deadLetterOffsets).isEqualTo(injected.deadLetterOffsets());
      // every offset of the poisoned input topics: the events, the bad records, the end marks (one
      // per partition of each)
      long written =
          injected.events() + injected.offsets().size() + 3L * poisoned.get(Knobs.TOPIC_PARTITIONS);
      assertThat(accounting.read())
          .as("offsets accounted for: accepted + dead-lettered")
          .isEqualTo(written);
      assertThat(accounting.duplicates())
          .as("repeats counted")
          .isEqualTo((long) injected.byKind().get(Pill.DUPLICATE));
    }
  }

  /**
   * What was injected: by kind, the offsets that should become dead letters, the events, and the
   * end watermark.
   */
  record Injected(
      long events,
      Map<Pill, Integer> byKind,
      List<String> offsets,
      Set<String> deadLetterOffsets,
      Instant end) {}

  /** What the job's counters say it did with what it read. */
  record Accounting(long restarts, long read, long accepted, long duplicates, long deadLettered) {}

  private static Injected write(CarteiraConfig clean, CarteiraConfig poisoned) throws Exception {
    PortfolioGenerator generator = new PortfolioGenerator(5, CUSTOMERS);
    SplittableRandom random = new SplittableRandom(5);
    Map<Pill, Integer> byKind = new EnumMap<>(Pill.class);
    List<String> offsets = new ArrayList<>();
    Set<String> deadLetterOffsets = new HashSet<>();
    List<Future<RecordMetadata>> sent = new ArrayList<>();
    List<Pill> sentKinds = new ArrayList<>();
    AvroWireKafkaSerializer<SpecificRecord> wire = new AvroWireKafkaSerializer<>();
    wire.configure(
        Map.of(AvroWireKafkaSerializer.REGISTRY_URL, clean.get(Knobs.SCHEMA_REGISTRY_URL)), false);
    Instant last = Instant.MIN;
    long events = 0;
    int turn = 0;
    try (EventPublisher cleanInput = new EventPublisher(TestRuntime.destination(clean), 0, 5);
        EventPublisher poisonedInput = new EventPublisher(TestRuntime.destination(poisoned), 0, 5);
        KafkaProducer<byte[], byte[]> raw =
            new KafkaProducer<>(
                Map.of("bootstrap.servers", clean.get(Knobs.KAFKA_BOOTSTRAP), "acks", "all"),
                new ByteArraySerializer(),
                new ByteArraySerializer())) {
      while (events < EVENTS) {
        for (GeneratedEvent event : generator.nextDayEvents()) {
          cleanInput.publish(event);
          poisonedInput.publish(event);
          events++;
          last = event.eventTime().isAfter(last) ? event.eventTime() : last;
          if (random.nextDouble() >= RATE) {
            continue;
          }
          poisonedInput.flush(); // the pill comes after the event in its partition
          Pill pill = Pill.values()[turn++ % Pill.values().length];
          ProducerRecord<byte[], byte[]> record =
              pill(pill, event, poisonedInput.topic(event.topic()), poisoned, wire);
          sent.add(raw.send(record));
          sentKinds.add(pill);
          byKind.merge(pill, 1, Integer::sum);
        }
      }
      cleanInput.flush();
      poisonedInput.flush();
      raw.flush();
    }
    for (int i = 0; i < sent.size(); i++) {
      RecordMetadata at = sent.get(i).get();
      String offset = at.topic() + "/" + at.partition() + "/" + at.offset();
      offsets.add(offset);
      if (sentKinds.get(i) != Pill.DUPLICATE) {
        deadLetterOffsets.add(offset);
      }
    }
    Instant end = EndOfInput.mark(clean, last);
    EndOfInput.mark(poisoned, last);
    return new Injected(events, byKind, offsets, deadLetterOffsets, end);
  }

  /** One bad record of {@code pill}, beside {@code event} (its customer, time and topic). */
  private static ProducerRecord<byte[], byte[]> pill(
      Pill pill,
      GeneratedEvent event,
      String topic,
      CarteiraConfig poisoned,
      AvroWireKafkaSerializer<SpecificRecord> wire) {
    String customer = event.customerId();
    byte[] key = customer.getBytes(StandardCharsets.UTF_8);
    long time = event.eventTime().toEpochMilli();
    String id = "pill-" + customer + "-" + time + "-" + pill.name().toLowerCase();
    String payments = poisoned.get(Knobs.TOPIC_PAYMENTS);
    PaymentEvent.Builder payment =
        PaymentEvent.newBuilder()
            .setEventId(id)
            .setCustomerId(customer)
            .setEventTime(event.eventTime())
            .setEventType(PaymentEventType.PAYMENT_METHOD_UPDATED)
            .setCurrency("BRL");
    return switch (pill) {
      case BAD_MAGIC_BYTE ->
          new ProducerRecord<>(
              topic,
              null,
              time,
              key,
              ("{\"customer_id\":\"" + customer + "\"}").getBytes(StandardCharsets.UTF_8));
      case TRUNCATED -> new ProducerRecord<>(topic, null, time, key, new byte[] {0, 0});
      case NULL_VALUE -> new ProducerRecord<>(topic, null, time, key, (byte[]) null);
      case UNKNOWN_SCHEMA_ID ->
          new ProducerRecord<>(
              topic,
              null,
              time,
              key,
              ByteBuffer.allocate(7)
                  .put((byte) 0)
                  .putInt(987_654)
                  .put((byte) 2)
                  .put((byte) 0x41)
                  .array());
      case WRONG_SCHEMA ->
          new ProducerRecord<>(
              payments,
              null,
              time,
              key,
              wire.serialize(
                  poisoned.get(Knobs.TOPIC_USAGE),
                  UsageEvent.newBuilder()
                      .setEventId(id)
                      .setCustomerId(customer)
                      .setEventTime(event.eventTime())
                      .setEventType(UsageEventType.LOGIN)
                      .build()));
      case AVRO_DECODE -> {
        byte[] valid = wire.serialize(payments, payment.build());
        byte[] corrupt =
            new byte[] {
              valid[0],
              valid[1],
              valid[2],
              valid[3],
              valid[4],
              (byte) 0xff,
              (byte) 0xff,
              (byte) 0xff,
              (byte) 0xff,
              (byte) 0xff,
              0x0f
            };
        yield new ProducerRecord<>(payments, null, time, key, corrupt);
      }
      case VALIDATION ->
          new ProducerRecord<>(
              payments, null, time, key, wire.serialize(payments, payment.setEventId(" ").build()));
      case KEY_MISMATCH ->
          new ProducerRecord<>(
              payments,
              null,
              time,
              "~someone-else".getBytes(StandardCharsets.UTF_8),
              wire.serialize(payments, payment.build()));
      case INVALID_AMOUNT ->
          new ProducerRecord<>(
              payments,
              null,
              time,
              key,
              wire.serialize(payments, payment.setAmountMinor(-100L).build()));
      case INVALID_CURRENCY ->
          new ProducerRecord<>(
              payments,
              null,
              time,
              key,
              wire.serialize(payments, payment.setCurrency("REAIS").build()));
      case FUTURE_TIMESTAMP ->
          new ProducerRecord<>(
              payments,
              null,
              time,
              key,
              wire.serialize(
                  payments,
                  payment.setEventTime(event.eventTime().plus(Duration.ofDays(3653))).build()));
      case DUPLICATE ->
          new ProducerRecord<>(topic, null, time, key, wire.serialize(topic, event.record()));
    };
  }

  private static Accounting run(CarteiraConfig base, URI rest, String name, Instant end)
      throws Exception {
    CarteiraConfig config =
        RunOutputs.config(base, name)
            .set(Knobs.CHECKPOINT_INTERVAL, "1s")
            .set(
                Knobs.CHECKPOINT_DIR,
                Files.createTempDirectory("carteira-poison-" + name).toUri().toString())
            .build();
    JobClient job = RunOutputs.submit(config, name, source -> source);
    JobProgress progress = new JobProgress(rest, job.getJobID().toHexString());
    try {
      progress.awaitWatermarkAndCommit(end, Duration.ofMinutes(5));
      long accepted = progress.counter(".eventsAccepted");
      long deadLettered = progress.counter(".deadLetters.");
      return new Accounting(
          progress.restarts(),
          accepted + deadLettered,
          accepted,
          progress.counter(".duplicateEvents"),
          deadLettered);
    } finally {
      job.cancel().get();
    }
  }
}
