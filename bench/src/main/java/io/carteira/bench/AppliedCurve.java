package io.carteira.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * A run's throughput over time: the events its job had applied at each sample. Its steady rate is
 * the least-squares slope of the curve across the steady window, the samples between 10% and 90% of
 * what the run applied: start-up (sources assigned, caches cold) and the tail (the last partitions
 * drained, held events released at the end) are left out.
 */
final class AppliedCurve {

  /**
   * Events applied by {@code seconds} after the job was started, and the CPU time the bench's JVM
   * (broker, registry, MiniCluster, job) had used by then.
   */
  record Sample(double seconds, long applied, double cpuSeconds) {}

  /**
   * The steady window's rate and length, and the CPU it cost: microseconds of CPU per event
   * applied, everything in the JVM counted.
   */
  record Steady(double eventsPerSecond, double seconds, double cpuMicrosPerEvent) {}

  private final long startedNanos;
  private final List<Sample> samples = new ArrayList<>();

  AppliedCurve(long startedNanos) {
    this.startedNanos = startedNanos;
  }

  void add(long nanos, long applied, double cpuSeconds) {
    samples.add(new Sample((nanos - startedNanos) / 1e9, applied, cpuSeconds));
  }

  List<Sample> samples() {
    return List.copyOf(samples);
  }

  long last() {
    return samples.isEmpty() ? 0 : samples.get(samples.size() - 1).applied();
  }

  Steady steady() {
    long last = last();
    if (last <= 0) {
      return new Steady(Double.NaN, 0, Double.NaN);
    }
    List<Sample> window =
        samples.stream()
            .filter(s -> s.applied() >= last * 0.1 && s.applied() <= last * 0.9)
            .toList();
    if (window.size() < 3) {
      return new Steady(Double.NaN, 0, Double.NaN);
    }
    Sample first = window.get(0);
    Sample end = window.get(window.size() - 1);
    return new Steady(
        slope(window),
        end.seconds() - first.seconds(),
        (end.cpuSeconds() - first.cpuSeconds()) * 1e6 / (end.applied() - first.applied()));
  }

  static double slope(List<Sample> points) {
    double n = points.size();
    double sumT = 0, sumA = 0, sumTT = 0, sumTA = 0;
    for (Sample p : points) {
      sumT += p.seconds();
      sumA += p.applied();
      sumTT += p.seconds() * p.seconds();
      sumTA += p.seconds() * p.applied();
    }
    double denominator = n * sumTT - sumT * sumT;
    return denominator == 0 ? Double.NaN : (n * sumTA - sumT * sumA) / denominator;
  }

  /** Events applied per second, second by second, for the plot. */
  static List<double[]> perSecond(List<Sample> curve) {
    List<double[]> rates = new ArrayList<>();
    Sample from = null;
    for (Sample s : curve) {
      if (from == null) {
        from = s;
      } else if (s.seconds() - from.seconds() >= 1.0) {
        rates.add(
            new double[] {
              s.seconds(), (s.applied() - from.applied()) / (s.seconds() - from.seconds())
            });
        from = s;
      }
    }
    return rates;
  }
}
