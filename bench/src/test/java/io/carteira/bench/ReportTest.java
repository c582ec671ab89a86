package io.carteira.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportTest {

  @Test
  void aSizeWithATimeLimitOfItsOwnIsNamedBesideTheCommonOne() {
    Benchmark.Results results =
        new Benchmark.Results("full", 10_000_000, 3, Duration.ofSeconds(150), Map.of(), "");
    results.throughput.add(throughput(10_000, 150));
    results.throughput.add(throughput(1_000_000, 450));

    assertThat(Report.runLimits(results)).isEqualTo("150 s (450 s at 1,000,000 customers)");
  }

  @Test
  void oneLimitForEverySizeIsSaidOnce() {
    Benchmark.Results results =
        new Benchmark.Results("quick", 5_000_000, 3, Duration.ofSeconds(90), Map.of(), "");
    results.throughput.add(throughput(10_000, 90));
    results.throughput.add(throughput(100_000, 90));

    assertThat(Report.runLimits(results)).isEqualTo("90 s");
  }

  private static Benchmark.Results.Throughput throughput(int customers, int limitSeconds) {
    return new Benchmark.Results.Throughput(
        customers, 10_000_000, Duration.ofSeconds(limitSeconds), List.of(), List.of());
  }
}
