package io.carteira.jobs.graph;

import static org.assertj.core.api.Assertions.assertThat;

import io.carteira.jobs.CarteiraJob;
import io.carteira.jobs.JobEnvironment;
import io.carteira.jobs.config.CarteiraConfig;
import io.carteira.jobs.config.Knobs;
import io.carteira.jobs.embedded.EmbeddedRuntime;
import io.carteira.jobs.generator.EventPublisher;
import io.carteira.jobs.generator.GeneratedEvent;
import io.carteira.jobs.generator.PortfolioGenerator;
import io.carteira.jobs.kafka.KafkaEndpoints;
import io.carteira.jobs.kafka.Topics;
import io.carteira.jobs.support.Drain;
import io.carteira.jobs.support.EndOfInput;
import io.carteira.jobs.support.JobProgress;
import io.carteira.jobs.support.MiniClusters;
import io.carteira.schemas.registry.HttpSchemaRegistryClient;
import io.carteira.schemas.wire.AvroWireDecoder;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectClusterClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Replay determinism (RELIABILITY.md): the same input, read twice from empty state by the real job
 * graph (parallelism 2, RocksDB, exactly-once sinks), gives byte-identical alerts, dunning actions,
 * health snapshots, metrics and dead letters, customer by customer and in the same order. The two
 * runs differ in pace: one reads the whole backlog with the usual 200 ms watermark cadence, the
 * other advances the watermark every 10 ms, so events meet the watermark at different points.
 * Both are unbounded jobs, stopped once every operator's watermark has reached the input's end
 * ({@link EndOfInput}) and that is committed.
 */
class ReplayDeterminismIT {

  @RegisterExtension
  static final MiniClusterExtension FLINK = MiniClusters.twoSlots();

  private static final List<String> OUTPUTS = List.of("customer-health", "risk-alerts", "dunning-actions", "portfolio-metrics", "dead-letters");

  @Test
  void theSameInputTwice_byteIdenticalOutputs(@InjectClusterClient ClusterClient<?> flink) throws Exception {
    try (EmbeddedRuntime runtime = EmbeddedRuntime.start(CarteiraConfig.builder()
        .set(Knobs.TOPIC_PARTITIONS, "2")
        .set(Knobs.PARALLELISM, "2")
        .build())) {
      Instant end = load(runtime.config(), 300, 150);
      URI rest = URI.create(flink.getWebInterfaceURL());
      run(runtime, rest, "first", "200 ms", end);
      run(runtime, rest, "second", "10 ms", end);

      for (String output : OUTPUTS) {
        Map<String, List<byte[]>> first = byCustomer(runtime, "first-" + output);
        Map<String, List<byte[]>> second = byCustomer(runtime, "second-" + output);
        int records = first.values().stream().mapToInt(List::size).sum();
        System.out.printf("replay determinism: %s: %,d records of %,d keys in each run%n", output, records, first.size());
        assertThat(second.keySet()).as(output + " keys").isEqualTo(first.keySet());
        AvroWireDecoder<?> decoder = new AvroWireDecoder<>(TYPES.get(output), new HttpSchemaRegistryClient(runtime.registryUrl()));
        for (String key : first.keySet()) {
          if (!bodies(second.get(key)).equals(bodies(first.get(key)))) {
            List<String> a = decoded(decoder, first.get(key));
            List<String> b = decoded(decoder, second.get(key));
            int at = 0;
            while (at < Math.min(a.size(), b.size()) && a.get(at).equals(b.get(at))) {
              at++;
            }
            assertThat(at).as(String.format("%s of %s: %d vs %d records, first difference at %d:%n first:  %s%n second: %s", output,
                key, a.size(), b.size(), at, at < a.size() ? a.get(at) : "(none)", at < b.size() ? b.get(at) : "(none)"))
                .isEqualTo(Math.max(a.size(), b.size()));
            assertThat(bodies(second.get(key))).as(output + " of " + key + ", bytes").containsExactlyElementsOf(bodies(first.get(key)));
          }
        }
        if (!output.equals("dead-letters")) {
          assertThat(records).as(output + " has records to compare").isPositive();
        }
      }
    }
  }

