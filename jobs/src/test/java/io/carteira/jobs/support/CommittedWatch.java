package io.carteira.jobs.support;

import io.carteira.schemas.registry.HttpSchemaRegistryClient;
import io.carteira.schemas.wire.AvroWireDecoder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Output topics as a {@code read_committed} reader follows them live: one consumer, polling every
 * few milliseconds on a thread of its own, notes the wall-clock instant each record became visible.
 * A test then asks for the first record matching what it expects, and when it was seen.
 */
public final class CommittedWatch implements AutoCloseable {

  /** A record and the wall-clock instant a read_committed reader first saw it. */
  public record Seen<T>(T record, Instant at) {}

  private record Visible(String topic, byte[] value, Instant at) {}

  private final HttpSchemaRegistryClient registry;
  private final Map<Class<?>, AvroWireDecoder<?>> decoders = new ConcurrentHashMap<>();
  private final List<Visible> visible = new ArrayList<>();
  private final Thread poller;
  private volatile boolean closing;
  private volatile RuntimeException failure;

  /** Starts following {@code topics} (which must exist) from their beginning. */
  public CommittedWatch(String bootstrap, String registryUrl, List<String> topics) {
    this.registry = new HttpSchemaRegistryClient(registryUrl);
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> partitions = new ArrayList<>();
    for (String topic : topics) {
      consumer
          .partitionsFor(topic, Duration.ofSeconds(15))
          .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
    }
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    poller = new Thread(() -> follow(consumer), "committed-watch");
    poller.setDaemon(true);
    poller.start();
  }

  private void follow(KafkaConsumer<byte[], byte[]> consumer) {
    try (consumer) {
      while (!closing) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(20))) {
          synchronized (visible) {
            visible.add(new Visible(r.topic(), r.value(), Instant.now()));
          }
        }
      }
    } catch (RuntimeException e) {
      failure = e;
    }
  }

  /** Every record of {@code topic} seen so far, decoded as {@code type}, in the order seen. */
  public <T extends SpecificRecord> List<Seen<T>> seen(String topic, Class<T> type) {
    if (failure != null) {
      throw failure;
    }
    @SuppressWarnings("unchecked")
    AvroWireDecoder<T> decoder =
        (AvroWireDecoder<T>)
            decoders.computeIfAbsent(type, t -> new AvroWireDecoder<>(type, registry));
    List<Visible> copy;
    synchronized (visible) {
      copy = List.copyOf(visible);
    }
    return copy.stream()
        .filter(v -> v.topic().equals(topic))
        .map(v -> new Seen<>(decoder.decode(v.value()).record(), v.at()))
        .toList();
  }

  /**
   * The first record of {@code topic} that {@code wanted} matches, waiting up to {@code timeout}
   * for it; fails with what was seen instead.
   */
  public <T extends SpecificRecord> Seen<T> await(
      String topic, Class<T> type, Predicate<T> wanted, Duration timeout, String what)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (true) {
      List<Seen<T>> all = seen(topic, type);
      for (Seen<T> s : all) {
        if (wanted.test(s.record())) {
          return s;
        }
      }
      if (Instant.now().isAfter(deadline)) {
        StringBuilder message =
            new StringBuilder(what + ": not on " + topic + " within " + timeout + "; seen:");
        all.forEach(s -> message.append("\n  ").append(s.at()).append(' ').append(s.record()));
        throw new AssertionError(message);
      }
      Thread.sleep(50);
    }
  }

  @Override
  public void close() throws InterruptedException {
    closing = true;
    poller.join(10_000);
  }
}
