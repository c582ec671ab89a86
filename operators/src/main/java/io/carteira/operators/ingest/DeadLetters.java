package io.carteira.operators.ingest;

import io.carteira.schemas.CustomerEvent;
import io.carteira.schemas.DeadLetter;
import io.carteira.schemas.DeadLetterKind;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** Builds {@code dead-letters} records. Messages are one line. */
public final class DeadLetters {

  /**
   * Values longer than this are cut in the dead letter, so it stays under Kafka's record size
   * limit.
   */
  public static final int MAX_BYTES_KEPT = 512 * 1024;

  private DeadLetters() {}

  /** A record that could not be decoded, with everything known about its origin. */
  public static DeadLetter undecodable(
      String topic,
      int partition,
      long offset,
      long kafkaTimestamp,
      byte[] key,
      byte[] value,
      DeadLetterKind kind,
      String message,
      Integer schemaId) {
    return DeadLetter.newBuilder()
        .setSourceTopic(topic)
        .setSourcePartition(partition)
        .setSourceOffset(offset)
        .setSourceTimestamp(kafkaTimestamp < 0 ? null : Instant.ofEpochMilli(kafkaTimestamp))
        .setKey(bytes(key))
        .setValue(bytes(value))
        .setErrorKind(kind)
        .setErrorMessage(oneLine(message))
        .setSchemaId(schemaId)
        .setEventId(null)
        .setCustomerId(null)
        .setEventTime(null)
        .build();
  }

  /** A decoded event that the job refuses (invalid, late, from the future ...). */
  public static DeadLetter refused(IngestedRecord record, DeadLetterKind kind, String message) {
    CustomerEvent event = record.event;
    return DeadLetter.newBuilder()
        .setSourceTopic(event.getSourceTopic())
        .setSourcePartition(event.getSourcePartition())
        .setSourceOffset(event.getSourceOffset())
        .setSourceTimestamp(
            record.kafkaTimestamp < 0 ? null : Instant.ofEpochMilli(record.kafkaTimestamp))
        .setKey(bytes(record.key))
        .setValue(bytes(record.value))
        .setErrorKind(kind)
        .setErrorMessage(oneLine(message))
        .setSchemaId(null)
        .setEventId(emptyToNull(event.getEventId()))
        .setCustomerId(emptyToNull(event.getCustomerId()))
        .setEventTime(event.getEventTime())
        .build();
  }

  /**
   * The Kafka key of a dead letter, like its input's: the customer when known, else the input's own
   * key.
   */
  public static String keyOf(DeadLetter deadLetter) {
    if (deadLetter.getCustomerId() != null) {
      return deadLetter.getCustomerId();
    }
    return deadLetter.getKey() == null
        ? null
        : StandardCharsets.UTF_8.decode(deadLetter.getKey().duplicate()).toString();
  }

  private static ByteBuffer bytes(byte[] bytes) {
    if (bytes == null) {
      return null;
    }
    return ByteBuffer.wrap(bytes, 0, Math.min(bytes.length, MAX_BYTES_KEPT)).slice();
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  static String oneLine(String message) {
    String line = message == null ? "" : message.replace('\n', ' ').replace('\r', ' ');
    return line.length() > 1_000 ? line.substring(0, 1_000) + "…" : line;
  }
}
