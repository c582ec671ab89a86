package io.carteira.ingest.kafka;

import io.carteira.schemas.registry.SchemaRegistryClient;
import io.carteira.schemas.wire.AvroWireEncoder;
import io.carteira.schemas.wire.WireFormat;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Record values in Confluent's wire format (magic byte, schema id, Avro binary), with the subject
 * of Confluent's TopicNameStrategy ({@code <topic>-value}): the format the job's source reads, the
 * same the generator and replay write. The schema is registered (or, without auto-registration,
 * looked up) once per subject. Thread-safe.
 */
final class WireSerializer implements Serializer<SpecificRecord> {

  private final SchemaRegistryClient registry;
  private final boolean autoRegister;
  private final Map<String, AvroWireEncoder<SpecificRecord>> encoders = new HashMap<>();

  WireSerializer(SchemaRegistryClient registry, boolean autoRegister) {
    this.registry = registry;
    this.autoRegister = autoRegister;
  }

  @Override
  @SuppressWarnings("unchecked")
  public synchronized byte[] serialize(String topic, SpecificRecord data) {
    if (data == null) {
      return null;
    }
    String subject = WireFormat.valueSubject(topic);
    return encoders
        .computeIfAbsent(
            subject + '/' + data.getClass().getName(),
            key ->
                new AvroWireEncoder<>(
                    (Class<SpecificRecord>) data.getClass(), subject, registry, autoRegister))
        .encode(data);
  }
}
