package io.carteira.operators.risk;

import io.carteira.operators.policy.PoliciesInForce;
import io.carteira.operators.policy.Policy;
import io.carteira.operators.policy.ShadowPolicies;
import io.carteira.operators.time.EventTimeOrder;
import io.carteira.schemas.AvroModels;
import io.carteira.schemas.ChurnSignal;
import io.carteira.schemas.ControlMessage;
import io.carteira.schemas.PolicyDocument;
import io.carteira.schemas.RiskSignal;
import io.carteira.schemas.SequenceBook;
import java.io.Serializable;
import java.time.Instant;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The sequence precursors in Flink, keyed by customer, policies broadcast: holds each churn signal
 * until the watermark passes the instant it carries (its record's timestamp), then applies a
 * customer's signals in that order, arrivals at one instant in arrival order, to {@link
 * SequenceDetector} with the sequences of the policy in force for the signal's segment at that
 * moment. A detection goes out with the instant of the signal that completed it.
 *
 * <p>State: the customer's {@link SequenceBook} (the partial sequences) and the signals waiting for
 * the watermark; one event-time timer per customer at the instant its earliest held signal can no
 * longer begin a match, so the state returns to nothing when sequences lapse.
 */
public class SequenceDetectorFunction
    extends KeyedBroadcastProcessFunction<String, ChurnSignal, ControlMessage, RiskSignal> {

  public static final MapStateDescriptor<String, PolicyDocument> POLICIES =
      new MapStateDescriptor<>("policies", Types.STRING, new AvroTypeInfo<>(PolicyDocument.class));

  /** Signals at one instant: in arrival order (the sort is stable). */
  private static final Comparator<ChurnSignal> ARRIVAL =
      (Comparator<ChurnSignal> & Serializable) (a, b) -> 0;

  private final EventTimeOrder<ChurnSignal> inOrder =
      new EventTimeOrder<>(
          "signals-in-event-time-order", new AvroTypeInfo<>(ChurnSignal.class), ARRIVAL);

  /** A shadow detector: the segments' shadows in force first. */
  private final boolean shadow;

  private transient ValueState<SequenceBook> books;
  private transient PoliciesInForce policiesInForce;
  private transient Map<Policy, List<SequencePatterns.Sequence>> sequencesOf;
  private transient Counter detections;

  public SequenceDetectorFunction() {
    this(false);
  }

  /**
   * @param shadow a shadow instance: reads each segment's shadow in force before its live policy
   *     ({@link PoliciesInForce}); its detections feed the shadow alert lifecycle alone
   */
  public SequenceDetectorFunction(boolean shadow) {
    this.shadow = shadow;
  }

  @Override
  public void open(OpenContext openContext) {
    AvroModels.enableFastReading();
    MetricGroup metrics = ShadowPolicies.metricsOf(getRuntimeContext(), shadow);
    books =
        getRuntimeContext()
            .getState(
                new ValueStateDescriptor<>(
                    "sequence-book", new AvroTypeInfo<>(SequenceBook.class)));
    inOrder.open(getRuntimeContext());
    policiesInForce = new PoliciesInForce(shadow);
    sequencesOf = new IdentityHashMap<>();
    detections = metrics.counter("sequenceDetections");
  }

  @Override
  public void processElement(ChurnSignal signal, ReadOnlyContext ctx, Collector<RiskSignal> out)
      throws Exception {
    Long timestamp = ctx.timestamp();
    long at = timestamp != null ? timestamp : signal.getEventTime().toEpochMilli();
    if (inOrder.hold(signal, at, ctx.timerService())) {
      return; // applied when the watermark passes it
    }
    apply(signal, at, ctx, out);
  }

  private void apply(ChurnSignal signal, long at, ReadOnlyContext ctx, Collector<RiskSignal> out)
      throws Exception {
    SequenceBook stored = books.value();
    SequenceBook book =
        stored == null ? SequenceDetector.newBook() : SequenceDetector.mutable(stored);
    book.setPolicySegment(signal.getPolicySegment());
    List<SequencePatterns.Sequence> sequences =
        sequencesOf(signal.getPolicySegment(), ctx.getBroadcastState(POLICIES));
    for (RiskSignal detection : SequenceDetector.apply(book, signal, at, sequences)) {
      detections.inc();
      out.collect(detection);
    }
    save(book, at, sequences, ctx);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<RiskSignal> out)
      throws Exception {
    for (ChurnSignal signal : inOrder.release(timestamp)) {
      apply(signal, timestamp, ctx, out);
    }
    SequenceBook stored = books.value();
    if (stored == null
        || stored.getTimerAt() == null
        || stored.getTimerAt().toEpochMilli() != timestamp) {
      return;
    }
    SequenceBook book = SequenceDetector.mutable(stored);
    book.setTimerAt(null);
    List<SequencePatterns.Sequence> sequences =
        sequencesOf(book.getPolicySegment(), ctx.getBroadcastState(POLICIES));
    save(book, timestamp, sequences, ctx);
  }

  @Override
  public void processBroadcastElement(
      ControlMessage message, Context ctx, Collector<RiskSignal> out) throws Exception {
    if (message.getPolicy() != null) {
      ShadowPolicies.apply(ctx.getBroadcastState(POLICIES), message.getPolicy(), shadow);
    }
  }

  /** Keeps the book while it holds anything, with its one timer at the next expiry. */
  private void save(
      SequenceBook book, long now, List<SequencePatterns.Sequence> sequences, ReadOnlyContext ctx)
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
      ctx.timerService().registerEventTimeTimer(next.toEpochMilli());
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
