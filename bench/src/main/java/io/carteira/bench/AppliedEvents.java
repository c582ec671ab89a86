package io.carteira.bench;

import io.carteira.operators.customer.CustomerStateFunction;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

/**
 * Reads a running job's work from its own counters, in the bench's JVM: the events its keyed
 * operator has applied ({@value CustomerStateFunction#EVENTS_APPLIED}, summed over subtasks) and
 * the customers it has started state for. Offsets say what a job has read; a job that holds events
 * in state for the watermark reads far ahead of what it has done.
 *
 * <p>A Flink metric reporter, so the MiniCluster hands it every counter as an operator registers
 * it; {@link #configure} adds it to a job's configuration.
 */
public final class AppliedEvents implements MetricReporter {

  private static final List<Counter> applied = new CopyOnWriteArrayList<>();
  private static final List<Counter> started = new CopyOnWriteArrayList<>();

  /** Adds this reporter to a local job's configuration. */
  static void configure(Configuration flink) {
    flink.setString("metrics.reporter.bench-applied.factory.class", Factory.class.getName());
  }

  /** Forgets the counters of the jobs before. */
  static void reset() {
    applied.clear();
    started.clear();
  }

  /** Events applied so far by the running job. */
  static long applied() {
    return sum(applied);
  }

  /** Customers the running job started state for. */
  static long customersStarted() {
    return sum(started);
  }

  private static long sum(List<Counter> counters) {
    long sum = 0;
    for (Counter c : counters) {
      sum += c.getCount();
    }
    return sum;
  }

  @Override
  public void open(MetricConfig config) {}

  @Override
  public void close() {}

  @Override
  public void notifyOfAddedMetric(Metric metric, String name, MetricGroup group) {
    if (metric instanceof Counter counter) {
      if (name.equals(CustomerStateFunction.EVENTS_APPLIED)) {
        applied.add(counter);
      } else if (name.equals(CustomerStateFunction.CUSTOMERS_STARTED)) {
        started.add(counter);
      }
    }
  }

  @Override
  public void notifyOfRemovedMetric(Metric metric, String name, MetricGroup group) {
    // kept until reset(): a stopped job's counters still hold its last counts. (A task restarted
    // within a run would add a counter from zero and count its replayed input twice: such a run
    // is not a throughput figure, and the bench has none, as nothing fails it.)
  }

  /** What {@code metrics.reporter.<name>.factory.class} names. */
  public static final class Factory implements MetricReporterFactory {
    @Override
    public MetricReporter createMetricReporter(Properties properties) {
      return new AppliedEvents();
    }
  }
}
