package io.carteira.operators.policy;

import io.carteira.schemas.DeadLetter;
import io.carteira.schemas.PolicyDocument;

/**
 * A record of the {@code policies} topic as the source hands it on: the decoded document with its
 * origin and bytes (so a refused policy reaches dead-letters whole), or the dead letter saying why
 * it could not be decoded. A Flink POJO.
 */
public class IngestedPolicy {

  public PolicyDocument document;
  public DeadLetter failure;
  public String topic;
  public int partition;
  public long offset;
  public long kafkaTimestamp;
  public byte[] key;
  public byte[] value;

  public IngestedPolicy() {}

  public static IngestedPolicy decoded(
      PolicyDocument document,
      String topic,
      int partition,
      long offset,
      long kafkaTimestamp,
      byte[] key,
      byte[] value) {
    IngestedPolicy p = new IngestedPolicy();
    p.document = document;
    p.topic = topic;
    p.partition = partition;
    p.offset = offset;
    p.kafkaTimestamp = kafkaTimestamp;
    p.key = key;
    p.value = value;
    return p;
  }

  public static IngestedPolicy failed(DeadLetter failure) {
    IngestedPolicy p = new IngestedPolicy();
    p.failure = failure;
    p.topic = failure.getSourceTopic();
    p.partition = failure.getSourcePartition();
    p.offset = failure.getSourceOffset();
    return p;
  }

  /** The key policies are validated under: their segment; undecodable ones share one key. */
  public String segmentKey() {
    return document == null ? "(undecodable)" : String.valueOf(document.getSegment());
  }
}
