package io.carteira.operators.customer;

import io.carteira.operators.avro.CompiledAvroTypeInfo;
import io.carteira.operators.dedup.RecentEventIds;
import io.carteira.operators.ingest.CustomerEventCodec;
import io.carteira.operators.ingest.EncodedEvent;
import io.carteira.operators.model.UsageHistory;
import io.carteira.operators.policy.PoliciesInForce;
import io.carteira.operators.policy.Policy;
import io.carteira.operators.policy.ShadowPolicies;
import io.carteira.operators.segment.ValueTiers;
import io.carteira.operators.segment.ValueTiersInForce;
import io.carteira.schemas.AvroModels;
import io.carteira.schemas.ChurnSignal;
import io.carteira.schemas.ControlMessage;
import io.carteira.schemas.CustomerActivity;
import io.carteira.schemas.CustomerEvent;
import io.carteira.schemas.CustomerHealth;
import io.carteira.schemas.CustomerState;
import io.carteira.schemas.DunningEvent;
import io.carteira.schemas.PolicyDocument;
import io.carteira.schemas.PortfolioFact;
import io.carteira.schemas.RiskSignal;
import io.carteira.schemas.UsageEvent;
import io.carteira.schemas.UsageEventType;
import io.carteira.schemas.ValueTier;
import io.carteira.schemas.ValueTierThresholds;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The per-customer operator, keyed by {@code customer_id}: passes each {@code event_id} once
 * ({@link RecentEventIds}; repeats counted in {@code duplicateEvents}), folds every event into the
 * customer's state (an Avro record, so savepoints survive schema evolution) and emits a {@code
 * customer-health} snapshot whenever the customer's picture changes. The rules live in plain
 * classes: {@link CustomerStateFold} folds an event into the state, {@link CustomerPublisher} says
 * what the change publishes; this class loads and stores the state and emits.
 *
 * <p>Its broadcast input carries the policies in force (already validated, once, upstream) and the
 * value-tier thresholds ranked over the whole portfolio. A customer is judged by the policy of its
 * value tier, else the {@code default} one, else the built-in defaults. A new policy or tier
 * applies to each customer from its next event or timer on.
 *
 * <p>One event-time timer per customer, at the earliest instant when time alone changes the
 * snapshot (an invoice falls due or ages a day, onboarding ends, the renewal window opens, a usage
 * week completes, days without activity cross a threshold) or the state's retention ends; at
 * retention end the customer's state is dropped.
 */