  /** The generated portfolio, then the end marks; returns the watermark the runs reach. */
  private static Instant load(CarteiraConfig config, int customers, int days) {
    PortfolioGenerator generator = new PortfolioGenerator(11, customers);
    Instant last = Instant.MIN;
    try (EventPublisher publisher = new EventPublisher(config, 0, 11)) {
      for (int day = 0; day < days; day++) {
        List<GeneratedEvent> events = generator.nextDayEvents();
        publisher.publish(events);
        for (GeneratedEvent event : events) {
          last = event.eventTime().isAfter(last) ? event.eventTime() : last;
        }
      }
      publisher.flush();
    }
    return EndOfInput.mark(config, last);
  }

  private static void run(EmbeddedRuntime runtime, URI rest, String name, String watermarkInterval, Instant end) throws Exception {
    CarteiraConfig.Builder builder = runtime.config().toBuilder()
        .set(Knobs.CONSUMER_GROUP, name)
        .set(Knobs.CHECKPOINT_INTERVAL, "500ms")
        .set(Knobs.CHECKPOINT_DIR, Files.createTempDirectory("carteira-replay-" + name).toUri().toString())
        .set("flink.pipeline.auto-watermark-interval", watermarkInterval);
    builder.set(Knobs.TOPIC_CUSTOMER_HEALTH, name + "-customer-health")
        .set(Knobs.TOPIC_RISK_ALERTS, name + "-risk-alerts")
        .set(Knobs.TOPIC_DUNNING_ACTIONS, name + "-dunning-actions")
        .set(Knobs.TOPIC_PORTFOLIO_METRICS, name + "-portfolio-metrics")
        .set(Knobs.TOPIC_DEAD_LETTERS, name + "-dead-letters");
    CarteiraConfig config = builder.build();
    // customer-health is compacted in production; here every snapshot is kept, to compare them all
    try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(
        Map.of("bootstrap.servers", runtime.bootstrapServers()))) {
      admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(name + "-customer-health", 2, (short) 1)
          .configs(Map.of("cleanup.policy", "delete", "message.timestamp.type", "LogAppendTime")))).all().get();
    }
    Topics.create(config);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(JobEnvironment.flinkConfiguration(config));
    CarteiraJob.assemble(env, KafkaEndpoints.inputs(config), KafkaEndpoints.outputs(config), config);
    JobClient job = env.executeAsync("carteira-replay-" + name);
    try {
      new JobProgress(rest, job.getJobID().toHexString()).awaitWatermarkAndCommit(end, Duration.ofMinutes(4));
    } finally {
      job.cancel().get();
    }
  }

  /** A topic as read_committed readers see it: each key's records in order. */
  private static Map<String, List<byte[]>> byCustomer(EmbeddedRuntime runtime, String topic) {
    Map<String, List<byte[]>> byKey = new LinkedHashMap<>();
    for (ConsumerRecord<byte[], byte[]> r : Drain.committed(runtime.bootstrapServers(), topic)) {
      String key = r.key() == null ? "" : new String(r.key(), java.nio.charset.StandardCharsets.UTF_8);
      byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(r.value());
    }
    return new HashMap<>(byKey);
  }

  private static List<String> decoded(AvroWireDecoder<?> decoder, List<byte[]> values) {
    return values.stream().map(v -> String.valueOf(decoder.decode(v).record())).toList();
  }

  private static final Map<String, Class<? extends org.apache.avro.specific.SpecificRecord>> TYPES = Map.of(
      "customer-health", io.carteira.schemas.CustomerHealth.class,
      "risk-alerts", io.carteira.schemas.RiskAlert.class,
      "dunning-actions", io.carteira.schemas.DunningAction.class,
      "portfolio-metrics", io.carteira.schemas.PortfolioMetric.class,
      "dead-letters", io.carteira.schemas.DeadLetter.class);

  /** The Avro bodies, past the 5-byte header: the schema id is that of each run's own subject. */
  private static List<String> bodies(List<byte[]> values) {
    return values.stream().map(v -> Arrays.toString(Arrays.copyOfRange(v, 5, v.length))).toList();
  }
}
