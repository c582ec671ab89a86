package io.carteira.embedded.generator;

import io.carteira.embedded.serde.AvroWireKafkaSerializer;
import io.carteira.schemas.registry.RegistryAccess;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes generated events to the input topics in Confluent's wire format, keyed by customer id,
 * with the event time as the Kafka timestamp. A dial mixes in malformed records (bad magic byte,
 * truncated, corrupt Avro) so the demo shows them landing in dead-letters.
 */
public final class EventPublisher implements AutoCloseable {

  private final KafkaProducer<String, SpecificRecord> producer;
  private final KafkaProducer<byte[], byte[]> rawProducer;
  private final String payments;
  private final String usage;
  private final String subscriptions;
  private final double badRecordRate;
  private final SplittableRandom badRecords;
  private final AtomicLong published = new AtomicLong();
  private final AtomicLong malformed = new AtomicLong();

  /** Where the events go: a broker, a registry, and the three input topics by name. */
  /**
   * Where to publish: the brokers with the client settings to reach them (security protocol, SASL,
   * trust store: empty for a plain broker), the registry and the input topics.
   */
  public record Destination(
      String bootstrapServers,
      String registryUrl,
      String paymentsTopic,
      String usageTopic,
      String subscriptionsTopic,
      Properties clientSettings,
      RegistryAccess registry) {

    public Destination(
        String bootstrapServers,
        String registryUrl,
        String paymentsTopic,
        String usageTopic,
        String subscriptionsTopic) {
      this(
          bootstrapServers,
          registryUrl,
          paymentsTopic,
          usageTopic,
          subscriptionsTopic,
          new Properties(),
          RegistryAccess.of(registryUrl));
    }
  }

  public EventPublisher(Destination destination, double badRecordRate, long seed) {
    Properties props = new Properties();
    props.putAll(destination.clientSettings());
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, destination.bootstrapServers());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.LINGER_MS_CONFIG, "20");
    props.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(256 * 1024));
    props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    props.put(AvroWireKafkaSerializer.REGISTRY_URL, destination.registryUrl());
    AvroWireKafkaSerializer<SpecificRecord> values = new AvroWireKafkaSerializer<>();
    values.configure(
        Map.of(
            AvroWireKafkaSerializer.REGISTRY_URL,
            destination.registryUrl(),
            AvroWireKafkaSerializer.REGISTRY_ACCESS,
            destination.registry()),
        false);
    this.producer = new KafkaProducer<>(props, new StringSerializer(), values);
    this.rawProducer =
        badRecordRate > 0
            ? new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())
            : null;
    this.payments = destination.paymentsTopic();
    this.usage = destination.usageTopic();
    this.subscriptions = destination.subscriptionsTopic();
    this.badRecordRate = badRecordRate;
    this.badRecords = new SplittableRandom(seed ^ 0x5DEECE66DL);
  }

  public void publish(List<GeneratedEvent> events) {
    for (GeneratedEvent event : events) {
      publish(event);
    }
  }

  public void publish(GeneratedEvent event) {
    String topic = topic(event.topic());
    producer.send(
        new ProducerRecord<>(
            topic, null, event.eventTime().toEpochMilli(), event.customerId(), event.record()));
    published.incrementAndGet();
    if (rawProducer != null && badRecords.nextDouble() < badRecordRate) {
      byte[] key = event.customerId().getBytes(StandardCharsets.UTF_8);
      byte[] value =
          switch (badRecords.nextInt(3)) {
            case 0 ->
                "{\"customer_id\":\""
                    .concat(event.customerId())
                    .concat("\"}")
                    .getBytes(StandardCharsets.UTF_8);
            case 1 -> new byte[] {0, 0};
            default ->
                new byte[] {
                  0,
                  0,
                  0,
                  0,
                  1,
                  (byte) 0xff,
                  (byte) 0xff,
                  (byte) 0xff,
                  (byte) 0xff,
                  (byte) 0xff,
                  0x0f
                };
          };
      rawProducer.send(
          new ProducerRecord<>(topic, null, event.eventTime().toEpochMilli(), key, value));
      malformed.incrementAndGet();
    }
  }

  public String topic(GeneratedEvent.Topic topic) {
    return switch (topic) {
      case PAYMENTS -> payments;
      case USAGE -> usage;
      case SUBSCRIPTIONS -> subscriptions;
    };
  }

  public void flush() {
    producer.flush();
    if (rawProducer != null) {
      rawProducer.flush();
    }
  }

  public long published() {
    return published.get();
  }

  public long malformed() {
    return malformed.get();
  }

  @Override
  public void close() {
    producer.close();
    if (rawProducer != null) {
      rawProducer.close();
    }
  }
}
