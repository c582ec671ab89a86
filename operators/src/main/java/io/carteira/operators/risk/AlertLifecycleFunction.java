package io.carteira.operators.risk;

import io.carteira.operators.avro.CompiledAvroTypeInfo;
import io.carteira.operators.policy.Policy;
import io.carteira.operators.policy.ShadowBooks;
import io.carteira.operators.policy.ShadowPolicies;
import io.carteira.operators.policy.ShadowRuns;
import io.carteira.operators.telemetry.EventTimeLag;
import io.carteira.operators.time.EventTimeOrder;
import io.carteira.schemas.AlertBook;
import io.carteira.schemas.AvroModels;
import io.carteira.schemas.ControlMessage;
import io.carteira.schemas.PolicyDocument;
import io.carteira.schemas.RiskAlert;
import io.carteira.schemas.RiskContext;
import io.carteira.schemas.RiskSignal;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
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
 * The alert lifecycle in Flink, keyed by customer: holds the customer's {@link AlertBook}, puts the
 * signals in event-time order, and runs {@link AlertLifecycle} on each signal and on its one
 * event-time timer (the earliest escalation, end of cool-down or expiry still pending).
 *
 * <p>Input: sequence detections, and the customer's {@link RiskContext} (health, MRR, segment,
 * owner, and the condition precursors active now) from the per-customer operator, sent while the
 * customer is watched; state is kept only while it is watched or has an episode.
 *
 * <p>Shadow policies ({@link AlertLane}): while a shadow applies to the customer's segment, a
 * context is applied to the live book and to the customer's shadow book (created lazily as a copy
 * of the live one, {@link ShadowBooks}); a live detection to the live book only, a shadow detection
 * (marked {@code shadow}, from the sequence detector's shadow evaluation) to the shadow book only.
 * The shadow evaluation's alerts go to {@link #SHADOW_ALERTS}. While a shadow is in force for
 * another segment only, the customer's live alerts are also its shadow alerts (what the shadow
 * evaluation would send is what the live one does). While no shadow is in force, nothing
 * shadow-related is read, written or sent.
 */
