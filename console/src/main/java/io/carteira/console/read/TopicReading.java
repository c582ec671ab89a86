package io.carteira.console.read;

import io.carteira.jobs.config.CarteiraConfig;
import io.carteira.jobs.config.Knobs;
import io.carteira.jobs.kafka.KafkaClients;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * How Carteira's tools read topics (the CLI's commands, its live view, the console): as a
 * read_committed consumer, so they see only what the job committed, with one-line errors for a
 * missing broker or topic.
 */
public final class TopicReading {

  private TopicReading() {}

  /** A consumer with the configuration's brokers and security settings. */
  public static KafkaConsumer<byte[], byte[]> consumer(CarteiraConfig config) {
    return consumer(KafkaClients.common(config));
  }

  /** A consumer with these client settings (brokers, security). */
  public static KafkaConsumer<byte[], byte[]> consumer(Properties clientSettings) {
    Properties props = new Properties();
    props.putAll(clientSettings);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "15000");
    return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  /**
   * The partitions of {@code topic}; a missing topic or an unreachable broker is a {@link
   * ReadingException}.
   */
  public static List<TopicPartition> partitions(
      Consumer<?, ?> consumer, String topic, String bootstrap) {
    List<PartitionInfo> infos;
    try {
      infos = consumer.partitionsFor(topic, Duration.ofSeconds(15));
    } catch (TimeoutException e) {
      throw new ReadingException("Kafka at " + bootstrap + " did not answer within 15 s");
    }
    if (infos == null || infos.isEmpty()) {
      throw new ReadingException("topic '" + topic + "' does not exist on " + bootstrap);
    }
    return infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
  }

  /** Every committed record of {@code topic} as of now, partition by partition in offset order. */
  public static List<ConsumerRecord<byte[], byte[]>> readAll(
      CarteiraConfig config, String topic, Duration timeout) {
    String bootstrap = config.get(Knobs.KAFKA_BOOTSTRAP);
    try (KafkaConsumer<byte[], byte[]> consumer = consumer(config)) {
      List<TopicPartition> partitions = partitions(consumer, topic, bootstrap);
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
      long deadline = System.nanoTime() + timeout.toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))
          && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
      return records;
    }
  }

  /** A topic that cannot be read, said in one line a user can act on. */
  public static final class ReadingException extends RuntimeException {
    public ReadingException(String message) {
      super(message);
    }
  }
}
