package io.carteira.operators.risk;

import io.carteira.operators.avro.CompiledAvroTypeInfo;
import io.carteira.operators.policy.Policy;
import io.carteira.operators.policy.ShadowBooks;
import io.carteira.operators.policy.ShadowPolicies;
import io.carteira.operators.policy.ShadowRuns;
import io.carteira.operators.time.EventTimeOrder;
import io.carteira.schemas.AvroModels;
import io.carteira.schemas.ChurnSignal;
import io.carteira.schemas.ControlMessage;
import io.carteira.schemas.PolicyDocument;
import io.carteira.schemas.RiskSignal;
import io.carteira.schemas.SequenceBook;
import java.io.Serializable;
import java.util.Comparator;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The sequence precursors in Flink, keyed by customer, policies broadcast: holds each churn signal
 * until the watermark passes the instant it carries (its record's timestamp), then applies a
 * customer's signals in that order, arrivals at one instant in arrival order, to {@link
 * SequenceDetector} with the sequences of the policy in force for the signal's segment at that
 * moment. A detection goes out with the instant of the signal that completed it.
 *
 * <p>While a shadow policy applies to the signal's segment, the signal is applied a second time to
 * the customer's shadow book with the shadow's sequences ({@link SequenceLane}); its detections go
 * to {@link #SHADOW_DETECTIONS}, marked {@code shadow}, for the shadow evaluation of the alert
 * lifecycle alone. The shadow book is created lazily ({@link ShadowBooks}); while no shadow is in
 * force nothing shadow-related is read or written.
 *
 * <p>State: the customer's {@link SequenceBook} (the partial sequences), the shadow book while a
 * shadow applies, and the signals waiting for the watermark; one event-time timer per customer at
 * the instant its earliest held signal can no longer begin a match, so the state returns to nothing
 * when sequences lapse.
 */
public class SequenceDetectorFunction
    extends KeyedBroadcastProcessFunction<String, ChurnSignal, ControlMessage, RiskSignal> {

  public static final MapStateDescriptor<String, PolicyDocument> POLICIES =
      new MapStateDescriptor<>("policies", Types.STRING, new AvroTypeInfo<>(PolicyDocument.class));

  /** The shadow evaluation's detections, marked {@code shadow}. */
  public static final OutputTag<RiskSignal> SHADOW_DETECTIONS =
      new OutputTag<>("shadow-detections", new CompiledAvroTypeInfo<>(RiskSignal.class));

  /** Signals at one instant: in arrival order (the sort is stable). */
  private static final Comparator<ChurnSignal> ARRIVAL =
      (Comparator<ChurnSignal> & Serializable) (a, b) -> 0;

  private final EventTimeOrder<ChurnSignal> inOrder =
      new EventTimeOrder<>(
          "signals-in-event-time-order", new CompiledAvroTypeInfo<>(ChurnSignal.class), ARRIVAL);

  private transient SequenceLane live;
  private transient SequenceLane shadow;
  private transient ShadowBooks<SequenceBook> shadowBooks;
  private transient ShadowRuns runs;

  @Override
  public void open(OpenContext openContext) {
    AvroModels.enableFastReading();
    AvroTypeInfo<SequenceBook> type = new CompiledAvroTypeInfo<>(SequenceBook.class);
    live =
        new SequenceLane(
            getRuntimeContext().getState(new ValueStateDescriptor<>("sequence-book", type)),
            false,
            ShadowPolicies.metricsOf(getRuntimeContext(), false));
    shadowBooks =
        new ShadowBooks<>(
            getRuntimeContext(),
            "shadow-sequence-book",
            type,
            book -> SequenceBook.newBuilder(book).build());
    shadow =
        new SequenceLane(
            shadowBooks.books(), true, ShadowPolicies.metricsOf(getRuntimeContext(), true));
    runs = new ShadowRuns();
    inOrder.open(getRuntimeContext());
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
    ReadOnlyBroadcastState<String, PolicyDocument> policies = ctx.getBroadcastState(POLICIES);
    String run = shadowRunOf(signal.getPolicySegment(), policies);
    if (run != null) {
      shadowBooks.enter(run, live.books()); // the live book before this signal
    }
    live.apply(signal, at, ctx.timerService(), policies, out::collect);
    if (run != null) {
      shadow.apply(signal, at, ctx.timerService(), policies, d -> toShadow(d, ctx));
    }
  }

  private static void toShadow(RiskSignal detection, ReadOnlyContext ctx) {
    detection.setShadow(true);
    ctx.output(SHADOW_DETECTIONS, detection);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<RiskSignal> out)
      throws Exception {
    for (ChurnSignal signal : inOrder.release(timestamp)) {
      apply(signal, timestamp, ctx, out);
    }
    ReadOnlyBroadcastState<String, PolicyDocument> policies = ctx.getBroadcastState(POLICIES);
    boolean shadowToo = shadowOnTimer(policies);
    live.onTimer(timestamp, ctx.timerService(), policies);
    if (shadowToo) {
      shadow.onTimer(timestamp, ctx.timerService(), policies);
    }
  }

  /**
   * Whether the shadow book takes this timer too: it belongs to a run in force, or a shadow applies
   * to the live book's segment (the shadow book is then started from the live one).
   */
  private boolean shadowOnTimer(ReadOnlyBroadcastState<String, PolicyDocument> policies)
      throws Exception {
    if (!runs.at(policies).anySeen()) {
      return false;
    }
    SequenceBook book = runs.any() ? live.books().value() : null;
    String run = book == null ? null : shadowRunOf(book.getPolicySegment(), policies);
    if (run != null) {
      shadowBooks.enter(run, live.books());
      return true;
    }
    return shadowBooks.inForce(runs);
  }

  /** The shadow run that applies to {@code segment}, or null (none in force: no lookup). */
  private String shadowRunOf(
      String segment, ReadOnlyBroadcastState<String, PolicyDocument> policies) throws Exception {
    if (!runs.at(policies).any()) {
      return null;
    }
    return runs.runOf(segment == null ? Policy.DEFAULT_SEGMENT : segment, policies);
  }

  @Override
  public void processBroadcastElement(
      ControlMessage message, Context ctx, Collector<RiskSignal> out) throws Exception {
    if (message.getPolicy() != null) {
      ShadowPolicies.apply(ctx.getBroadcastState(POLICIES), message.getPolicy(), true);
      ShadowRuns.apply(ctx.getBroadcastState(POLICIES), message.getPolicy());
      runs.invalidate();
    }
  }
}
