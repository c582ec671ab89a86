package io.carteira.bench.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class EvaluationTest {

  static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

  private static AlertChange change(String id, AlertChange.Status status, int score, int day) {
    return new AlertChange(
        id, "c1", "SILENCE", ChurnKind.VOLUNTARY, status, score, T0.plusSeconds(86_400L * day));
  }

  @Test
  void aThresholdShowsAnAlertFromItsFirstChangeAtOrAboveIt_andKeepsItsResolution() {
    List<AlertChange> alerts =
        List.of(
            change("a", AlertChange.Status.OPEN, 30, 0),
            change("a", AlertChange.Status.ESCALATED, 60, 5),
            change("a", AlertChange.Status.RESOLVED, 60, 9),
            change("b", AlertChange.Status.OPEN, 20, 1),
            change("b", AlertChange.Status.RESOLVED, 20, 3));

    assertThat(Evaluation.atLeast(alerts, 0))
        .extracting(AlertChange::alertId, AlertChange::status, AlertChange::at)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("a", AlertChange.Status.OPEN, T0),
            org.assertj.core.groups.Tuple.tuple(
                "a", AlertChange.Status.RESOLVED, T0.plusSeconds(86_400L * 9)),
            org.assertj.core.groups.Tuple.tuple(
                "b", AlertChange.Status.OPEN, T0.plusSeconds(86_400L)),
            org.assertj.core.groups.Tuple.tuple(
                "b", AlertChange.Status.RESOLVED, T0.plusSeconds(86_400L * 3)));
    // from 50: alert a shows from its escalation; b never
    assertThat(Evaluation.atLeast(alerts, 50))
        .extracting(AlertChange::alertId, AlertChange::status, AlertChange::at)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "a", AlertChange.Status.OPEN, T0.plusSeconds(86_400L * 5)),
            org.assertj.core.groups.Tuple.tuple(
                "a", AlertChange.Status.RESOLVED, T0.plusSeconds(86_400L * 9)));
    assertThat(Evaluation.atLeast(alerts, 70)).isEmpty();
  }
}
