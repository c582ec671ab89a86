package io.carteira.jobs.cli;

import io.carteira.jobs.config.CarteiraConfig;
import io.carteira.jobs.config.Knobs;
import io.carteira.operators.policy.PolicyParser;
import io.carteira.schemas.PolicyDocument;
import io.carteira.schemas.registry.HttpSchemaRegistryClient;
import io.carteira.schemas.wire.AvroWireDecoder;
import io.carteira.schemas.wire.DecodeResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The {@code policies} topic replayed with the job's own rules (the same parser, versions must
 * rise per segment), so the CLI shows what the job has in force and refuses what it would refuse.
 */
final class PolicyTopic {

  record Entry(PolicyDocument document, long offset, String refusal) {}

  final Map<String, Entry> inForce = new LinkedHashMap<>();
  final List<Entry> refused = new ArrayList<>();

  static PolicyTopic read(CarteiraConfig config) {
    PolicyTopic topic = new PolicyTopic();
    String name = config.get(Knobs.TOPIC_POLICIES);
    AvroWireDecoder<PolicyDocument> decoder = new AvroWireDecoder<>(PolicyDocument.class,
        new HttpSchemaRegistryClient(config.get(Knobs.SCHEMA_REGISTRY_URL)));
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.get(Knobs.KAFKA_BOOTSTRAP));
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "15000");
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<PartitionInfo> infos;
      try {
        infos = consumer.partitionsFor(name, Duration.ofSeconds(15));
      } catch (org.apache.kafka.common.errors.TimeoutException e) {
        throw new CarteiraCli.CliException("Kafka at " + config.get(Knobs.KAFKA_BOOTSTRAP) + " did not answer within 15 s");
      }
      if (infos == null || infos.isEmpty()) {
        throw new CarteiraCli.CliException("topic '" + name + "' does not exist on " + config.get(Knobs.KAFKA_BOOTSTRAP));
      }
      List<TopicPartition> partitions = infos.stream().map(p -> new TopicPartition(name, p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          DecodeResult<PolicyDocument> decoded = decoder.decode(record.value());
          if (decoded.isDecoded()) {
            topic.offer(decoded.record(), record.offset());
          }
        }
      }
    }
    return topic;
  }

  /** Applies the job's rules to one more document; returns why it is refused, or null. */
  String offer(PolicyDocument document, long offset) {
    String refusal = refusal(document);
    if (refusal == null) {
      inForce.put(document.getSegment(), new Entry(document, offset, null));
    } else {
      refused.add(new Entry(document, offset, refusal));
    }
    return refusal;
  }

  String refusal(PolicyDocument document) {
    PolicyParser.Result result = PolicyParser.parse(document);
    if (!result.accepted()) {
      return String.join("; ", result.errors());
    }
    Entry current = inForce.get(document.getSegment());
    if (current != null && document.getVersion() <= current.document().getVersion()) {
      return "v" + document.getVersion() + " is not newer than v" + current.document().getVersion() + " in force";
    }
    return null;
  }
}
