package io.carteira.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;

/**
 * Watches a job's progress from outside, as an operator would: the offsets its Kafka source
 * commits to its consumer group on every completed checkpoint.
 */
final class OffsetProbe implements AutoCloseable {

  record Sample(long nanos, long consumed) {}

  private final Admin admin;
  private final String group;
  private final List<Sample> samples = new ArrayList<>();

  OffsetProbe(String bootstrap, String group) {
    Properties props = new Properties();
    props.put("bootstrap.servers", bootstrap);
    this.admin = Admin.create(props);
    this.group = group;
  }

  long sample() throws Exception {
    long consumed = 0;
    for (OffsetAndMetadata offset : admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().values()) {
      if (offset != null) {
        consumed += offset.offset();
      }
    }
    samples.add(new Sample(System.nanoTime(), consumed));
    return consumed;
  }

  /**
   * Events per second in steady state. Offsets move in steps, one per completed checkpoint; the
   * rate is taken between the first and the last step seen within 10%–90% of {@code total}, so
   * start-up and the tail do not count and the window spans whole checkpoint intervals.
   */
  double steadyRate(long total) {
    Sample first = null;
    Sample last = null;
    long previous = -1;
    for (Sample s : samples) {
      boolean step = s.consumed() != previous;
      previous = s.consumed();
      if (!step || s.consumed() < total * 0.1 || s.consumed() > total * 0.9) {
        continue;
      }
      if (first == null) {
        first = s;
      }
      last = s;
    }
    if (first == null || last == first) {
      return Double.NaN;
    }
    return (last.consumed() - first.consumed()) / ((last.nanos() - first.nanos()) / 1e9);
  }

  @Override
  public void close() {
    admin.close();
  }
}
