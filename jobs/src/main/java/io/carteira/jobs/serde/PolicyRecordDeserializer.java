package io.carteira.jobs.serde;

import io.carteira.operators.ingest.DeadLetters;
import io.carteira.operators.policy.IngestedPolicy;
import io.carteira.schemas.DeadLetterKind;
import io.carteira.schemas.PolicyDocument;
import io.carteira.schemas.registry.HttpSchemaRegistryClient;
import io.carteira.schemas.registry.RegistryAccess;
import io.carteira.schemas.wire.AvroWireDecoder;
import io.carteira.schemas.wire.DecodeResult;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Reads the {@code policies} topic; a record that cannot be decoded becomes a POLICY_DECODE dead
 * letter.
 */
public class PolicyRecordDeserializer implements KafkaRecordDeserializationSchema<IngestedPolicy> {

  private final RegistryAccess registry;
  private transient AvroWireDecoder<PolicyDocument> decoder;

  public PolicyRecordDeserializer(String registryUrl) {
    this(RegistryAccess.of(registryUrl));
  }

  public PolicyRecordDeserializer(RegistryAccess registry) {
    this.registry = registry;
  }

  @Override
  public void open(DeserializationSchema.InitializationContext context) {
    decoder = new AvroWireDecoder<>(PolicyDocument.class, new HttpSchemaRegistryClient(registry));
  }

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<IngestedPolicy> out) {
    DecodeResult<PolicyDocument> decoded = decoder.decode(record.value());
    if (decoded.isDecoded()) {
      out.collect(
          IngestedPolicy.decoded(
              decoded.record(),
              record.topic(),
              record.partition(),
              record.offset(),
              record.timestamp(),
              record.key(),
              record.value()));
    } else {
      out.collect(
          IngestedPolicy.failed(
              DeadLetters.undecodable(
                  record.topic(),
                  record.partition(),
                  record.offset(),
                  record.timestamp(),
                  record.key(),
                  record.value(),
                  DeadLetterKind.POLICY_DECODE,
                  decoded.failureKind() + ": " + decoded.failureMessage(),
                  decoded.schemaId() < 0 ? null : decoded.schemaId())));
    }
  }

  @Override
  public TypeInformation<IngestedPolicy> getProducedType() {
    return TypeInformation.of(IngestedPolicy.class);
  }
}
