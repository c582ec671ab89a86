package io.carteira.jobs.serde;

import io.carteira.operators.ingest.DeadLetters;
import io.carteira.operators.ingest.IngestedRecord;
import io.carteira.schemas.CustomerEvent;
import io.carteira.schemas.DeadLetterKind;
import io.carteira.schemas.PaymentEvent;
import io.carteira.schemas.SubscriptionEvent;
import io.carteira.schemas.UsageEvent;
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
 * Reads the three input topics in Confluent's wire format. Never throws for bad bytes and never
 * skips a record: every consumed record becomes an {@link IngestedRecord}, decoded or carrying the
 * dead letter that says why not. Only an unreachable registry throws (after retries), so the job
 * restarts and tries again instead of dead-lettering good data.
 */
public class InputRecordDeserializer implements KafkaRecordDeserializationSchema<IngestedRecord> {

  /** Records larger than this are refused as OVERSIZE. */
  public static final int MAX_RECORD_BYTES = 1024 * 1024;

  private final RegistryAccess access;
  private final String paymentsTopic;
  private final String usageTopic;
  private final String subscriptionsTopic;

  private transient HttpSchemaRegistryClient registry;
  private transient AvroWireDecoder<PaymentEvent> payments;
  private transient AvroWireDecoder<UsageEvent> usage;
  private transient AvroWireDecoder<SubscriptionEvent> subscriptions;

  public InputRecordDeserializer(
      String registryUrl, String paymentsTopic, String usageTopic, String subscriptionsTopic) {
    this(RegistryAccess.of(registryUrl), paymentsTopic, usageTopic, subscriptionsTopic);
  }

  public InputRecordDeserializer(
      RegistryAccess access, String paymentsTopic, String usageTopic, String subscriptionsTopic) {
    this.access = access;
    this.paymentsTopic = paymentsTopic;
    this.usageTopic = usageTopic;
    this.subscriptionsTopic = subscriptionsTopic;
  }

  @Override
  public void open(DeserializationSchema.InitializationContext context) {
    registry = new HttpSchemaRegistryClient(access);
    payments = new AvroWireDecoder<>(PaymentEvent.class, registry);
    usage = new AvroWireDecoder<>(UsageEvent.class, registry);
    subscriptions = new AvroWireDecoder<>(SubscriptionEvent.class, registry);
  }

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<IngestedRecord> out) {
    byte[] value = record.value();
    if (value != null && value.length > MAX_RECORD_BYTES) {
      out.collect(
          failed(
              record,
              DeadLetterKind.OVERSIZE,
              "record value has "
                  + value.length
                  + " bytes, more than the "
                  + MAX_RECORD_BYTES
                  + " accepted",
              null));
      return;
    }
    // the all-arguments constructor: a generated builder deep-copies the defaults of unset fields,
    // per record
    String topic = record.topic();
    CustomerEvent event;
    if (topic.equals(paymentsTopic)) {
      DecodeResult<PaymentEvent> decoded = payments.decode(value);
      if (!decoded.isDecoded()) {
        out.collect(failed(record, decoded));
        return;
      }
      PaymentEvent payment = decoded.record();
      event =
          new CustomerEvent(
              payment.getEventId(),
              payment.getCustomerId(),
              payment.getEventTime(),
              topic,
              record.partition(),
              record.offset(),
              payment,
              null,
              null);
    } else if (topic.equals(usageTopic)) {
      DecodeResult<UsageEvent> decoded = usage.decode(value);
      if (!decoded.isDecoded()) {
        out.collect(failed(record, decoded));
        return;
      }
      UsageEvent use = decoded.record();
      event =
          new CustomerEvent(
              use.getEventId(),
              use.getCustomerId(),
              use.getEventTime(),
              topic,
              record.partition(),
              record.offset(),
              null,
              use,
              null);
    } else if (topic.equals(subscriptionsTopic)) {
      DecodeResult<SubscriptionEvent> decoded = subscriptions.decode(value);
      if (!decoded.isDecoded()) {
        out.collect(failed(record, decoded));
        return;
      }
      SubscriptionEvent subscription = decoded.record();
      event =
          new CustomerEvent(
              subscription.getEventId(),
              subscription.getCustomerId(),
              subscription.getEventTime(),
              topic,
              record.partition(),
              record.offset(),
              null,
              null,
              subscription);
    } else {
      out.collect(failed(record, DeadLetterKind.OTHER, "no decoder for topic " + topic, null));
      return;
    }
    out.collect(IngestedRecord.decoded(event, record.key(), value, record.timestamp()));
  }

  private static IngestedRecord failed(
      ConsumerRecord<byte[], byte[]> record, DecodeResult<?> decoded) {
    return failed(
        record,
        decoded.failureKind(),
        decoded.failureMessage(),
        decoded.schemaId() < 0 ? null : decoded.schemaId());
  }

  private static IngestedRecord failed(
      ConsumerRecord<byte[], byte[]> record,
      DeadLetterKind kind,
      String message,
      Integer schemaId) {
    return IngestedRecord.failed(
        DeadLetters.undecodable(
            record.topic(),
            record.partition(),
            record.offset(),
            record.timestamp(),
            record.key(),
            record.value(),
            kind,
            message,
            schemaId));
  }

  @Override
  public TypeInformation<IngestedRecord> getProducedType() {
    return TypeInformation.of(IngestedRecord.class);
  }
}
