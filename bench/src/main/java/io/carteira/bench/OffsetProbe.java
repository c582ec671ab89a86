package io.carteira.bench;

import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;

/**
 * Watches how far a job has read, from outside, as an operator would: the offsets its Kafka source
 * commits to its consumer group on every completed checkpoint.
 */
final class OffsetProbe implements AutoCloseable {

  private final Admin admin;
  private final String group;

  OffsetProbe(String bootstrap, String group) {
    Properties props = new Properties();
    props.put("bootstrap.servers", bootstrap);
    this.admin = Admin.create(props);
    this.group = group;
  }

  long sample() throws Exception {
    long consumed = 0;
    for (OffsetAndMetadata offset :
        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().values()) {
      if (offset != null) {
        consumed += offset.offset();
      }
    }
    return consumed;
  }

  @Override
  public void close() {
    admin.close();
  }
}
