package io.carteira.operators.telemetry;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/**
 * One counter split by labels: each combination of label values is a counter of its own, under
 * Flink's key-value metric groups ({@code addGroup(label, value)}), which the Prometheus reporter
 * turns into labels of one metric family ({@code ..._kind_deadLetters{kind="LATE"}}). Combinations
 * known up front are registered at once, so a rate over them starts from zero rather than from the
 * first occurrence; others on first use.
 */
public final class LabelledCounters {

  private final MetricGroup group;
  private final String name;
  private final List<String> labels;
  private final Map<List<String>, Counter> counters = new HashMap<>();

  public LabelledCounters(MetricGroup group, String name, String... labels) {
    this.group = group;
    this.name = name;
    this.labels = List.of(labels);
  }

  /** The counter of these label values, in the order the labels were named. */
  public Counter of(String... values) {
    if (values.length != labels.size()) {
      throw new IllegalArgumentException(name + " takes labels " + labels);
    }
    return counters.computeIfAbsent(
        List.of(values),
        key -> {
          MetricGroup labelled = group;
          for (int i = 0; i < values.length; i++) {
            labelled = labelled.addGroup(labels.get(i), values[i]);
          }
          return labelled.counter(name);
        });
  }
}
