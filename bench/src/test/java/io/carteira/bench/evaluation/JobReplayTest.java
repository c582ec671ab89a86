package io.carteira.bench.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import io.carteira.jobs.config.Knobs;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobReplayTest {

  private static final ZoneId ZONE = ZoneId.of("America/Sao_Paulo");

  @Test
  void aPartitionReadLateDoesNotLetTheWatermarkRunAheadOfItsEvents() {
    // a second of idleness let a partition read late fall years behind a data set's watermark
    assertThat(JobReplay.settings(ZONE, Map.of()).get(Knobs.IDLENESS))
        .isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void aKnobStillSetsTheIdleness() {
    assertThat(JobReplay.settings(ZONE, Map.of("watermark.idleness", "1s")).get(Knobs.IDLENESS))
        .isEqualTo(Duration.ofSeconds(1));
  }
}
