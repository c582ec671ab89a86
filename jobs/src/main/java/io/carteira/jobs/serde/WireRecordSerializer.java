package io.carteira.jobs.serde;

import io.carteira.schemas.registry.HttpSchemaRegistryClient;
import io.carteira.schemas.registry.RegistryAccess;
import io.carteira.schemas.wire.AvroWireEncoder;
import io.carteira.schemas.wire.WireFormat;
import java.nio.charset.StandardCharsets;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.util.function.SerializableFunction;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes one output topic in Confluent's wire format under subject {@code <topic>-value}, keyed by
 * the record's customer id (UTF-8), so every topic partitions alike. The record's event time
 * becomes the Kafka timestamp.
 */
public class WireRecordSerializer<T extends SpecificRecord>
    implements KafkaRecordSerializationSchema<T> {

  private final Class<T> type;
  private final String topic;
  private final RegistryAccess registry;
  private final boolean autoRegister;
  private final SerializableFunction<T, String> key;

  private transient AvroWireEncoder<T> encoder;

  public WireRecordSerializer(
      Class<T> type,
      String topic,
      String registryUrl,
      boolean autoRegister,
      SerializableFunction<T, String> key) {
    this(type, topic, RegistryAccess.of(registryUrl), autoRegister, key);
  }

  public WireRecordSerializer(
      Class<T> type,
      String topic,
      RegistryAccess registry,
      boolean autoRegister,
      SerializableFunction<T, String> key) {
    this.type = type;
    this.topic = topic;
    this.registry = registry;
    this.autoRegister = autoRegister;
    this.key = key;
  }

  @Override
  public void open(
      SerializationSchema.InitializationContext context, KafkaSinkContext sinkContext) {
    encoder =
        new AvroWireEncoder<>(
            type,
            WireFormat.valueSubject(topic),
            new HttpSchemaRegistryClient(registry),
            autoRegister);
    encoder.schemaId();
  }

  @Override
  public ProducerRecord<byte[], byte[]> serialize(
      T element, KafkaSinkContext context, Long timestamp) {
    String k = key.apply(element);
    return new ProducerRecord<>(
        topic,
        null,
        timestamp,
        k == null ? null : k.getBytes(StandardCharsets.UTF_8),
        encoder.encode(element));
  }
}
