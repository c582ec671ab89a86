package io.carteira.operators.dunning;

import io.carteira.operators.avro.CompiledAvroTypeInfo;
import io.carteira.operators.policy.ShadowBooks;
import io.carteira.operators.policy.ShadowPolicies;
import io.carteira.operators.policy.ShadowRuns;
import io.carteira.operators.telemetry.EventTimeLag;
import io.carteira.operators.telemetry.PolicyVersions;
import io.carteira.schemas.AvroModels;
import io.carteira.schemas.ControlMessage;
import io.carteira.schemas.DunningAction;
import io.carteira.schemas.DunningBook;
import io.carteira.schemas.DunningEvent;
import io.carteira.schemas.InvoiceRecovery;
import io.carteira.schemas.PolicyDocument;
import io.carteira.schemas.PolicyStatus;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The dunning ladder and customer journeys in Flink, keyed by customer: {@link DunningLadder}'s
 * rules over a {@link DunningBook} in keyed state, with one event-time timer per customer at the
 * next step, notice or journey that falls due (or at the end of retention, where the book is
 * dropped). Timed actions go out when the watermark passes their send time, so every payment that
 * happened before it has been read: a paid invoice gets no reminder.
 *
 * <p>Input: the payment and subscription events the customer operator passes on, with the
 * customer's policy segment, payment history, channel and owner. Broadcast: the policies in force,
 * read at each step, so a change applies from the next step on. Output: {@code dunning-actions};
 * side output {@link #RECOVERIES}: late invoices paid, for the recovery metrics.
 *
 * <p>Shadow policies ({@link DunningLane}): while a shadow applies to the customer's segment, each
 * event and timer is applied to the live book and to the customer's shadow book too (created lazily
 * as a copy of the live one, {@link ShadowBooks}), whose actions go to {@link #SHADOW_ACTIONS}.
 * While a shadow is in force for another segment only, the customer's live actions are also its
 * shadow actions. While no shadow is in force, nothing shadow-related is read, written or sent.
 */
public class DunningLadderFunction
    extends KeyedBroadcastProcessFunction<String, DunningEvent, ControlMessage, DunningAction> {

  public static final MapStateDescriptor<String, PolicyDocument> POLICIES =
      new MapStateDescriptor<>("policies", Types.STRING, new AvroTypeInfo<>(PolicyDocument.class));

  /** Late invoices paid: days to recover and the ladder step before the payment. */
  public static final OutputTag<InvoiceRecovery> RECOVERIES =
      new OutputTag<>("invoice-recoveries", new CompiledAvroTypeInfo<>(InvoiceRecovery.class));

  /** The shadow evaluation's actions, for {@code dunning-actions-shadow}. */
  public static final OutputTag<DunningAction> SHADOW_ACTIONS =
      new OutputTag<>("shadow-dunning-actions", new CompiledAvroTypeInfo<>(DunningAction.class));

  private final DunningLadder ladder;

  private transient PolicyVersions policyVersions;
  private transient PolicyVersions shadowVersions;
  private transient boolean policyVersionsRefilled;
  private transient EventTimeLag lag;
  private transient DunningLane live;
  private transient DunningLane shadow;
  private transient ShadowBooks<DunningBook> shadowBooks;
  private transient ShadowRuns runs;

  /**
   * @param zone the business's time zone (due dates, quiet hours)
   * @param defaultLocale language of customers without a supported {@code locale} attribute: {@code
   *     pt-BR} or {@code en}
   */
  public DunningLadderFunction(ZoneId zone, String defaultLocale) {
    this.ladder = new DunningLadder(zone, defaultLocale);
  }

  @Override
  public void open(OpenContext openContext) {
    AvroModels.enableFastReading();
    MetricGroup metrics = ShadowPolicies.metricsOf(getRuntimeContext(), false);
    MetricGroup shadowMetrics = ShadowPolicies.metricsOf(getRuntimeContext(), true);
    AvroTypeInfo<DunningBook> type = new CompiledAvroTypeInfo<>(DunningBook.class);
    live =
        new DunningLane(
            ladder,
            getRuntimeContext().getState(new ValueStateDescriptor<>("dunning-book", type)),
            false,
            metrics);
    shadowBooks =
        new ShadowBooks<>(
            getRuntimeContext(),
            "shadow-dunning-book",
            type,
            book -> DunningBook.newBuilder(book).build());
    shadow = new DunningLane(ladder, shadowBooks.books(), true, shadowMetrics);
    runs = new ShadowRuns();
    policyVersions = new PolicyVersions(metrics, PolicyVersions.NAME);
    shadowVersions = new PolicyVersions(shadowMetrics, PolicyVersions.SHADOW_NAME);
    lag = EventTimeLag.register(metrics);
  }

  @Override
  public void processElement(DunningEvent event, ReadOnlyContext ctx, Collector<DunningAction> out)
      throws Exception {
    lag.observe(ctx.timerService().currentWatermark());
    ReadOnlyBroadcastState<String, PolicyDocument> policies = ctx.getBroadcastState(POLICIES);
    if (!policyVersionsRefilled) {
      policyVersionsRefilled = true;
      refillPolicyVersions(policies);
    }
    String run = runs.at(policies).any() ? runs.runOf(event.getPolicySegment(), policies) : null;
    if (run != null) {
      shadowBooks.enter(run, live.books()); // the live book before this event
    }
    List<DunningAction> actions = new ArrayList<>();
    List<InvoiceRecovery> recovered = new ArrayList<>();
    live.apply(event, ctx.timerService(), policies, actions, recovered);
    live.emit(actions, out::collect);
    for (InvoiceRecovery recovery : recovered) {
      ctx.output(RECOVERIES, recovery);
    }
    if (run != null) {
      List<DunningAction> shadowActions = new ArrayList<>();
      shadow.apply(event, ctx.timerService(), policies, shadowActions, new ArrayList<>());
      shadow.emit(shadowActions, a -> ctx.output(SHADOW_ACTIONS, a));
    } else if (runs.any()) { // no shadow applies here: the shadow actions are the live ones
      shadow.emit(actions, a -> ctx.output(SHADOW_ACTIONS, a));
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<DunningAction> out)
      throws Exception {
    lag.observe(ctx.timerService().currentWatermark());
    if (ctx.timerService().currentWatermark() == Long.MAX_VALUE) {
      return; // the end of a bounded input: no time passes, nothing falls due
    }
    ReadOnlyBroadcastState<String, PolicyDocument> policies = ctx.getBroadcastState(POLICIES);
    boolean shadowToo = shadowOnTimer(policies);
    List<DunningAction> actions = new ArrayList<>();
    live.onTimer(timestamp, ctx.timerService(), policies, actions);
    live.emit(actions, out::collect);
    if (shadowToo) {
      List<DunningAction> shadowActions = new ArrayList<>();
      shadow.onTimer(timestamp, ctx.timerService(), policies, shadowActions);
      shadow.emit(shadowActions, a -> ctx.output(SHADOW_ACTIONS, a));
    } else if (runs.any()) {
      shadow.emit(actions, a -> ctx.output(SHADOW_ACTIONS, a));
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
    DunningBook book = runs.any() ? live.books().value() : null;
    String run = book == null ? null : runs.runOf(book.getPolicySegment(), policies);
    if (run != null) {
      shadowBooks.enter(run, live.books());
      return true;
    }
    return shadowBooks.inForce(runs);
  }

  /** After a restore: the gauges of the policies the broadcast state holds. */
  private void refillPolicyVersions(ReadOnlyBroadcastState<String, PolicyDocument> policies)
      throws Exception {
    List<Map.Entry<String, PolicyDocument>> liveInForce = new ArrayList<>();
    List<Map.Entry<String, PolicyDocument>> shadowsInForce = new ArrayList<>();
    for (Map.Entry<String, PolicyDocument> e : policies.immutableEntries()) {
      if (!ShadowRuns.isRunKey(e.getKey())) {
        (ShadowPolicies.isLive(e.getValue()) ? liveInForce : shadowsInForce).add(e);
      }
    }
    policyVersions.refill(liveInForce);
    shadowVersions.refill(shadowsInForce);
  }

  @Override
  public void processBroadcastElement(
      ControlMessage message, Context ctx, Collector<DunningAction> out) throws Exception {
    PolicyDocument policy = message.getPolicy();
    if (policy == null) {
      return;
    }
    BroadcastState<String, PolicyDocument> policies = ctx.getBroadcastState(POLICIES);
    ShadowPolicies.apply(policies, policy, true);
    ShadowRuns.apply(policies, policy);
    runs.invalidate();
    if (ShadowPolicies.isLive(policy)) {
      policyVersions.inForce(policy);
    }
    shadowVersions.inForce(
        policy.getSegment(), policy.getStatus() == PolicyStatus.SHADOW ? policy.getVersion() : 0L);
  }
}
