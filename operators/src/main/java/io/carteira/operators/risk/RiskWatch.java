package io.carteira.operators.risk;

import io.carteira.operators.model.UsageHistory;
import io.carteira.operators.policy.Policy;
import io.carteira.schemas.ChurnSignal;
import io.carteira.schemas.CustomerActivity;
import io.carteira.schemas.CustomerEvent;
import io.carteira.schemas.CustomerHealth;
import io.carteira.schemas.CustomerState;
import io.carteira.schemas.Detection;
import io.carteira.schemas.RiskContext;
import io.carteira.schemas.RiskSignal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * The risk side of a customer's change, as plain Java: the event's churn signal (if any) and a
 * {@code USAGE_DROP} when usage falls under the policy's trend go to the sequence patterns; the
 * risk context with the active condition precursors goes to the alert lifecycle whenever it
 * changes, as long as there is something to watch (a condition active, or a signal sent within the
 * sequences' windows). Keeps its own marks in the customer's state (watch end, usage falling, the
 * fingerprint of the last context sent).
 */
public final class RiskWatch {

  /**
   * What to publish.
   *
   * @param churnSignals for the sequence patterns, in order
   * @param context for the alert lifecycle; null when unchanged or nothing is watched
   * @param judgedAt the instant time-based conditions were judged at
   */
  public record Published(List<ChurnSignal> churnSignals, RiskSignal context, Instant judgedAt) {}

  private final ZoneId zone;

  public RiskWatch(ZoneId zone) {
    this.zone = zone;
  }

  /**
   * @param event the event that changed the customer; null on a timer
   * @param watermark the operator's current watermark ({@code Long.MIN_VALUE}: none yet)
   */
  public Published publish(
      CustomerState state,
      CustomerActivity uses,
      CustomerHealth snapshot,
      Instant asOf,
      CustomerEvent event,
      long mrrBefore,
      Long seatsBefore,
      Policy policy,
      long watermark) {
    Policy.Risk risk = policy.risk();
    List<ChurnSignal> signals = new ArrayList<>();
    Instant watchFor = asOf.plus(watchDays(risk));
    if (event != null) {
      ChurnSignal signal =
          ChurnSignals.of(event, mrrBefore, state.getMrrMinor(), seatsBefore, risk);
      if (signal != null) {
        signals.add(signal);
        state.setRiskWatchUntil(watchFor);
      }
    }
    // time-based judgements are made at the watermark, not at the latest event: by then every
    // earlier event of the customer has arrived, whichever partition it came from
    Instant at =
        watermark == Long.MIN_VALUE
            ? null
            : Instant.ofEpochMilli(Math.min(watermark, asOf.toEpochMilli()));
    Instant judgedAt = at != null ? at : asOf;
    Double trend =
        at == null
            ? null
            : UsageHistory.trend(
                uses, at, zone, policy.engagement().baselineWeeks(), risk.usageMinWeeklyUses());
    boolean falling =
        trend != null && trend < risk.usageDropTrend() && !state.getChurned() && !state.getPaused();
    if (falling && !state.getUsageFalling()) {
      signals.add(ChurnSignals.usageDrop(state.getCustomerId(), at, trend));
      state.setRiskWatchUntil(watchFor);
    }
    if (at != null) {
      state.setUsageFalling(falling);
    }

    List<Detection> conditions = ChurnConditions.active(state, uses, at, policy, zone);
    boolean watched =
        !conditions.isEmpty()
            || (state.getRiskWatchUntil() != null && asOf.isBefore(state.getRiskWatchUntil()))
            || (state.getChurned() && !ChurnConditions.goneAt(state, at));
    if (!watched && state.getRiskFingerprint() == 0) {
      return new Published(signals, null, judgedAt); // nothing going on, and the lifecycle knows
    }
    // while watched: the context with its conditions; on the first publish after the watch
    // ends: one last context, watched false and no conditions, that tells the lifecycle it is over
    RiskContext context =
        RiskContext.newBuilder()
            .setHealthScore(snapshot.getHealthScore())
            .setHealthBand(snapshot.getHealthBand())
            .setMrrMinor(snapshot.getMrrMinor())
            .setCurrency(snapshot.getCurrency())
            .setSegment(snapshot.getSegment())
            .setAccountOwner(snapshot.getAccountOwner())
            .setPolicySegment(policy.segment())
            .setPolicyVersion(policy.version())
            .setDaysPastDue(snapshot.getDaysPastDue())
            .setLastPaymentAt(state.getLastPaymentAt())
            .setChurned(ChurnConditions.goneAt(state, at))
            .setConditions(watched ? conditions : new ArrayList<>())
            .setWatched(watched)
            .build();
    int print = watched ? RiskFingerprint.of(context) : 0;
    if (print == state.getRiskFingerprint()) {
      return new Published(signals, null, judgedAt);
    }
    state.setRiskFingerprint(print);
    return new Published(
        signals, new RiskSignal(state.getCustomerId(), judgedAt, null, context, false), judgedAt);
  }

  /** How long a signal keeps the customer watched: the longest sequence window, then expiry. */
  private static Duration watchDays(Policy.Risk risk) {
    return Duration.ofDays(
        Math.max(
                Math.max(risk.failedPaymentWindowDays(), risk.ticketWindowDays()),
                Math.max(risk.usageDropWindowDays(), risk.downgradeWindowDays()))
            + (long) risk.episodeExpiryDays());
  }
}
