package io.carteira.jobs.support;

import io.carteira.jobs.cli.TopicReading;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Reads a whole topic as a read_committed consumer would: what committed transactions hold. */
public final class Drain {

  private Drain() {}

  public static List<ConsumerRecord<byte[], byte[]>> committed(String bootstrap, String topic) {
    return TopicReading.readAll(bootstrap, topic, Duration.ofSeconds(60));
  }
}
