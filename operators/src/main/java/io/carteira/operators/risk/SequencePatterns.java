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
import java.util.Map;
import java.util.Set;
import org.apache.flink.cep.functions.PatternProcessFunction;
import org.apache.flink.cep.nfa.aftermatch.AfterMatchSkipStrategy;
import org.apache.flink.cep.pattern.Pattern;
import org.apache.flink.cep.pattern.conditions.SimpleCondition;
import org.apache.flink.util.Collector;

/**
 * The sequence precursors ({@link ChurnPattern.Kind#SEQUENCE}) as Flink CEP patterns. Each runs in
 * its own CEP operator fed only the signal kinds it names ({@link #input}), so a payment success
 * can break a failure streak, partial matches stay rare, and no login ever reaches CEP. After a
 * match, matching resumes past its last event. Thresholds are read when the job is built.
 */
public final class SequencePatterns {

  private SequencePatterns() {}

  /** One sequence precursor: the signal kinds it reads, its CEP pattern, and how a match reads. */
  public record Sequence(
      ChurnPattern pattern, Set<SignalKind> input, Duration window, String threshold, int[] shape)
      implements Serializable {

    public boolean accepts(ChurnSignal signal) {
      return input.contains(signal.getKind());
    }

    /** The CEP pattern. */
    public Pattern<ChurnSignal, ?> cep() {
      AfterMatchSkipStrategy skip = AfterMatchSkipStrategy.skipPastLastEvent();
      return switch (pattern) {
        case FAILED_PAYMENT_STREAK ->
            Pattern.<ChurnSignal>begin("failures", skip)
                .where(kinds(SignalKind.PAYMENT_FAILED, SignalKind.HARD_DECLINE))
                .times(shape[0])
                .consecutive()
                .within(window);
        case TICKETS_THEN_DISSATISFACTION ->
            Pattern.<ChurnSignal>begin("tickets", skip)
                .where(kinds(SignalKind.SUPPORT_TICKET_OPENED))
                .times(shape[0])
                .followedBy("dissatisfaction")
                .where(kinds(SignalKind.DETRACTOR_SCORE, SignalKind.CONTRACTION))
                .within(window);
        case DETRACTOR_THEN_USAGE_DROP ->
            Pattern.<ChurnSignal>begin("detractor", skip)
                .where(kinds(SignalKind.DETRACTOR_SCORE))
                .followedBy("usage-drop")
                .where(kinds(SignalKind.USAGE_DROP))
                .within(window);
        case DOWNGRADE_SPIRAL ->
            Pattern.<ChurnSignal>begin("contractions", skip)
                .where(kinds(SignalKind.CONTRACTION))
                .times(shape[0])
                .within(window);
        default -> throw new IllegalStateException(pattern + " is not a sequence");
      };
    }

    /** Turns a match into a detection: every matched signal is evidence, in time order. */
    public RiskSignal detection(Map<String, List<ChurnSignal>> match) {
      List<ChurnSignal> signals = new ArrayList<>();
      match.values().forEach(signals::addAll);
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
      return new RiskSignal(signals.get(0).getCustomerId(), last, detection, null);
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

  private static SimpleCondition<ChurnSignal> kinds(SignalKind... kinds) {
    Set<SignalKind> set = EnumSet.of(kinds[0], kinds);
    return SimpleCondition.of(signal -> set.contains(signal.getKind()));
  }

  /** The CEP operator's function: one detection per match. */
  public static final class Detect extends PatternProcessFunction<ChurnSignal, RiskSignal> {
    private final Sequence sequence;

    public Detect(Sequence sequence) {
      this.sequence = sequence;
    }

    @Override
    public void processMatch(
        Map<String, List<ChurnSignal>> match, Context ctx, Collector<RiskSignal> out) {
      out.collect(sequence.detection(match));
    }
  }
}
