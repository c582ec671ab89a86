package io.carteira.bench;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;

/**
 * Watches a job's output topics from outside: the moment they stopped growing is when its work on
 * the input was done. Input offsets alone say when the input was read, not when it was applied: a
 * job may read far ahead and hold events in its state until the watermark passes them.
 */
final class OutputProbe implements AutoCloseable {

  private final Admin admin;
  private final List<String> topics;

  OutputProbe(String bootstrap, List<String> topics) {
    Properties props = new Properties();
    props.put("bootstrap.servers", bootstrap);
    this.admin = Admin.create(props);
    this.topics = topics;
  }

  /** The output topics' partitions, looked up once: they do not change during a run. */
  private Map<TopicPartition, OffsetSpec> latest;

  /** Records committed to the output topics so far. */
  long committed() throws Exception {
    if (latest == null) {
      latest = partitions();
    }
    return admin
        .listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
        .all()
        .get()
        .values()
        .stream()
        .mapToLong(o -> o.offset())
        .sum();
  }

  private Map<TopicPartition, OffsetSpec> partitions() throws Exception {
    Map<TopicPartition, OffsetSpec> found = new HashMap<>();
    admin
        .describeTopics(topics)
        .allTopicNames()
        .get()
        .forEach(
            (topic, description) -> {
              for (TopicPartitionInfo p : description.partitions()) {
                found.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest());
              }
            });
    return found;
  }

  @Override
  public void close() {
    admin.close();
  }
}
