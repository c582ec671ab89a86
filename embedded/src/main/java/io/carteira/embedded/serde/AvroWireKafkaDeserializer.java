package io.carteira.embedded.serde;

import io.carteira.schemas.registry.HttpSchemaRegistryClient;
import io.carteira.schemas.wire.AvroWireDecoder;
import io.carteira.schemas.wire.DecodeResult;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * A plain Kafka {@link Deserializer} of Confluent's wire format into a generated class, for
 * consumers outside Flink. A record that cannot be decoded raises Kafka's {@link
 * SerializationException} naming the dead-letter kind. Thread-safe.
 */
public class AvroWireKafkaDeserializer<T extends SpecificRecord> implements Deserializer<T> {

  private final Class<T> type;
  private AvroWireDecoder<T> decoder;

  public AvroWireKafkaDeserializer(Class<T> type) {
    this.type = type;
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    Object url = configs.get(AvroWireKafkaSerializer.REGISTRY_URL);
    if (url == null) {
      throw new IllegalArgumentException(AvroWireKafkaSerializer.REGISTRY_URL + " is not set");
    }
    decoder =
        new AvroWireDecoder<>(
            type, new HttpSchemaRegistryClient(AvroWireKafkaSerializer.accessOf(configs, url)));
  }

  @Override
  public synchronized T deserialize(String topic, byte[] data) {
    if (data == null) {
      return null;
    }
    DecodeResult<T> result = decoder.decode(data);
    if (!result.isDecoded()) {
      throw new SerializationException(result.failureKind() + ": " + result.failureMessage());
    }
    return result.record();
  }
}
