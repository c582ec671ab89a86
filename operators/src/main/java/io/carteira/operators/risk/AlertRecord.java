package io.carteira.operators.risk;

import io.carteira.operators.policy.Policy;
import io.carteira.schemas.AlertBook;
import io.carteira.schemas.AlertEpisode;
import io.carteira.schemas.AlertStatus;
import io.carteira.schemas.Detection;
import io.carteira.schemas.EvidenceEvent;
import io.carteira.schemas.RiskAlert;
import io.carteira.schemas.RiskContext;
import io.carteira.schemas.SegmentSnapshot;
import io.carteira.schemas.Severity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One change of an alert as the {@code risk-alerts} record: the precursor that caused the change
 * names the record's pattern and window; the reasons and the evidence cover every precursor behind
 * the alert.
 */
final class AlertRecord {

  private AlertRecord() {}

  /** The episodes of the book feeding the same alert as {@code episode}, {@code episode} first. */
  static List<AlertEpisode> group(AlertBook book, AlertEpisode episode) {
    List<AlertEpisode> group = new ArrayList<>();
    group.add(episode);
    for (AlertEpisode other : book.getEpisodes()) {
      if (other != episode && other.getAlertId().equals(episode.getAlertId())) {
        group.add(other);
      }
    }
    return group;
  }

  static RiskAlert of(
      AlertText text,
      AlertEpisode episode,
      AlertStatus status,
      Instant now,
      int score,
      Severity severity,
      Policy policy,
      AlertBook book,
      String cause,
      String customer) {
    RiskContext context = book.getContext();
    Detection d = episode.getDetection();
    List<Detection> others = new ArrayList<>();
    List<EvidenceEvent> evidence = new ArrayList<>(d.getEvidence());
    for (AlertEpisode other : group(book, episode)) {
      if (other != episode) {
        others.add(other.getDetection());
        evidence.addAll(other.getDetection().getEvidence());
      }
    }
    return RiskAlert.newBuilder()
        .setAlertId(episode.getAlertId())
        .setCustomerId(customer)
        .setPattern(episode.getPattern())
        .setChurnType(d.getChurnType())
        .setSeverity(severity)
        .setRiskScore(score)
        .setStatus(status)
        .setMrrAtRiskMinor(context == null ? 0 : context.getMrrMinor())
        .setCurrency(context == null ? "BRL" : context.getCurrency())
        .setSegment(context == null ? SegmentSnapshot.newBuilder().build() : context.getSegment())
        .setAccountOwner(context == null ? null : context.getAccountOwner())
        .setEvidence(evidence)
        .setWindowStart(d.getWindowStart())
        .setWindowEnd(d.getWindowEnd())
        .setThreshold(d.getThreshold())
        .setReasons(text.reasons(d, others, context, status, cause))
        .setRecommendedAction(policy.action(episode.getPattern()))
        .setPolicyVersion(policy.version())
        .setEventTime(now)
        .setDetectedAt(d.getDetectedAt())
        .build();
  }
}
