package io.carteira.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.carteira.bench.LiveOutputs.Probe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LiveModeTest {

  @Test
  void theZoneOfARunPutsLocalTimeWhereItIsWanted() {
    Instant at = Instant.parse("2026-12-05T10:37:51Z");
    ZoneOffset midnight = LiveRun.zoneWhere(at, 0);
    assertThat(at.atOffset(midnight).toLocalTime()).isEqualTo(LocalTime.MIDNIGHT);
    assertThat(Math.abs(midnight.getTotalSeconds())).isLessThanOrEqualTo(18 * 3600);
    ZoneOffset noon = LiveRun.zoneWhere(at, 12 * 3600L);
    assertThat(at.atOffset(noon).toLocalTime()).isEqualTo(LocalTime.NOON);
  }

  @Test
  void theHalfRateIsHalfTheCarteiraRateAtTheSmallestSize(@TempDir Path dir) throws Exception {
    Path latest = dir.resolve("latest.md");
    Files.writeString(
        latest,
        "| customers | bare job events/s | Carteira events/s | ratio |\n"
            + "|---:|---:|---:|---:|\n"
            + "| 10,000 | 157,793 | 10,113 | 0.06 |\n"
            + "| 100,000 | 226,712 | 8,532 | 0.04 |\n");
    assertThat(LiveOptions.halfFromLatest(latest)).isEqualTo(5_057);
    assertThat(LiveOptions.halfFromLatest(dir.resolve("absent.md")))
        .isEqualTo(LiveOptions.DEFAULT_HALF_RATE);
  }

  @Test
  void rowsQuoteTheMedianOfTheRunsAndCountWhatNeverCame() {
    LiveRun.Phase rate = new LiveRun.Phase("10/s", 10, 30, false);
    List<LiveRun.Outcome> runs =
        List.of(
            outcome(1, List.of(100L, 200L, 300L), 0),
            outcome(2, List.of(400L, 500L, 600L), 1),
            outcome(3, List.of(700L, 800L, 900L), 0));
    LiveReport.Row row =
        LiveReport.rows(runs, List.of(rate)).stream()
            .filter(r -> r.probe() == Probe.NOTICE && r.phase().equals("10/s"))
            .findFirst()
            .orElseThrow();
    assertThat(row.p50()).isEqualTo(500);
    assertThat(row.p99()).isEqualTo(600);
    assertThat(row.samples()).isEqualTo(9);
    assertThat(row.missing()).isEqualTo(1);
    assertThat(row.runsWithSamples()).isEqualTo(3);
  }

  private static LiveRun.Outcome outcome(int run, List<Long> notices, int notSeen) {
    return new LiveRun.Outcome(
        "at-least-once",
        run,
        Map.of("10/s", Map.of(Probe.NOTICE, notices)),
        Map.of("10/s", Map.of(Probe.NOTICE, notSeen)));
  }
}
