package io.carteira.operators.risk;

import io.carteira.operators.policy.Policy;
import io.carteira.schemas.ChurnSignal;
import io.carteira.schemas.Detection;
import io.carteira.schemas.EvidenceEvent;
import io.carteira.schemas.RiskSignal;
import io.carteira.schemas.SignalKind;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The sequence precursors ({@link ChurnPattern.Kind#SEQUENCE}): the signal kinds each reads, its
 * count and window, and how a match reads. {@link SequenceDetector} matches them; each sequence
 * sees only the signal kinds it names ({@link Sequence#input}), so a payment success can break a
 * failure streak and no login ever reaches it. Built from the policy in force for the customer's
 * segment at each signal.
 */
public final class SequencePatterns {

  private SequencePatterns() {}

  /** One sequence precursor: the signal kinds it reads, its window, and how a match reads. */
  public record Sequence(
      ChurnPattern pattern, Set<SignalKind> input, Duration window, String threshold, int[] shape)
      implements Serializable {

    public boolean accepts(ChurnSignal signal) {
      return input.contains(signal.getKind());
    }

    /** How many signals of the sequence's repeated kind make it: streak, ticket run, spiral. */
    public int count() {
      return shape.length == 0 ? 1 : shape[0];
    }

    /**
     * Turns a match into a detection: every matched signal is evidence, in event-time order (the
     * order applied among equal times).
     */
    public RiskSignal detection(List<ChurnSignal> matched) {
      List<ChurnSignal> signals = new ArrayList<>(matched);
      signals.sort((a, b) -> a.getEventTime().compareTo(b.getEventTime()));
      List<EvidenceEvent> evidence = new ArrayList<>();
      for (ChurnSignal s : signals) {
        evidence.add(
            new EvidenceEvent(s.getEventId(), s.getKind().name(), s.getEventTime(), s.getValue()));
      }
      Instant first = signals.get(0).getEventTime();
      Instant last = signals.get(signals.size() - 1).getEventTime();
      Detection detection =
          new Detection(
              pattern.name(),
              pattern.churnType(),
              evidence,
              first,
              first.plus(window),
              threshold,
              last);
      return new RiskSignal(signals.get(0).getCustomerId(), last, detection, null, false);
    }
  }

  /** The catalog's sequences with the thresholds of {@code policy}. */
  public static List<Sequence> of(Policy policy) {
    Policy.Risk r = policy.risk();
    return List.of(
        new Sequence(
            ChurnPattern.FAILED_PAYMENT_STREAK,
            EnumSet.of(
                SignalKind.PAYMENT_FAILED, SignalKind.HARD_DECLINE, SignalKind.PAYMENT_SUCCEEDED),
            Duration.ofDays(r.failedPaymentWindowDays()),
            r.failedPaymentStreak()
                + " failed payments in a row within "
                + r.failedPaymentWindowDays()
                + " days",
            new int[] {r.failedPaymentStreak()}),
        new Sequence(
            ChurnPattern.TICKETS_THEN_DISSATISFACTION,
            EnumSet.of(
                SignalKind.SUPPORT_TICKET_OPENED,
                SignalKind.DETRACTOR_SCORE,
                SignalKind.CONTRACTION),
            Duration.ofDays(r.ticketWindowDays()),
            r.ticketRun()
                + " support tickets then a detractor score or a downgrade within "
                + r.ticketWindowDays()
                + " days",
            new int[] {r.ticketRun()}),
        new Sequence(
            ChurnPattern.DETRACTOR_THEN_USAGE_DROP,
            EnumSet.of(SignalKind.DETRACTOR_SCORE, SignalKind.USAGE_DROP),
            Duration.ofDays(r.usageDropWindowDays()),
            "a score of "
                + r.detractorScore()
                + " or less, then usage under "
                + r.usageDropTrend()
                + " of baseline within "
                + r.usageDropWindowDays()
                + " days",
            new int[] {}),
        new Sequence(
            ChurnPattern.DOWNGRADE_SPIRAL,
            EnumSet.of(SignalKind.CONTRACTION),
            Duration.ofDays(r.downgradeWindowDays()),
            r.downgradeSpiral() + " contractions within " + r.downgradeWindowDays() + " days",
            new int[] {r.downgradeSpiral()}));
  }
}
