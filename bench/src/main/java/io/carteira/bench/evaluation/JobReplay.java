package io.carteira.bench.evaluation;

import io.carteira.cli.LocalRuntime;
import io.carteira.embedded.generator.EventPublisher;
import io.carteira.embedded.generator.GeneratedEvent;
import io.carteira.jobs.CarteiraJob;
import io.carteira.jobs.JobEnvironment;
import io.carteira.jobs.config.CarteiraConfig;
import io.carteira.jobs.config.Knobs;
import io.carteira.jobs.kafka.KafkaEndpoints;
import io.carteira.schemas.CustomerHealth;
import io.carteira.schemas.RiskAlert;
import io.carteira.schemas.registry.HttpSchemaRegistryClient;
import io.carteira.schemas.wire.AvroWireDecoder;
import java.nio.file.Files;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Runs the production job graph on a portfolio's events from empty state to their end, on the
 * in-process broker and registry and a local MiniCluster (parallelism 2, RocksDB, exactly-once
 * sinks), and reads {@code risk-alerts} and {@code customer-health} back as a {@code
 * read_committed} consumer would. The events are published with their own event times, all at once
 * (compressed event time): this measures what the job says, not how fast.
 */
public final class JobReplay {

  /** What the job wrote. */
  public record Outputs(List<RiskAlert> alerts, List<CustomerHealth> health) {}

  static final String IDLENESS = "5m";

  private JobReplay() {}

  /**
   * @param knobs settings on top of the evaluation's (e.g. a policy file), as {@code key=value}
   */
  public static Outputs run(List<GeneratedEvent> events, ZoneId zone, Map<String, String> knobs)
      throws Exception {
    try (LocalRuntime runtime = LocalRuntime.start(settings(zone, knobs))) {
      CarteiraConfig config =
          runtime.config().toBuilder()
              .set(
                  Knobs.CHECKPOINT_DIR,
                  Files.createTempDirectory("carteira-evaluation").toUri().toString())
              .build();
      try (EventPublisher publisher = new EventPublisher(LocalRuntime.destination(config), 0, 0)) {
        publisher.publish(events);
        publisher.flush();
      }
      StreamExecutionEnvironment env =
          StreamExecutionEnvironment.createLocalEnvironment(
              2, JobEnvironment.localFlinkConfiguration(config));
      CarteiraJob.assemble(
          env, KafkaEndpoints.boundedInputs(config), KafkaEndpoints.outputs(config), config);
      env.execute("carteira-evaluation");
      HttpSchemaRegistryClient registry =
          new HttpSchemaRegistryClient(config.get(Knobs.SCHEMA_REGISTRY_URL));
      AvroWireDecoder<RiskAlert> alerts = new AvroWireDecoder<>(RiskAlert.class, registry);
      AvroWireDecoder<CustomerHealth> health =
          new AvroWireDecoder<>(CustomerHealth.class, registry);
      String bootstrap = runtime.bootstrapServers();
      return new Outputs(
          committed(bootstrap, config.get(Knobs.TOPIC_RISK_ALERTS)).stream()
              .map(r -> alerts.decode(r.value()).record())
              .toList(),
          committed(bootstrap, config.get(Knobs.TOPIC_CUSTOMER_HEALTH)).stream()
              .map(r -> health.decode(r.value()).record())
              .toList());
    }
  }

  /**
   * The replay's settings. The watermark idleness is long ({@value #IDLENESS}): every event is in
   * the topics before the job starts and a data set spans years of event time, so a partition read
   * a second late must not let the watermark run ahead of it (its events would come late). A
   * bounded partition that is read to its end holds the watermark no longer.
   */
  static CarteiraConfig settings(ZoneId zone, Map<String, String> knobs) {
    CarteiraConfig.Builder base =
        CarteiraConfig.builder()
            .set(Knobs.TOPIC_PARTITIONS, "2")
            .set(Knobs.PARALLELISM, "2")
            .set(Knobs.CHECKPOINT_INTERVAL, "1s")
            .set(Knobs.IDLENESS, IDLENESS)
            .set(Knobs.ZONE, zone.getId());
    knobs.forEach(base::set);
    return base.build();
  }

  /** Every committed record of {@code topic}, partition by partition in offset order. */
  static List<ConsumerRecord<byte[], byte[]>> committed(String bootstrap, String topic) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic, Duration.ofSeconds(15)).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("could not read all of " + topic + " in 5 minutes");
        }
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
      return records;
    }
  }
}
