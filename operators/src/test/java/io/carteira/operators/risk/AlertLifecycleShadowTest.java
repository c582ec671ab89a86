package io.carteira.operators.risk;

import static io.carteira.operators.risk.AlertLifecycleFunctionTest.alerts;
import static io.carteira.operators.risk.AlertLifecycleFunctionTest.harness;
import static io.carteira.operators.risk.AlertLifecycleFunctionTest.send;
import static io.carteira.operators.support.ShadowHarness.keysWith;
import static io.carteira.operators.support.ShadowHarness.sideOutput;
import static org.assertj.core.api.Assertions.assertThat;

import io.carteira.operators.support.Policies;
import io.carteira.operators.support.ShadowHarness;
import io.carteira.schemas.AlertStatus;
import io.carteira.schemas.Detection;
import io.carteira.schemas.EvidenceEvent;
import io.carteira.schemas.HealthBand;
import io.carteira.schemas.RiskAlert;
import io.carteira.schemas.RiskContext;
import io.carteira.schemas.RiskSignal;
import io.carteira.schemas.SegmentSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The alert lifecycle's shadow evaluation: no shadow state while no shadow is in force; a shadow
 * pushed while an episode is open starts from it (the same alert goes on, escalates, under the
 * shadow), rather than opening it a second time.
 */
class AlertLifecycleShadowTest {

  private static final Instant T0 = Instant.parse("2026-03-02T12:00:00Z");
  private static final String SHADOW_BOOK = "shadow-alert-book";

  @Test
  void withNoShadowInForce_noShadowBookIsWritten() throws Exception {
    try (var h = harness()) {
      send(h, context(0, "SILENCE"));
      h.processWatermark(T0.plus(Duration.ofDays(30)).toEpochMilli());
      assertThat(alerts(h))
          .extracting(RiskAlert::getStatus)
          .containsExactly(AlertStatus.OPEN, AlertStatus.ESCALATED);
      assertThat(keysWith(h, "alert-book")).containsExactly("cus-1");
      assertThat(keysWith(h, SHADOW_BOOK)).isEmpty();
      assertThat(keysWith(h, SHADOW_BOOK + "-run")).isEmpty();
      assertThat(sideOutput(h, AlertLifecycleFunction.SHADOW_ALERTS)).isEmpty();
    }
  }

  @Test
  void aShadowPushedWhileAnEpisodeIsOpen_goesOnWithThatEpisode() throws Exception {
    try (var h = harness()) {
      send(h, context(0, "SILENCE"));
      assertThat(alerts(h)).extracting(RiskAlert::getStatus).containsExactly(AlertStatus.OPEN);

      h.processBroadcastElement(
          ShadowHarness.shadow("default", 2, Policies.EVERY_PRECURSOR_OPENS), 0L);
      send(h, context(1, "SILENCE"));
      h.processWatermark(T0.plus(Duration.ofDays(30)).toEpochMilli());

      List<RiskAlert> live = alerts(h);
      List<RiskAlert> shadow = sideOutput(h, AlertLifecycleFunction.SHADOW_ALERTS);
      assertThat(live)
          .extracting(RiskAlert::getStatus)
          .containsExactly(AlertStatus.OPEN, AlertStatus.ESCALATED);
      assertThat(shadow)
          .as("the episode open live when the shadow came: not opened again, escalated")
          .extracting(RiskAlert::getStatus)
          .containsExactly(AlertStatus.ESCALATED);
      assertThat(shadow.get(0).getAlertId()).isEqualTo(live.get(0).getAlertId());
      assertThat(shadow.get(0).getEventTime()).isEqualTo(live.get(1).getEventTime());
      assertThat(keysWith(h, SHADOW_BOOK)).containsExactly("cus-1");
    }
  }

  /** The customer's context on {@code day}, watched, with condition {@code pattern} active. */
  private static RiskSignal context(int day, String pattern) {
    Instant at = T0.plus(Duration.ofDays(day));
    Detection condition =
        new Detection(
            pattern,
            ChurnPattern.valueOf(pattern).churnType(),
            new ArrayList<>(List.of(new EvidenceEvent("e", "LOGIN", at, "last login"))),
            T0,
            at,
            "t",
            at);
    RiskContext context =
        RiskContext.newBuilder()
            .setHealthScore(70)
            .setHealthBand(HealthBand.ATTENTION)
            .setMrrMinor(9_900)
            .setSegment(SegmentSnapshot.newBuilder().build())
            .setAccountOwner("ana")
            .setConditions(new ArrayList<>(List.of(condition)))
            .setWatched(true)
            .build();
    return new RiskSignal("cus-1", at, null, context, false);
  }
}
