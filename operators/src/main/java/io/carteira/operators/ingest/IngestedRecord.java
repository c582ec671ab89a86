package io.carteira.operators.ingest;

import io.carteira.schemas.CustomerEvent;
import io.carteira.schemas.DeadLetter;

/**
 * What the Kafka source hands to the job for every consumed record: the decoded event, or the dead
 * letter that says why it could not be decoded. The raw key and value bytes travel with a decoded
 * event only as far as {@link IngestValidationFunction} (chained to the source), so a record
 * refused there still reaches {@code dead-letters} with its bytes; they never cross a network
 * shuffle.
 *
 * <p>A Flink POJO: public fields and a public no-argument constructor.
 */
public class IngestedRecord {

  /** The decoded event; null when {@link #failure} is set. */
  public CustomerEvent event;

  /** Why the record could not be decoded; null when {@link #event} is set. */
  public DeadLetter failure;

  /** Kafka key bytes as received. */
  public byte[] key;

  /** Kafka value bytes as received. */
  public byte[] value;

  /** Kafka record timestamp. */
  public long kafkaTimestamp;

  public IngestedRecord() {}

  public static IngestedRecord decoded(
      CustomerEvent event, byte[] key, byte[] value, long kafkaTimestamp) {
    IngestedRecord record = new IngestedRecord();
    record.event = event;
    record.key = key;
    record.value = value;
    record.kafkaTimestamp = kafkaTimestamp;
    return record;
  }

  public static IngestedRecord failed(DeadLetter failure) {
    IngestedRecord record = new IngestedRecord();
    record.failure = failure;
    record.kafkaTimestamp =
        failure.getSourceTimestamp() == null
            ? Long.MIN_VALUE
            : failure.getSourceTimestamp().toEpochMilli();
    return record;
  }

  public boolean isDecoded() {
    return event != null;
  }
}
