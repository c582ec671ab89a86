package io.carteira.schemas.wire;

import java.nio.ByteBuffer;

/**
 * Confluent's wire format: byte 0 is the magic byte 0, bytes 1-4 the schema id (big-endian), then
 * the Avro binary encoding of the record.
 */
public final class WireFormat {

  public static final byte MAGIC_BYTE = 0;
  public static final int HEADER_LENGTH = 5;

  private WireFormat() {}

  /** The subject of a topic's value schema under TopicNameStrategy. */
  public static String valueSubject(String topic) {
    return topic + "-value";
  }

  /** The subject of a topic's key schema under TopicNameStrategy. */
  public static String keySubject(String topic) {
    return topic + "-key";
  }

  /** The schema id in the header, or -1 when the bytes do not carry a wire-format header. */
  public static int schemaId(byte[] bytes) {
    if (bytes == null || bytes.length < HEADER_LENGTH || bytes[0] != MAGIC_BYTE) {
      return -1;
    }
    return ByteBuffer.wrap(bytes, 1, 4).getInt();
  }

  static void writeHeader(byte[] target, int schemaId) {
    target[0] = MAGIC_BYTE;
    target[1] = (byte) (schemaId >>> 24);
    target[2] = (byte) (schemaId >>> 16);
    target[3] = (byte) (schemaId >>> 8);
    target[4] = (byte) schemaId;
  }
}
