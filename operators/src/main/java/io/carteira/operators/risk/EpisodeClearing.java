package io.carteira.operators.risk;

import io.carteira.operators.policy.Policy;
import io.carteira.schemas.AlertEpisode;
import io.carteira.schemas.ChurnType;
import io.carteira.schemas.HealthBand;
import io.carteira.schemas.RiskContext;
import java.time.Duration;
import java.time.Instant;

/** When one precursor's episode stops holding its alert: clearing, cool-down and expiry. */
final class EpisodeClearing {

  private EpisodeClearing() {}

  /**
   * Whether a sequence episode's trouble is over: paid (involuntary) or healthy again (voluntary).
   */
  static boolean sequenceCleared(AlertEpisode episode, RiskContext context) {
    if (ChurnPattern.valueOf(episode.getPattern()).churnType() == ChurnType.INVOLUNTARY) {
      return context.getLastPaymentAt() != null
          && context.getLastPaymentAt().isAfter(episode.getDetection().getDetectedAt());
    }
    return context.getHealthBand() == HealthBand.HEALTHY;
  }

  /** When a sequence episode with no further match expires; null for a condition. */
  static Instant quietUntil(AlertEpisode episode, Policy policy) {
    if (ChurnPattern.valueOf(episode.getPattern()).kind() != ChurnPattern.Kind.SEQUENCE) {
      return null;
    }
    return episode
        .getDetection()
        .getDetectedAt()
        .plus(Duration.ofDays(policy.risk().episodeExpiryDays()));
  }

  /** How long an episode must stay clear before it resolves, by its churn type. */
  static Duration cooldown(AlertEpisode episode, Policy policy) {
    boolean voluntary =
        ChurnPattern.valueOf(episode.getPattern()).churnType() == ChurnType.VOLUNTARY;
    return Duration.ofHours(
        voluntary
            ? policy.risk().voluntaryCooldownHours()
            : policy.risk().involuntaryCooldownHours());
  }
}
