package io.carteira.operators.risk;

import io.carteira.operators.policy.Policy;
import io.carteira.operators.time.Deadlines;
import io.carteira.schemas.AlertBook;
import io.carteira.schemas.AlertEpisode;
import io.carteira.schemas.AlertStatus;
import io.carteira.schemas.ChurnType;
import io.carteira.schemas.Detection;
import io.carteira.schemas.RiskAlert;
import io.carteira.schemas.RiskContext;
import io.carteira.schemas.RiskSignal;
import io.carteira.schemas.Severity;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The life of a customer's risk alerts over its {@link AlertBook}, as plain Java: one alert per
 * customer and churn type, fed by the episodes of its precursors, {@code OPEN} → {@code ESCALATED}
 * → {@code RESOLVED}; the risk score and its severity; the cool-down that keeps a flickering
 * condition from flapping; the expiry of sequence episodes. {@link AlertLifecycleFunction} runs it
 * in Flink.
 *
 * <p>A detection of a pattern with an open episode updates that episode; it opens no new alert. A
 * precursor that fires while the customer has an open alert of its churn type joins that alert
 * (same id; an {@code OPEN} alert escalates, naming the new pattern); each precursor keeps its own
 * clearing, cool-down and expiry, and the alert resolves with its last precursor. An alert
 * escalates once, when the risk score rises by {@code risk.escalate_score_rise} over its score at
 * opening or when it is still unresolved after {@code risk.escalate_after_days}. It resolves once
 * its condition has stayed clear for the cool-down ({@code risk.cooldown_hours} by churn type);
 * sequence episodes clear on a payment (involuntary), on a healthy band (voluntary), or after
 * {@code risk.episode_expiry_days} without a new match. A churned customer's episodes close at
 * once.
 *
 * <p>{@code alert_id} is a name-based UUID of customer, pattern and opening time, and every time in
 * the output is event time, so a replay of the same input yields the same records. {@link
 * BookClock} keeps a customer's alert records from going back in time when a signal comes late, and
 * gives an alert opened again at the instant of an earlier one an id of its own.
 */
public final class AlertLifecycle implements Serializable {

  /** What a signal did to the book. */
  public enum Outcome {
    /** Episodes opened, refreshed, escalated or resolved as the signal says. */
    APPLIED,
    /** The customer churned: every episode closed; the book is kept a while, then dropped. */
    CHURNED,
    /** A sequence match for a customer already gone: ignored. */
    DETECTION_AFTER_CHURN
  }

  private final AlertText text;

  /**
   * @param locale language of the reasons: {@code en} or {@code pt-BR}
   */
  public AlertLifecycle(String locale) {
    this.text = new AlertText(locale);
  }

  /**
   * Applies one signal at its event time; the book's context is already the latest one and {@code
   * policy} the one it names. Alerts go to {@code out}.
   */
  public Outcome apply(
      AlertBook book, RiskSignal signal, Policy policy, String customer, List<RiskAlert> out) {
    Instant now = BookClock.actAt(book, signal.getEventTime());
    RiskContext context = book.getContext();
    if (context != null && context.getChurned()) {
      if (signal.getContext() == null) {
        // a sequence match that reached us after the cancellation (CEP waits for the watermark):
        // the customer is gone, no alert opens for it
        return Outcome.DETECTION_AFTER_CHURN;
      }
      for (AlertEpisode episode : List.copyOf(book.getEpisodes())) {
        close(
            book,
            episode,
            now,
            score(context, book, policy),
            policy,
            text.cause("churned"),
            customer,
            out);
      }
      return Outcome.CHURNED;
    }
    if (signal.getDetection() != null) {
      observe(book, signal.getDetection(), now, policy, customer, out);
    }
    if (signal.getContext() != null) {
      Set<String> active = new HashSet<>();
      for (Detection condition : context.getConditions()) {
        active.add(condition.getPattern());
        observe(book, condition, now, policy, customer, out);
      }
      for (AlertEpisode episode : book.getEpisodes()) {
        boolean clear =
            ChurnPattern.valueOf(episode.getPattern()).kind() == ChurnPattern.Kind.CONDITION
                ? !active.contains(episode.getPattern())
                : EpisodeClearing.sequenceCleared(episode, context);
        if (clear && episode.getClearSince() == null) {
          episode.setClearSince(now);
        } else if (!clear) {
          episode.setClearSince(null);
        }
      }
      int score = score(context, book, policy);
      for (AlertEpisode episode : book.getEpisodes()) {
        if (episode.getStatus() == AlertStatus.OPEN
            && episode.getClearSince() == null
            && score >= episode.getRiskScoreAtOpen() + policy.risk().escalateScoreRise()) {
          escalate(
              episode,
              now,
              score,
              policy,
              book,
              text.cause("score", episode.getRiskScoreAtOpen(), score),
              customer,
              out);
        }
      }
    }
    settle(book, now, policy, customer, out);
    return Outcome.APPLIED;
  }

