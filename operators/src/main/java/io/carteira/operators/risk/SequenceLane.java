package io.carteira.operators.risk;

import io.carteira.operators.policy.PoliciesInForce;
import io.carteira.operators.policy.Policy;
import io.carteira.schemas.ChurnSignal;
import io.carteira.schemas.PolicyDocument;
import io.carteira.schemas.RiskSignal;
import io.carteira.schemas.SequenceBook;
import java.time.Instant;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.TimerService;

/**
 * One evaluation of the sequences over a customer's {@link SequenceBook}: the live one, or the
 * shadow one (the segments' shadows in force first) over the shadow book. Each keeps its book with
 * its own timer at the next expiry; both get every timer of the key and each ignores one that is
 * not its own.
 */
final class SequenceLane {

  private final ValueState<SequenceBook> books;
  private final PoliciesInForce policiesInForce;
  private final Map<Policy, List<SequencePatterns.Sequence>> sequencesOf = new IdentityHashMap<>();
  private final Counter detections;

  SequenceLane(ValueState<SequenceBook> books, boolean shadow, MetricGroup metrics) {
    this.books = books;
    this.policiesInForce = new PoliciesInForce(shadow);
    this.detections = metrics.counter("sequenceDetections");
  }

  ValueState<SequenceBook> books() {
    return books;
  }

  void apply(
      ChurnSignal signal,
      long at,
      TimerService timers,
      ReadOnlyBroadcastState<String, PolicyDocument> policies,
      Consumer<RiskSignal> out)
      throws Exception {
    SequenceBook stored = books.value();
    SequenceBook book =
        stored == null ? SequenceDetector.newBook() : SequenceDetector.mutable(stored);
    book.setPolicySegment(signal.getPolicySegment());
    List<SequencePatterns.Sequence> sequences = sequencesOf(signal.getPolicySegment(), policies);
    for (RiskSignal detection : SequenceDetector.apply(book, signal, at, sequences)) {
      detections.inc();
      out.accept(detection);
    }
    save(book, at, sequences, timers);
  }

  /** What time alone does at {@code timestamp}, when that is this book's timer. */
  void onTimer(
      long timestamp, TimerService timers, ReadOnlyBroadcastState<String, PolicyDocument> policies)
      throws Exception {
    SequenceBook stored = books.value();
    if (stored == null
        || stored.getTimerAt() == null
        || stored.getTimerAt().toEpochMilli() != timestamp) {
      return;
    }
    SequenceBook book = SequenceDetector.mutable(stored);
    book.setTimerAt(null);
    save(book, timestamp, sequencesOf(book.getPolicySegment(), policies), timers);
  }

  /** Keeps the book while it holds anything, with its one timer at the next expiry. */
  private void save(
      SequenceBook book, long now, List<SequencePatterns.Sequence> sequences, TimerService timers)
      throws Exception {
    SequenceDetector.expireAt(book, now, sequences);
    if (SequenceDetector.isEmpty(book)) {
      books.clear();
      return;
    }
    Instant next = SequenceDetector.nextExpiry(book, sequences);
    Instant registered = book.getTimerAt();
    if (next != null
        && (registered == null || registered.toEpochMilli() <= now || next.isBefore(registered))) {
      timers.registerEventTimeTimer(next.toEpochMilli());
      book.setTimerAt(next);
    }
    books.update(book);
  }

  /** The sequences with the thresholds of the policy in force for {@code segment}. */
  private List<SequencePatterns.Sequence> sequencesOf(
      String segment, ReadOnlyBroadcastState<String, PolicyDocument> policies) throws Exception {
    Policy policy =
        policiesInForce.of(segment == null ? Policy.DEFAULT_SEGMENT : segment, policies);
    return sequencesOf.computeIfAbsent(policy, SequencePatterns::of);
  }
}
