package io.carteira.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.carteira.console.read.TopicReading;
import io.carteira.jobs.config.CarteiraConfig;
import io.carteira.jobs.config.Knobs;
import io.carteira.jobs.kafka.RegistryClients;
import io.carteira.schemas.wire.AvroJson;
import io.carteira.schemas.wire.GenericWireDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Prints any topic as JSON lines, decoded with the writer's schema from the registry. */
@Command(
    name = "tail",
    mixinStandardHelpOptions = true,
    description =
        "Print a topic as JSON lines (read_committed), decoded with the schemas in the registry.")
final class TailCommand implements Callable<Integer> {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Mixin ConfigOptions options;

  @Spec CommandSpec spec;

  @Parameters(
      paramLabel = "TOPIC",
      description = "Topic to read, e.g. customer-health, dead-letters, payments.")
  String topic;

  @Option(
      names = "--from-beginning",
      description = "Start at the oldest record instead of new ones.")
  boolean fromBeginning;

  @Option(
      names = "--max",
      defaultValue = "0",
      description = "Stop after this many records (0: no limit).")
  long max;

  @Option(
      names = "--idle-exit",
      paramLabel = "SECONDS",
      defaultValue = "0",
      description = "Stop when nothing arrives for this many seconds (0: follow forever).")
  int idleExit;

  @Option(
      names = {"-b", "--bootstrap"},
      description = "Kafka bootstrap servers (overrides kafka.bootstrap-servers).")
  String bootstrap;

  @Option(
      names = {"-r", "--registry"},
      description = "Schema registry URL (overrides schema-registry.url).")
  String registry;

  @Override
  public Integer call() {
    CarteiraConfig.Builder overridden = options.load().toBuilder();
    if (bootstrap != null) {
      overridden.set(Knobs.KAFKA_BOOTSTRAP, bootstrap);
    }
    if (registry != null) {
      overridden.set(Knobs.SCHEMA_REGISTRY_URL, registry);
    }
    CarteiraConfig config = overridden.build();
    String servers = config.get(Knobs.KAFKA_BOOTSTRAP);
    GenericWireDecoder decoder = new GenericWireDecoder(RegistryClients.of(config));
    AtomicBoolean stop = new AtomicBoolean();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> stop.set(true)));
    try (KafkaConsumer<byte[], byte[]> consumer = TopicReading.consumer(config)) {
      List<TopicPartition> partitions = TopicReading.partitions(consumer, topic, servers);
      consumer.assign(partitions);
      if (fromBeginning) {
        consumer.seekToBeginning(partitions);
      } else {
        consumer.seekToEnd(partitions);
      }
      long printed = 0;
      long lastRecordAt = System.nanoTime();
      while (!stop.get()) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(250))) {
          spec.commandLine().getOut().println(line(record, decoder));
          lastRecordAt = System.nanoTime();
          if (max > 0 && ++printed >= max) {
            return 0;
          }
        }
        spec.commandLine().getOut().flush();
        if (idleExit > 0
            && System.nanoTime() - lastRecordAt > Duration.ofSeconds(idleExit).toNanos()) {
          return 0;
        }
      }
    }
    return 0;
  }

  static String line(ConsumerRecord<byte[], byte[]> record, GenericWireDecoder decoder) {
    ObjectNode line = JSON.createObjectNode();
    line.put("topic", record.topic())
        .put("partition", record.partition())
        .put("offset", record.offset())
        .put("timestamp", Instant.ofEpochMilli(record.timestamp()).toString())
        .put("key", record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8));
    if (record.value() == null) {
      line.putNull("value");
      return line.toString();
    }
    try {
      GenericWireDecoder.Decoded decoded = decoder.decode(record.value());
      line.put("schema_id", decoded.schemaId());
      line.set("value", AvroJson.toNode(decoded.datum(), decoded.schema()));
    } catch (RuntimeException e) {
      line.put("error", e.getMessage());
      line.put("value_base64", Base64.getEncoder().encodeToString(record.value()));
    }
    return line.toString();
  }
}