  /** How long a churned customer's book is kept, so late sequence matches are recognised. */
  public static Instant forgetChurnedAt(Instant churnedAt, Policy policy) {
    return churnedAt.plus(Duration.ofDays(policy.risk().episodeExpiryDays()));
  }

  /** Time passes to {@code now}: escalations of episodes unresolved too long, then settlement. */
  public void advance(
      AlertBook book, Instant at, Policy policy, String customer, List<RiskAlert> out) {
    Instant now = BookClock.actAt(book, at);
    int score = score(book.getContext(), book, policy);
    for (AlertEpisode episode : book.getEpisodes()) {
      if (episode.getStatus() == AlertStatus.OPEN
          && episode.getClearSince() == null
          && episode.getEscalateAt() != null
          && !now.isBefore(episode.getEscalateAt())) {
        escalate(
            episode,
            now,
            score,
            policy,
            book,
            text.cause("unresolved", policy.risk().escalateAfterDays()),
            customer,
            out);
      }
    }
    settle(book, now, policy, customer, out);
  }

  /** Whether the book is worth keeping: an episode, or a customer still watched. */
  public static boolean keep(AlertBook book) {
    return !book.getEpisodes().isEmpty()
        || (book.getContext() != null && book.getContext().getWatched());
  }

  /** The earliest escalation, end of cool-down or expiry after {@code now}; null when none. */
  public static Instant nextDeadline(AlertBook book, Instant now, Policy policy) {
    Instant next = null;
    for (AlertEpisode episode : book.getEpisodes()) {
      if (episode.getStatus() == AlertStatus.OPEN && episode.getClearSince() == null) {
        next = Deadlines.earliest(next, episode.getEscalateAt(), now);
      }
      if (episode.getClearSince() != null) {
        next =
            Deadlines.earliest(
                next, episode.getClearSince().plus(EpisodeClearing.cooldown(episode, policy)), now);
      }
      next = Deadlines.earliest(next, EpisodeClearing.quietUntil(episode, policy), now);
    }
    return next;
  }

  /** A detection: refreshes the open episode of its pattern, or opens one. */
  private void observe(
      AlertBook book,
      Detection detection,
      Instant now,
      Policy policy,
      String customer,
      List<RiskAlert> out) {
    for (AlertEpisode episode : book.getEpisodes()) {
      if (episode.getPattern().equals(detection.getPattern())) {
        episode.setDetection(detection);
        episode.setClearSince(null);
        return;
      }
    }
    AlertEpisode host = openAlertOf(book, detection.getChurnType());
    if (host != null) {
      join(book, host, detection, now, policy, customer, out);
      return;
    }
    AlertEpisode episode =
        new AlertEpisode(
            null,
            detection.getPattern(),
            AlertStatus.OPEN,
            now,
            now.plus(Duration.ofDays(policy.risk().escalateAfterDays())),
            0,
            null,
            detection);
    book.getEpisodes().add(episode);
    int score = score(book.getContext(), book, policy);
    if (score < policy.risk().openFrom(detection.getChurnType())) {
      // a precursor whose risk, its own points included, stays under risk.open_from is watched,
      // not alerted: a condition opens as soon as the customer's risk reaches it
      book.getEpisodes().remove(episode);
      return;
    }
    episode.setAlertId(BookClock.openAlert(book, customer, detection.getPattern(), now));
    episode.setRiskScoreAtOpen(score);
    out.add(alert(episode, AlertStatus.OPEN, now, score, policy, book, null, customer));
  }

  /** The episode of an open alert of that churn type, or null. */
  private static AlertEpisode openAlertOf(AlertBook book, ChurnType churnType) {
    for (AlertEpisode episode : book.getEpisodes()) {
      if (episode.getDetection().getChurnType() == churnType) {
        return episode;
      }
    }
    return null;
  }

