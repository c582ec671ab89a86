package io.carteira.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;

/**
 * Watches a job's progress from outside, as an operator would: the offsets its Kafka source commits
 * to its consumer group on every completed checkpoint.
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
    for (OffsetAndMetadata offset :
        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().values()) {
      if (offset != null) {
        consumed += offset.offset();
      }
    }
    samples.add(new Sample(System.nanoTime(), consumed));
    return consumed;
  }

  /**
   * Events per second in steady state. Offsets move in steps, one per completed checkpoint, and a
   * step shows late by however long the checkpoint took; so the rate is the least-squares slope
   * through all the steps seen within 10%–90% of {@code total} (start-up and the tail excluded),
   * not the distance between two of them. Fewer than three steps there: through all steps.
   */
  double steadyRate(long total) {
    List<Sample> steps = new ArrayList<>();
    long previous = -1;
    for (Sample s : samples) {
      if (s.consumed() != previous && s.consumed() > 0) {
        steps.add(s);
      }
      previous = s.consumed();
    }
    List<Sample> steady =
        steps.stream()
            .filter(s -> s.consumed() >= total * 0.1 && s.consumed() <= total * 0.9)
            .toList();
    return slope(steady.size() >= 3 ? steady : steps);
  }

  static double slope(List<Sample> points) {
    if (points.size() < 2) {
      return Double.NaN;
    }
    double n = points.size();
    double t0 = points.get(0).nanos() / 1e9;
    double sumT = 0, sumC = 0, sumTT = 0, sumTC = 0;
    for (Sample p : points) {
      double t = p.nanos() / 1e9 - t0;
      sumT += t;
      sumC += p.consumed();
      sumTT += t * t;
      sumTC += t * p.consumed();
    }
    double denominator = n * sumTT - sumT * sumT;
    return denominator == 0 ? Double.NaN : (n * sumTC - sumT * sumC) / denominator;
  }

  @Override
  public void close() {
    admin.close();
  }
}
