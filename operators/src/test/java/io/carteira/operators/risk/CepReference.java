package io.carteira.operators.risk;

import io.carteira.schemas.ChurnSignal;
import io.carteira.schemas.RiskSignal;
import io.carteira.schemas.SignalKind;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.cep.functions.PatternProcessFunction;
import org.apache.flink.cep.nfa.aftermatch.AfterMatchSkipStrategy;
import org.apache.flink.cep.nfa.compiler.NFACompiler;
import org.apache.flink.cep.operator.CepOperator;
import org.apache.flink.cep.pattern.Pattern;
import org.apache.flink.cep.pattern.conditions.SimpleCondition;
import org.apache.flink.formats.avro.typeutils.AvroSerializer;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;

/**
 * The sequence precursors as the Flink CEP patterns builds before ran them, one CEP operator per
 * sequence in event time: the reference {@link SequenceDetector} must match exactly.
 */
final class CepReference {

  private CepReference() {}

  /** The CEP pattern of {@code sequence}, as the job built it. */
  static Pattern<ChurnSignal, ?> pattern(SequencePatterns.Sequence sequence) {
    AfterMatchSkipStrategy skip = AfterMatchSkipStrategy.skipPastLastEvent();
    return switch (sequence.pattern()) {
      case FAILED_PAYMENT_STREAK ->
          Pattern.<ChurnSignal>begin("failures", skip)
              .where(kinds(SignalKind.PAYMENT_FAILED, SignalKind.HARD_DECLINE))
              .times(sequence.count())
              .consecutive()
              .within(sequence.window());
      case TICKETS_THEN_DISSATISFACTION ->
          Pattern.<ChurnSignal>begin("tickets", skip)
              .where(kinds(SignalKind.SUPPORT_TICKET_OPENED))
              .times(sequence.count())
              .followedBy("dissatisfaction")
              .where(kinds(SignalKind.DETRACTOR_SCORE, SignalKind.CONTRACTION))
              .within(sequence.window());
      case DETRACTOR_THEN_USAGE_DROP ->
          Pattern.<ChurnSignal>begin("detractor", skip)
              .where(kinds(SignalKind.DETRACTOR_SCORE))
              .followedBy("usage-drop")
              .where(kinds(SignalKind.USAGE_DROP))
              .within(sequence.window());
      case DOWNGRADE_SPIRAL ->
          Pattern.<ChurnSignal>begin("contractions", skip)
              .where(kinds(SignalKind.CONTRACTION))
              .times(sequence.count())
              .within(sequence.window());
      default -> throw new IllegalStateException(sequence.pattern() + " is not a sequence");
    };
  }

  /** A harness over the CEP operator of {@code sequence}, opened. */
  static KeyedOneInputStreamOperatorTestHarness<String, ChurnSignal, RiskSignal> harness(
      SequencePatterns.Sequence sequence) throws Exception {
    Pattern<ChurnSignal, ?> cep = pattern(sequence);
    CepOperator<ChurnSignal, String, RiskSignal> operator =
        new CepOperator<>(
            new AvroSerializer<>(ChurnSignal.class),
            false,
            NFACompiler.compileFactory(cep, false),
            null,
            cep.getAfterMatchSkipStrategy(),
            new Detect(sequence),
            null);
    var h =
        new KeyedOneInputStreamOperatorTestHarness<>(
            operator, ChurnSignal::getCustomerId, Types.STRING);
    h.open();
    return h;
  }

  private static SimpleCondition<ChurnSignal> kinds(SignalKind... kinds) {
    Set<SignalKind> set = EnumSet.of(kinds[0], kinds);
    return SimpleCondition.of(signal -> set.contains(signal.getKind()));
  }

  /** The CEP operator's function as it was: the match's stages flattened in the map's order. */
  static final class Detect extends PatternProcessFunction<ChurnSignal, RiskSignal> {
    private final SequencePatterns.Sequence sequence;

    Detect(SequencePatterns.Sequence sequence) {
      this.sequence = sequence;
    }

    @Override
    public void processMatch(
        Map<String, List<ChurnSignal>> match, Context ctx, Collector<RiskSignal> out) {
      List<ChurnSignal> signals = new ArrayList<>();
      match.values().forEach(signals::addAll);
      out.collect(sequence.detection(signals));
    }
  }
}