public class CustomerStateFunction
    extends KeyedBroadcastProcessFunction<String, EncodedEvent, ControlMessage, CustomerHealth> {

  public static final MapStateDescriptor<String, PolicyDocument> POLICIES =
      new MapStateDescriptor<>("policies", Types.STRING, new AvroTypeInfo<>(PolicyDocument.class));
  public static final MapStateDescriptor<String, ValueTierThresholds> VALUE_TIERS =
      new MapStateDescriptor<>(
          "value-tiers", Types.STRING, new AvroTypeInfo<>(ValueTierThresholds.class));

  /** Sparse churn-precursor events for the sequence patterns (CEP). */
  public static final OutputTag<ChurnSignal> CHURN_SIGNALS =
      new OutputTag<>("churn-signals", new CompiledAvroTypeInfo<>(ChurnSignal.class));

  /** The customer's risk context and active condition precursors, for the alert lifecycle. */
  public static final OutputTag<RiskSignal> RISK_CONTEXT =
      new OutputTag<>("risk-context", new CompiledAvroTypeInfo<>(RiskSignal.class));

  /**
   * Payment and subscription events with what the customer operator knows of the customer, for the
   * dunning ladder.
   */
  public static final OutputTag<DunningEvent> DUNNING_EVENTS =
      new OutputTag<>("journey-events", new CompiledAvroTypeInfo<>(DunningEvent.class));

  /**
   * MRR movements (new, expansion, contraction, churn, reactivation), for the portfolio metrics.
   */
  public static final OutputTag<PortfolioFact> PORTFOLIO_FACTS =
      new OutputTag<>("portfolio-facts", new CompiledAvroTypeInfo<>(PortfolioFact.class));

  static final String TIMER_CAUSE = "timer:";

  /**
   * Events folded into a customer's state: what the job has done with its input, where offsets say
   * only what it has read (held events wait in state for the watermark).
   */
  public static final String EVENTS_APPLIED = "eventsApplied";

  /** Customers whose state was created: the first event of a customer never seen or expired. */
  public static final String CUSTOMERS_STARTED = "customersStarted";

  private final ZoneId zone;
  private final RecentEventIds recentEventIds;

  /** Null when events are applied in arrival order. */
  private final HeldCustomerEvents held;

  private transient CustomerEventCodec codec;

  private transient ValueState<CustomerState> customer;
  private transient ValueState<CustomerActivity> activity;

  /**
   * When the customer's snapshot timer is due, as the customer's state records it ({@code
   * snapshot_timer_at}), in a value of its own: most timers that fire are another's (an event held
   * for the watermark, ids to forget), and this tells them apart without reading the customer's
   * whole state. A customer always has one pending (every publish sets the next); absent (a
   * customer restored from a savepoint from before it existed) means unknown, and the state is
   * read.
   */
  private transient ValueState<Long> snapshotTimerAt;

  private transient CustomerPublisher publisher;
  private transient PoliciesInForce policiesInForce;
  private transient ValueTiersInForce valueTiers;
  private transient Counter snapshotsEmitted;
  private transient Counter customersExpired;
  private transient Counter activityFastPath;
  private transient Counter duplicates;
  private transient Counter eventsApplied;
  private transient Counter customersStarted;

  /**
   * @param zone the business's time zone
   * @param dedupRetention how long event ids are remembered; more than the allowed lateness
   */
  public CustomerStateFunction(ZoneId zone, Duration dedupRetention) {
    this(zone, dedupRetention, true);
  }

  /**
   * @param inEventTimeOrder apply a customer's events in event-time order, once the watermark has
   *     passed them (deterministic: a replay gives the same outputs; latency at least the
   *     out-of-orderness bound), rather than as they arrive (outputs at once)
   */
  public CustomerStateFunction(ZoneId zone, Duration dedupRetention, boolean inEventTimeOrder) {
    this.zone = zone;
    this.recentEventIds = new RecentEventIds(dedupRetention);
    this.held = inEventTimeOrder ? new HeldCustomerEvents() : null;
  }

  @Override
  public void open(OpenContext openContext) {
    AvroModels.enableFastReading();
    customer =
        getRuntimeContext().getState(CompiledAvroTypeInfo.value("customer", CustomerState.class));
    activity =
        getRuntimeContext()
            .getState(CompiledAvroTypeInfo.value("activity", CustomerActivity.class));
    snapshotTimerAt =
        getRuntimeContext().getState(new ValueStateDescriptor<>("snapshot-timer-at", Types.LONG));
    publisher = new CustomerPublisher(zone);
    policiesInForce = new PoliciesInForce();
    valueTiers = new ValueTiersInForce();
    snapshotsEmitted = getRuntimeContext().getMetricGroup().counter("healthSnapshotsEmitted");
    customersExpired = getRuntimeContext().getMetricGroup().counter("customersExpired");
    activityFastPath = getRuntimeContext().getMetricGroup().counter("activityFastPath");
    duplicates = getRuntimeContext().getMetricGroup().counter("duplicateEvents");
    eventsApplied = getRuntimeContext().getMetricGroup().counter(EVENTS_APPLIED);
    customersStarted = getRuntimeContext().getMetricGroup().counter(CUSTOMERS_STARTED);
    recentEventIds.open(getRuntimeContext());
    if (held != null) {
      held.open(getRuntimeContext());
    }
    codec = new CustomerEventCodec();
  }

  @Override
  public void processElement(EncodedEvent event, ReadOnlyContext ctx, Collector<CustomerHealth> out)
      throws Exception {
    if (!recentEventIds.firstTime(
        ctx.getCurrentKey(), event.eventId(), event.eventTime(), ctx.timerService())) {
      duplicates.inc();
      return;
    }
    if (held != null && held.hold(event, ctx.timerService())) {
      return; // applied when the watermark passes it, in event-time order
    }
    apply(codec.decode(event), ctx, out);
  }

  private void apply(CustomerEvent event, ReadOnlyContext ctx, Collector<CustomerHealth> out)
      throws Exception {
    eventsApplied.inc();
    CustomerActivity uses = activity.value();
    if (uses != null
        && isActivity(event.getUsage())
        && sameDay(uses.getLastActivityAt(), event.getEventTime())) {
      // the hot path: another login or feature use on a day with activity already. Nothing a
      // snapshot shows can change (activity counts by the day, trends by the completed week), so
      // only the small activity record is read and written.
      UsageHistory.record(uses, event.getEventTime(), zone);
      activity.update(uses);
      activityFastPath.inc();
      return;
    }
    CustomerState state = customer.value();
    if (state == null) {
      state = CustomerStateFold.newCustomer(event);
      customersStarted.inc();
    }
    if (uses == null) {
      uses = CustomerStateFold.newActivity();
    }
    long mrrBefore = state.getMrrMinor();
    Long seatsBefore = state.getSeatsInUse();
    Outputs outputs = new Outputs(ctx, out);
    Policy policyBefore =
        event.getPayment() == null
            ? null
            : policyFor(
                state,
                ctx.getBroadcastState(POLICIES),
                valueTiers.at(ctx.getBroadcastState(VALUE_TIERS), event.getEventTime()));
    publisher.fold(state, uses, event, policyBefore, outputs);
    publish(
        state,
        uses,
        state.getLastEventTime(),
        event.getEventId(),
        event,
        mrrBefore,
        seatsBefore,
        ctx,
        outputs);
    customer.update(state);
    if (isActivity(event.getUsage())) {
      activity.update(uses);
    }
  }

  private static boolean isActivity(UsageEvent usage) {
    return usage != null
        && (usage.getEventType() == UsageEventType.LOGIN
            || usage.getEventType() == UsageEventType.FEATURE_USED);
  }

  /** Same UTC day: the granularity at which snapshots show last activity. */
  private static boolean sameDay(Instant a, Instant b) {
    return a != null && a.getEpochSecond() / 86_400 == b.getEpochSecond() / 86_400;
  }

  @Override
  public void processBroadcastElement(
      ControlMessage message, Context ctx, Collector<CustomerHealth> out) throws Exception {
    if (message.getPolicy() != null) {
      // live documents only: a shadow is never evaluated here (see ShadowScope)
      ShadowPolicies.apply(ctx.getBroadcastState(POLICIES), message.getPolicy(), false);
    }
    if (message.getValueTiers() != null) {
      valueTiers.put(
          ctx.getBroadcastState(VALUE_TIERS), message.getValueTiers(), ctx.currentWatermark());
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<CustomerHealth> out)
      throws Exception {
    recentEventIds.forget(ctx.getCurrentKey(), timestamp);
    if (held != null) {
      for (CustomerEvent event : held.release(timestamp, codec)) {
        apply(event, ctx, out);
      }
    }
    if (ctx.timerService().currentWatermark() == Long.MAX_VALUE) {
      return; // end of a bounded input: no time passes, nothing falls due
    }
    Long snapshotDue = snapshotTimerAt.value();
    if (snapshotDue != null && snapshotDue != timestamp) {
      return; // another's timer: the customer's state is not read
    }
    CustomerState state = customer.value();
    if (state == null
        || state.getSnapshotTimerAt() == null
        || state.getSnapshotTimerAt().toEpochMilli() != timestamp) {
      return;
    }
    state.setSnapshotTimerAt(null);
    Instant now = Instant.ofEpochMilli(timestamp);
    CustomerActivity uses = activity.value();
    if (uses == null) {
      uses = CustomerStateFold.newActivity();
    }
    ReadOnlyBroadcastState<String, PolicyDocument> policies = ctx.getBroadcastState(POLICIES);
    ValueTierThresholds thresholds = valueTiers.at(ctx.getBroadcastState(VALUE_TIERS), now);
    if (!now.isBefore(
        CustomerSnapshots.retentionEnds(state, uses, policyFor(state, policies, thresholds)))) {
      customer.clear();
      activity.clear();
      snapshotTimerAt.clear();
      recentEventIds.clear();
      customersExpired.inc();
      return;
    }
    Instant asOf = now.isAfter(state.getLastEventTime()) ? now : state.getLastEventTime();
    publish(state, uses, asOf, TIMER_CAUSE + now, null, 0, null, ctx, new Outputs(ctx, out));
    customer.update(state);
  }

  private void publish(
      CustomerState state,
      CustomerActivity uses,
      Instant asOf,
      String cause,
      CustomerEvent event,
      long mrrBefore,
      Long seatsBefore,
      ReadOnlyContext ctx,
      Outputs outputs)
      throws Exception {
    ValueTier tier =
        ValueTiers.tierOf(
            state.getMrrMinor(), valueTiers.at(ctx.getBroadcastState(VALUE_TIERS), asOf));
    Policy policy = policiesInForce.of(ValueTiers.segmentOf(tier), ctx.getBroadcastState(POLICIES));
    publisher.publish(
        state,
        uses,
        asOf,
        cause,
        event,
        mrrBefore,
        seatsBefore,
        tier,
        policy,
        ctx.timerService().currentWatermark(),
        outputs);
  }

  /** The publisher's outputs: the snapshot on the main output, the rest on the side outputs. */
  private final class Outputs implements CustomerPublisher.Outputs {
    private final ReadOnlyContext ctx;
    private final Collector<CustomerHealth> out;

    Outputs(ReadOnlyContext ctx, Collector<CustomerHealth> out) {
      this.ctx = ctx;
      this.out = out;
    }

    @Override
    public void dunningEvent(DunningEvent event) {
      ctx.output(DUNNING_EVENTS, event);
    }

    @Override
    public void portfolioFact(PortfolioFact fact) {
      ctx.output(PORTFOLIO_FACTS, fact);
    }

    @Override
    public void snapshot(CustomerHealth snapshot) {
      snapshotsEmitted.inc();
      out.collect(snapshot);
    }

    @Override
    public void churnSignal(ChurnSignal signal) {
      ctx.output(CHURN_SIGNALS, signal);
    }

    @Override
    public void riskSignal(RiskSignal signal) {
      ctx.output(RISK_CONTEXT, signal);
    }

    @Override
    public void timer(Instant at) {
      ctx.timerService().registerEventTimeTimer(at.toEpochMilli());
      try {
        snapshotTimerAt.update(at.toEpochMilli());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private Policy policyFor(
      CustomerState state,
      ReadOnlyBroadcastState<String, PolicyDocument> policies,
      ValueTierThresholds thresholds)
      throws Exception {
    return policiesInForce.of(
        ValueTiers.segmentOf(ValueTiers.tierOf(state.getMrrMinor(), thresholds)), policies);
  }
}