public class AlertLifecycleFunction
    extends KeyedBroadcastProcessFunction<String, RiskSignal, ControlMessage, RiskAlert> {

  public static final MapStateDescriptor<String, PolicyDocument> POLICIES =
      new MapStateDescriptor<>("policies", Types.STRING, new AvroTypeInfo<>(PolicyDocument.class));

  /** The shadow evaluation's alerts, for {@code risk-alerts-shadow}. */
  public static final OutputTag<RiskAlert> SHADOW_ALERTS =
      new OutputTag<>("shadow-alerts", new CompiledAvroTypeInfo<>(RiskAlert.class));

  private final AlertLifecycle lifecycle;

  /** Null when signals are handled in arrival order. */
  private final EventTimeOrder<RiskSignal> eventTimeOrder;

  private transient AlertLane live;
  private transient AlertLane shadow;
  private transient ShadowBooks<AlertBook> shadowBooks;
  private transient ShadowRuns runs;
  private transient EventTimeLag lag;

  /**
   * @param locale language of the reasons: {@code en} or {@code pt-BR}
   */
  public AlertLifecycleFunction(String locale) {
    this(locale, true);
  }

  /**
   * @param inEventTimeOrder handle a customer's signals in event-time order once the watermark has
   *     passed them: contexts come at once from the customer operator, sequence detections only
   *     when CEP's watermark passes, and without this the lifecycle would depend on which came
   *     first
   */
  public AlertLifecycleFunction(String locale, boolean inEventTimeOrder) {
    this.lifecycle = new AlertLifecycle(locale);
    this.eventTimeOrder =
        inEventTimeOrder
            ? new EventTimeOrder<>(
                "signals-in-event-time-order",
                new CompiledAvroTypeInfo<>(RiskSignal.class),
                SAME_INSTANT)
            : null;
  }

  /**
   * Signals of one customer at the same instant: the context first, then detections by pattern
   * (live before shadow, each evaluation seeing its own in the same order).
   */
  static final Comparator<RiskSignal> SAME_INSTANT =
      (Comparator<RiskSignal> & Serializable)
          (a, b) -> {
            int byKind =
                Integer.compare(a.getContext() != null ? 0 : 1, b.getContext() != null ? 0 : 1);
            return byKind != 0 ? byKind : patternOf(a).compareTo(patternOf(b));
          };

  private static String patternOf(RiskSignal signal) {
    return signal.getDetection() == null ? "" : signal.getDetection().getPattern();
  }

  @Override
  public void open(OpenContext openContext) {
    AvroModels.enableFastReading();
    AvroTypeInfo<AlertBook> type = new CompiledAvroTypeInfo<>(AlertBook.class);
    live =
        new AlertLane(
            lifecycle,
            getRuntimeContext().getState(new ValueStateDescriptor<>("alert-book", type)),
            false,
            ShadowPolicies.metricsOf(getRuntimeContext(), false));
    shadowBooks =
        new ShadowBooks<>(
            getRuntimeContext(),
            "shadow-alert-book",
            type,
            book -> AlertBook.newBuilder(book).build());
    shadow =
        new AlertLane(
            lifecycle,
            shadowBooks.books(),
            true,
            ShadowPolicies.metricsOf(getRuntimeContext(), true));
    runs = new ShadowRuns();
    lag = EventTimeLag.register(ShadowPolicies.metricsOf(getRuntimeContext(), false));
    if (eventTimeOrder != null) {
      eventTimeOrder.open(getRuntimeContext());
    }
  }

  @Override
  public void processElement(RiskSignal signal, ReadOnlyContext ctx, Collector<RiskAlert> out)
      throws Exception {
    lag.observe(ctx.timerService().currentWatermark());
    if (eventTimeOrder != null
        && eventTimeOrder.hold(signal, signal.getEventTime().toEpochMilli(), ctx.timerService())) {
      return; // handled when the watermark passes it, in event-time order
    }
    apply(signal, ctx, out);
  }

  private void apply(RiskSignal signal, ReadOnlyContext ctx, Collector<RiskAlert> out)
      throws Exception {
    ReadOnlyBroadcastState<String, PolicyDocument> policies = ctx.getBroadcastState(POLICIES);
    List<RiskAlert> alerts = new ArrayList<>();
    if (!runs.at(policies).any()) {
      if (!signal.getShadow()) {
        live.apply(signal, ctx.getCurrentKey(), ctx.timerService(), policies, alerts);
        live.emit(alerts, out::collect);
      }
      return;
    }
    String run = runs.runOf(segmentOf(signal), policies);
    if (run == null) {
      if (!signal.getShadow()) { // no shadow applies here: the shadow alerts are the live ones
        live.apply(signal, ctx.getCurrentKey(), ctx.timerService(), policies, alerts);
        live.emit(alerts, out::collect);
        shadow.emit(alerts, a -> ctx.output(SHADOW_ALERTS, a));
      }
      return;
    }
    shadowBooks.enter(run, live.books()); // the live book before this signal
    if (!signal.getShadow()) {
      live.apply(signal, ctx.getCurrentKey(), ctx.timerService(), policies, alerts);
      live.emit(alerts, out::collect);
    }
    if (signal.getShadow() || signal.getContext() != null) {
      List<RiskAlert> shadowAlerts = new ArrayList<>();
      shadow.apply(signal, ctx.getCurrentKey(), ctx.timerService(), policies, shadowAlerts);
      shadow.emit(shadowAlerts, a -> ctx.output(SHADOW_ALERTS, a));
    }
  }

  /**
   * The customer's segment: the signal's context's, else its book's (asked only under a shadow).
   */
  private String segmentOf(RiskSignal signal) throws Exception {
    RiskContext context = signal.getContext();
    if (context == null) {
      AlertBook book = live.books().value();
      if ((book == null || book.getContext() == null) && signal.getShadow()) {
        book = shadow.books().value();
      }
      context = book == null ? null : book.getContext();
    }
    return segmentOf(context);
  }

  private static String segmentOf(RiskContext context) {
    return context == null ? Policy.DEFAULT_SEGMENT : context.getPolicySegment();
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<RiskAlert> out)
      throws Exception {
    lag.observe(ctx.timerService().currentWatermark());
    if (eventTimeOrder != null) {
      for (RiskSignal signal : eventTimeOrder.release(timestamp)) {
        apply(signal, ctx, out);
      }
    }
    ReadOnlyBroadcastState<String, PolicyDocument> policies = ctx.getBroadcastState(POLICIES);
    boolean shadowToo = shadowOnTimer(policies);
    List<RiskAlert> alerts = new ArrayList<>();
    live.onTimer(timestamp, ctx.getCurrentKey(), ctx.timerService(), policies, alerts);
    live.emit(alerts, out::collect);
    if (shadowToo) {
      List<RiskAlert> shadowAlerts = new ArrayList<>();
      shadow.onTimer(timestamp, ctx.getCurrentKey(), ctx.timerService(), policies, shadowAlerts);
      shadow.emit(shadowAlerts, a -> ctx.output(SHADOW_ALERTS, a));
    } else if (runs.any()) {
      shadow.emit(alerts, a -> ctx.output(SHADOW_ALERTS, a));
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
    AlertBook book = runs.any() ? live.books().value() : null;
    String run = book == null ? null : runs.runOf(segmentOf(book.getContext()), policies);
    if (run != null) {
      shadowBooks.enter(run, live.books());
      return true;
    }
    return shadowBooks.inForce(runs);
  }

  @Override
  public void processBroadcastElement(ControlMessage message, Context ctx, Collector<RiskAlert> out)
      throws Exception {
    if (message.getPolicy() != null) {
      ShadowPolicies.apply(ctx.getBroadcastState(POLICIES), message.getPolicy(), true);
      ShadowRuns.apply(ctx.getBroadcastState(POLICIES), message.getPolicy());
      runs.invalidate();
    }
  }
}