  /**
   * A precursor of a churn type whose alert is already open joins that alert: same id, same
   * escalation deadline; an alert still {@code OPEN} escalates, carrying the new pattern.
   */
  private void join(
      AlertBook book,
      AlertEpisode host,
      Detection detection,
      Instant now,
      Policy policy,
      String customer,
      List<RiskAlert> out) {
    AlertEpisode episode =
        new AlertEpisode(
            host.getAlertId(),
            detection.getPattern(),
            host.getStatus(),
            now,
            host.getEscalateAt(),
            host.getRiskScoreAtOpen(),
            null,
            detection);
    book.getEpisodes().add(episode);
    if (episode.getStatus() == AlertStatus.OPEN) {
      escalate(
          episode,
          now,
          score(book.getContext(), book, policy),
          policy,
          book,
          text.cause("joined", detection.getPattern()),
          customer,
          out);
    }
  }

  /**
   * Resolves the episodes clear for their whole cool-down, and sequence episodes quiet past their
   * expiry.
   */
  private void settle(
      AlertBook book, Instant now, Policy policy, String customer, List<RiskAlert> out) {
    for (AlertEpisode episode : List.copyOf(book.getEpisodes())) {
      Instant quietUntil = EpisodeClearing.quietUntil(episode, policy);
      if (quietUntil != null && !now.isBefore(quietUntil)) {
        close(
            book,
            episode,
            now,
            score(book.getContext(), book, policy),
            policy,
            text.cause("quiet", policy.risk().episodeExpiryDays()),
            customer,
            out);
      } else if (episode.getClearSince() != null
          && !now.isBefore(
              episode.getClearSince().plus(EpisodeClearing.cooldown(episode, policy)))) {
        ChurnPattern pattern = ChurnPattern.valueOf(episode.getPattern());
        String cause =
            pattern.kind() == ChurnPattern.Kind.CONDITION
                ? text.cause("cleared")
                : pattern.churnType() == ChurnType.INVOLUNTARY
                    ? text.cause("paid")
                    : text.cause("healthy");
        close(
            book,
            episode,
            now,
            score(book.getContext(), book, policy),
            policy,
            cause,
            customer,
            out);
      }
    }
  }

  private void close(
      AlertBook book,
      AlertEpisode episode,
      Instant now,
      int score,
      Policy policy,
      String cause,
      String customer,
      List<RiskAlert> out) {
    book.getEpisodes().remove(episode);
    if (AlertRecord.group(book, episode).size() == 1) {
      // the alert's last precursor: the alert resolves; otherwise it stays open for the others
      out.add(alert(episode, AlertStatus.RESOLVED, now, score, policy, book, cause, customer));
    }
  }

  private void escalate(
      AlertEpisode episode,
      Instant now,
      int score,
      Policy policy,
      AlertBook book,
      String cause,
      String customer,
      List<RiskAlert> out) {
    for (AlertEpisode precursor : AlertRecord.group(book, episode)) {
      precursor.setStatus(AlertStatus.ESCALATED);
    }
    out.add(alert(episode, AlertStatus.ESCALATED, now, score, policy, book, cause, customer));
  }

  /**
   * Risk 0–100: {@code risk.health_weight} × (100 − health score), plus the points of every
   * precursor with an episode not clearing, capped at 100.
   */
  static int score(RiskContext context, AlertBook book, Policy policy) {
    double points =
        context == null ? 0 : policy.risk().healthWeight() * (100 - context.getHealthScore());
    for (AlertEpisode episode : book.getEpisodes()) {
      if (episode.getClearSince() == null) {
        points += policy.risk().weight(episode.getPattern());
      }
    }
    return (int) Math.max(0, Math.min(100, Math.round(points)));
  }

  static Severity severity(int score, Policy policy) {
    Policy.Risk r = policy.risk();
    return score >= r.criticalFrom()
        ? Severity.CRITICAL
        : score >= r.highFrom()
            ? Severity.HIGH
            : score >= r.mediumFrom() ? Severity.MEDIUM : Severity.LOW;
  }

  private RiskAlert alert(
      AlertEpisode episode,
      AlertStatus status,
      Instant now,
      int score,
      Policy policy,
      AlertBook book,
      String cause,
      String customer) {
    BookClock.published(book, now);
    return AlertRecord.of(
        text, episode, status, now, score, severity(score, policy), policy, book, cause, customer);
  }
}
