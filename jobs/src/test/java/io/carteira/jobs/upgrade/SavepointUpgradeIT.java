package io.carteira.jobs.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import io.carteira.jobs.CarteiraJob;
import io.carteira.jobs.config.CarteiraConfig;
import io.carteira.jobs.config.Knobs;
import io.carteira.jobs.support.Drain;
import io.carteira.jobs.support.EndOfInput;
import io.carteira.jobs.support.GeneratedInput;
import io.carteira.jobs.support.JobProgress;
import io.carteira.jobs.support.MiniClusters;
import io.carteira.jobs.support.RunOutputs;
import io.carteira.jobs.support.TestRuntime;
import io.carteira.jobs.support.WireProducer;
import io.carteira.schemas.CustomerHealth;
import io.carteira.schemas.UsageEvent;
import io.carteira.schemas.UsageEventType;
import io.carteira.schemas.registry.HttpSchemaRegistryClient;
import io.carteira.schemas.wire.AvroWireDecoder;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.test.junit5.InjectClusterClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Savepoint upgrade: a savepoint taken by an earlier build of a running portfolio is committed
 * under {@code src/test/resources/savepoints/}; the build under test restores it (every piece of
 * its state must find its operator, but for that of the retired CEP operators, which a restore
 * leaves behind, see {@link RetiredOperatorStateTest}), reads one new event per customer, and every
 * customer comes back as it was: plan, MRR, open balance, invoices, owner and value tier in the
 * snapshot of that event equal those of its last snapshot before the savepoint.
 *
 * <p>The fixture is written by this class too, when asked ({@code -Dsavepoint.write=true}): a
 * generated portfolio run to its end, stopped with a canonical savepoint, plus what the restore
 * needs: each customer's last snapshot, the input topics' offsets (the restored source resumes
 * there, so the restore pads a fresh broker's partitions up to them) and the state record schemas
 * of that build (for {@code StateSchemaEvolutionTest}). A savepoint, once committed, is never
 * rewritten: a later build adds its own next to it.
 */
class SavepointUpgradeIT {

  static final Path SAVEPOINTS = Path.of("src/test/resources/savepoints");
  private static final String FIXTURE = System.getProperty("savepoint.name", "v1");
  private static final String RUN = "upgrade";
  private static final int CUSTOMERS = 300;
  private static final long EVENTS = 20_000;

  @RegisterExtension static final MiniClusterExtension FLINK = MiniClusters.twoSlots();

  @Test
  void theCommittedSavepointRestores_andEveryCustomerComesBack(
      @InjectClusterClient ClusterClient<?> flink) throws Exception {
    Path fixture = SAVEPOINTS.resolve(FIXTURE);
    Properties about = properties(fixture.resolve("fixture.properties"));
    Map<String, String> before = lines(fixture.resolve("customers.tsv"));
    assertThat(before).hasSize(Integer.parseInt(about.getProperty("customers")));
    Instant end = Instant.parse(about.getProperty("end"));
    Instant after =
        end.plus(
            Duration.ofDays(2)); // a new day: snapshots change with the day of the last activity

    try (TestRuntime runtime = TestRuntime.start(settings())) {
      CarteiraConfig config =
          RunOutputs.config(runtime.config(), RUN)
              .set(Knobs.CHECKPOINT_INTERVAL, "1s")
              .set(
                  Knobs.CHECKPOINT_DIR,
                  Files.createTempDirectory("carteira-upgrade").toUri().toString())
              .set(
                  "flink.execution.state-recovery.path",
                  fixture.resolve("savepoint").toAbsolutePath().toUri().toString())
              // the state of the retired CEP operators only (RetiredOperatorStateTest), as the
              // upgrade notes say
              .set(
                  "flink.execution.state-recovery.ignore-unclaimed-state",
                  String.valueOf(holdsRetiredState(fixture)))
              .build();
      RunOutputs.createTopics(config, RUN);
      padInputsTo(config, lines(fixture.resolve("input-offsets.tsv")));
      writeOneLoginPerCustomer(config, before.keySet(), after);
      Instant newEnd = EndOfInput.markAgain(config, after.plus(Duration.ofHours(2)));

      JobClient job = RunOutputs.submit(config, RUN, source -> source);
      JobProgress progress =
          new JobProgress(URI.create(flink.getWebInterfaceURL()), job.getJobID().toHexString());
      try {
        progress.awaitWatermarkAndCommit(newEnd, Duration.ofMinutes(3));
        assertThat(progress.restarts()).as("restarts of the restored job").isZero();
      } finally {
        job.cancel().get();
      }

      Map<String, String> restored = new TreeMap<>();
      for (CustomerHealth health : snapshots(config)) {
        if (health.getLastEventId().equals(loginId(health.getCustomerId()))) {
          restored.put(health.getCustomerId(), restoredFields(health));
        }
      }
      System.out.printf(
          "savepoint %s (%s events, %s customers) restored: %,d of %,d customers as they were%n",
          FIXTURE,
          about.getProperty("events"),
          about.getProperty("customers"),
          before.entrySet().stream()
              .filter(e -> e.getValue().equals(restored.get(e.getKey())))
              .count(),
          before.size());
      assertThat(restored).isEqualTo(new TreeMap<>(before));
    }
  }

  /**
   * Writes a new fixture (run with {@code -Dsavepoint.write=true}, and {@code -Dsavepoint.name} for
   * its folder).
   */
  @Test
  @EnabledIfSystemProperty(named = "savepoint.write", matches = "true")
  void writeTheFixture(@InjectClusterClient ClusterClient<?> flink) throws Exception {
    Path fixture = SAVEPOINTS.resolve(FIXTURE);
    assertThat(fixture).as("a committed savepoint is never rewritten").doesNotExist();
    try (TestRuntime runtime = TestRuntime.start(settings())) {
      GeneratedInput.Written input =
          GeneratedInput.write(runtime.config(), 11, CUSTOMERS, EVENTS, 0);
      CarteiraConfig config =
          RunOutputs.config(runtime.config(), RUN)
              .set(Knobs.CHECKPOINT_INTERVAL, "1s")
              .set(
                  Knobs.CHECKPOINT_DIR,
                  Files.createTempDirectory("carteira-upgrade").toUri().toString())
              .build();
      JobClient job = RunOutputs.submit(config, RUN, source -> source);
      new JobProgress(URI.create(flink.getWebInterfaceURL()), job.getJobID().toHexString())
          .awaitWatermarkAndCommit(input.end(), Duration.ofMinutes(5));
      Path taken =
          Path.of(
              URI.create(
                  job.stopWithSavepoint(
                          false,
                          Files.createTempDirectory("carteira-savepoint").toUri().toString(),
                          SavepointFormatType.CANONICAL)
                      .get()));

      Files.createDirectories(fixture.resolve("savepoint"));
      try (Stream<Path> files = Files.list(taken)) {
        for (Path file : files.toList()) {
          Files.copy(
              file,
              fixture.resolve("savepoint").resolve(file.getFileName()),
              StandardCopyOption.REPLACE_EXISTING);
        }
      }
      Map<String, String> customers = new TreeMap<>();
      for (CustomerHealth health : snapshots(config)) {
        if (!health.getCustomerId().equals(EndOfInput.CUSTOMER)) {
          customers.put(health.getCustomerId(), restoredFields(health)); // the last one stays
        }
      }
      write(fixture.resolve("customers.tsv"), customers);
      write(fixture.resolve("input-offsets.tsv"), endOffsets(config));
      Files.createDirectories(fixture.resolve("state-schemas"));
      for (Schema schema : StateSchemaEvolutionTest.STATE_RECORDS) {
        Files.writeString(
            fixture.resolve("state-schemas").resolve(schema.getName() + ".avsc"),
            schema.toString(true) + "\n");
      }
      Files.writeString(
          fixture.resolve("fixture.properties"),
          String.join(
              "\n",
              "# A canonical savepoint of the Carteira job, taken by"
                  + " SavepointUpgradeIT#writeTheFixture",
              "events=" + input.events(),
              "customers=" + customers.size(),
              "end=" + input.end(),
              "taken=" + Instant.now(),
              ""));
    }
  }

  /**
   * Whether the fixture holds state of the CEP operators builds before ran (v1 does): their state
   * is left behind, and nothing else may be.
   */
  private static boolean holdsRetiredState(Path fixture) throws IOException {
    return !SavepointOperators.heldOf(
            fixture.resolve("savepoint"), CarteiraJob.RETIRED_SEQUENCE_UIDS)
        .isEmpty();
  }

  private static CarteiraConfig settings() {
    return CarteiraConfig.builder()
        .set(Knobs.TOPIC_PARTITIONS, "2")
        .set(Knobs.PARALLELISM, "2")
        .build();
  }

  /** What a restored customer must still have: the fields no login changes. */
  private static String restoredFields(CustomerHealth health) {
    return String.join(
        "\t",
        String.valueOf(health.getPlanId()),
        String.valueOf(health.getMrrMinor()),
        String.valueOf(health.getCurrency()),
        String.valueOf(health.getOpenBalanceMinor()),
        String.valueOf(health.getOpenInvoices()),
        String.valueOf(health.getAccountOwner()),
        String.valueOf(health.getSegment().getValueTier()),
        String.valueOf(health.getCustomerName()));
  }

  private static String loginId(String customer) {
    return "after-upgrade-" + customer;
  }

  private static List<CustomerHealth> snapshots(CarteiraConfig config) {
    AvroWireDecoder<CustomerHealth> decoder =
        new AvroWireDecoder<>(
            CustomerHealth.class,
            new HttpSchemaRegistryClient(config.get(Knobs.SCHEMA_REGISTRY_URL)));
    return Drain.committed(config.get(Knobs.KAFKA_BOOTSTRAP), RUN + "-customer-health").stream()
        .map(r -> decoder.decode(r.value()).record())
        .toList();
  }

  private static Map<String, String> endOffsets(CarteiraConfig config) throws Exception {
    Map<String, String> offsets = new TreeMap<>();
    try (Admin admin =
        Admin.create(Map.of("bootstrap.servers", config.get(Knobs.KAFKA_BOOTSTRAP)))) {
      Map<TopicPartition, OffsetSpec> asked = new LinkedHashMap<>();
      for (String topic :
          List.of(
              config.get(Knobs.TOPIC_PAYMENTS),
              config.get(Knobs.TOPIC_USAGE),
              config.get(Knobs.TOPIC_SUBSCRIPTIONS),
              config.get(Knobs.TOPIC_POLICIES))) {
        int partitions =
            admin
                .describeTopics(List.of(topic))
                .allTopicNames()
                .get()
                .get(topic)
                .partitions()
                .size();
        for (int p = 0; p < partitions; p++) {
          asked.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
      }
      admin
          .listOffsets(asked)
          .all()
          .get()
          .forEach(
              (tp, offset) ->
                  offsets.put(tp.topic() + "-" + tp.partition(), String.valueOf(offset.offset())));
    }
    return offsets;
  }

  /**
   * Fills each input partition of a fresh broker up to the offset the restored source resumes at.
   */
  private static void padInputsTo(CarteiraConfig config, Map<String, String> offsets) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.get(Knobs.KAFKA_BOOTSTRAP));
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
      offsets.forEach(
          (topicPartition, offset) -> {
            int dash = topicPartition.lastIndexOf('-');
            String topic = topicPartition.substring(0, dash);
            int partition = Integer.parseInt(topicPartition.substring(dash + 1));
            for (long i = 0; i < Long.parseLong(offset); i++) {
              producer.send(
                  new ProducerRecord<>(
                      topic, partition, null, "read before the savepoint".getBytes()));
            }
          });
      producer.flush();
    }
  }

  private static void writeOneLoginPerCustomer(
      CarteiraConfig config, Iterable<String> customers, Instant at) {
    try (KafkaProducer<String, SpecificRecord> producer = WireProducer.open(config)) {
      for (String customer : customers) {
        producer.send(
            new ProducerRecord<>(
                config.get(Knobs.TOPIC_USAGE),
                customer,
                UsageEvent.newBuilder()
                    .setEventId(loginId(customer))
                    .setCustomerId(customer)
                    .setEventTime(at)
                    .setEventType(UsageEventType.LOGIN)
                    .setUserId("after-upgrade")
                    .build()));
      }
      producer.flush();
    }
  }

  private static Properties properties(Path file) throws IOException {
    Properties properties = new Properties();
    try (var reader = Files.newBufferedReader(file)) {
      properties.load(reader);
    }
    return properties;
  }

  /** A two-column file: key, tab, the rest. */
  private static Map<String, String> lines(Path file) throws IOException {
    Map<String, String> lines = new LinkedHashMap<>();
    for (String line : Files.readAllLines(file)) {
      int tab = line.indexOf('\t');
      lines.put(line.substring(0, tab), line.substring(tab + 1));
    }
    return lines;
  }

  private static void write(Path file, Map<String, String> lines) throws IOException {
    List<String> out = new ArrayList<>();
    lines.forEach((key, value) -> out.add(key + "\t" + value));
    Files.write(file, out);
  }
}
