package io.carteira.operators.customer;

import io.carteira.operators.dedup.RecentEventIds;
import io.carteira.operators.metrics.MrrMovements;
import io.carteira.operators.metrics.PortfolioFacts;
import io.carteira.operators.metrics.PortfolioSegments;
import io.carteira.operators.model.CustomerEventOrder;
import io.carteira.operators.model.Standing;
import io.carteira.operators.model.UsageHistory;
import io.carteira.operators.policy.PoliciesInForce;
import io.carteira.operators.policy.Policy;
import io.carteira.operators.risk.ChurnConditions;
import io.carteira.operators.risk.ChurnSignals;
import io.carteira.operators.risk.RiskFingerprint;
import io.carteira.operators.segment.ValueTiers;
import io.carteira.operators.segment.ValueTiersInForce;
import io.carteira.operators.time.EventTimeOrder;
import io.carteira.schemas.ChurnSignal;
import io.carteira.schemas.ControlMessage;
import io.carteira.schemas.CustomerActivity;
import io.carteira.schemas.CustomerEvent;
import io.carteira.schemas.CustomerHealth;
import io.carteira.schemas.CustomerState;
import io.carteira.schemas.Detection;
import io.carteira.schemas.JourneyEvent;
import io.carteira.schemas.MrrMovement;
import io.carteira.schemas.OpenInvoice;
import io.carteira.schemas.PaymentBehaviour;
import io.carteira.schemas.PolicyDocument;
import io.carteira.schemas.PortfolioFact;
import io.carteira.schemas.RiskContext;
import io.carteira.schemas.RiskSignal;
import io.carteira.schemas.UsageEvent;
import io.carteira.schemas.UsageEventType;
import io.carteira.schemas.ValueTier;
import io.carteira.schemas.ValueTierThresholds;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The per-customer operator, keyed by {@code customer_id}: passes each {@code event_id} once
 * ({@link RecentEventIds}; repeats counted in {@code duplicateEvents}), folds every event into the
 * customer's state (an Avro record, so savepoints survive schema evolution) and emits a {@code
 * customer-health} snapshot whenever the customer's picture changes.
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
    extends KeyedBroadcastProcessFunction<String, CustomerEvent, ControlMessage, CustomerHealth> {

  public static final MapStateDescriptor<String, PolicyDocument> POLICIES =
      new MapStateDescriptor<>("policies", Types.STRING, new AvroTypeInfo<>(PolicyDocument.class));
  public static final MapStateDescriptor<String, ValueTierThresholds> VALUE_TIERS =
      new MapStateDescriptor<>(
          "value-tiers", Types.STRING, new AvroTypeInfo<>(ValueTierThresholds.class));

  /** Sparse churn-precursor events for the sequence patterns (CEP). */
  public static final OutputTag<ChurnSignal> CHURN_SIGNALS =
      new OutputTag<>("churn-signals", new AvroTypeInfo<>(ChurnSignal.class));

  /** The customer's risk context and active condition precursors, for the alert lifecycle. */
  public static final OutputTag<RiskSignal> RISK_CONTEXT =
      new OutputTag<>("risk-context", new AvroTypeInfo<>(RiskSignal.class));

  /**
   * Payment and subscription events with what the customer operator knows of the customer, for the
   * dunning ladder.
   */
  public static final OutputTag<JourneyEvent> JOURNEY_EVENTS =
      new OutputTag<>("journey-events", new AvroTypeInfo<>(JourneyEvent.class));

  /**
   * MRR movements (new, expansion, contraction, churn, reactivation), for the portfolio metrics.
   */
  public static final OutputTag<PortfolioFact> PORTFOLIO_FACTS =
      new OutputTag<>("portfolio-facts", new AvroTypeInfo<>(PortfolioFact.class));

  static final String TIMER_CAUSE = "timer:";

  private final ZoneId zone;
  private final RecentEventIds recentEventIds;

  /** Null when events are applied in arrival order. */
  private final EventTimeOrder<CustomerEvent> eventTimeOrder;

  private transient ValueState<CustomerState> customer;
  private transient ValueState<CustomerActivity> activity;
  private transient CustomerLedger ledger;
  private transient PortfolioFacts facts;
  private transient SnapshotFingerprint fingerprint;
  private transient PoliciesInForce policiesInForce;
  private transient ValueTiersInForce valueTiers;
  private transient Counter snapshotsEmitted;
  private transient Counter customersExpired;
  private transient Counter activityFastPath;
  private transient Counter duplicates;

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
    this.eventTimeOrder =
        inEventTimeOrder
            ? new EventTimeOrder<>(
                "events-in-event-time-order",
                new AvroTypeInfo<>(CustomerEvent.class),
                CustomerEventOrder.SAME_INSTANT)
            : null;
  }

  @Override
  public void open(OpenContext openContext) {
    customer =
        getRuntimeContext()
            .getState(
                new ValueStateDescriptor<>("customer", new AvroTypeInfo<>(CustomerState.class)));
    activity =
        getRuntimeContext()
            .getState(
                new ValueStateDescriptor<>("activity", new AvroTypeInfo<>(CustomerActivity.class)));
    ledger = new CustomerLedger(zone);
    facts = new PortfolioFacts(zone);
    fingerprint = new SnapshotFingerprint();
    policiesInForce = new PoliciesInForce();
    valueTiers = new ValueTiersInForce();
    snapshotsEmitted = getRuntimeContext().getMetricGroup().counter("healthSnapshotsEmitted");
    customersExpired = getRuntimeContext().getMetricGroup().counter("customersExpired");
    activityFastPath = getRuntimeContext().getMetricGroup().counter("activityFastPath");
    duplicates = getRuntimeContext().getMetricGroup().counter("duplicateEvents");
    recentEventIds.open(getRuntimeContext());
    if (eventTimeOrder != null) {
      eventTimeOrder.open(getRuntimeContext());
    }
  }

  @Override
  public void processElement(
      CustomerEvent event, ReadOnlyContext ctx, Collector<CustomerHealth> out) throws Exception {
    if (!recentEventIds.firstTime(
        event.getEventId(), event.getEventTime().toEpochMilli(), ctx.timerService())) {
      duplicates.inc();
      return;
    }
    if (eventTimeOrder != null
        && eventTimeOrder.hold(event, event.getEventTime().toEpochMilli(), ctx.timerService())) {
      return; // applied when the watermark passes it, in event-time order
    }
    apply(event, ctx, out);
  }

  private void apply(CustomerEvent event, ReadOnlyContext ctx, Collector<CustomerHealth> out)
      throws Exception {
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
      state = CustomerLedger.newCustomer(event);
    }
    if (uses == null) {
      uses = CustomerLedger.newActivity();
    }
    long mrrBefore = state.getMrrMinor();
    Long seatsBefore = state.getSeatsInUse();
    Map<String, OpenInvoice> openBefore = null;
    PaymentBehaviour behaviourBefore = null;
    if (event.getPayment() != null) {
      openBefore = PortfolioFacts.openInvoices(state);
      behaviourBefore =
          Standing.paymentHistory(
              state,
              policyFor(
                      state,
                      ctx.getBroadcastState(POLICIES),
                      valueTiers.at(ctx.getBroadcastState(VALUE_TIERS), event.getEventTime()))
                  .punctuality());
    }
    ledger.apply(state, uses, event);
    if (event.getPayment() != null) {
      PortfolioFact fact = facts.ofPayment(event.getPayment(), openBefore, state, behaviourBefore);
      if (fact != null) {
        ctx.output(PORTFOLIO_FACTS, fact);
      }
    }
    publish(
        state,
        uses,
        state.getLastEventTime(),
        event.getEventId(),
        event,
        mrrBefore,
        seatsBefore,
        ctx,
        out);
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
      BroadcastState<String, PolicyDocument> policies = ctx.getBroadcastState(POLICIES);
      policies.put(message.getPolicy().getSegment(), message.getPolicy());
    }
    if (message.getValueTiers() != null) {
      valueTiers.put(
          ctx.getBroadcastState(VALUE_TIERS), message.getValueTiers(), ctx.currentWatermark());
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<CustomerHealth> out)
      throws Exception {
    recentEventIds.forget(timestamp);
    if (eventTimeOrder != null) {
      for (CustomerEvent event : eventTimeOrder.release(timestamp)) {
        apply(event, ctx, out);
      }
    }
    if (ctx.timerService().currentWatermark() == Long.MAX_VALUE) {
      return; // end of a bounded input: no time passes, nothing falls due
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
      uses = CustomerLedger.newActivity();
    }
    ReadOnlyBroadcastState<String, PolicyDocument> policies = ctx.getBroadcastState(POLICIES);
    ValueTierThresholds thresholds = valueTiers.at(ctx.getBroadcastState(VALUE_TIERS), now);
    if (!now.isBefore(
        CustomerSnapshots.retentionEnds(state, uses, policyFor(state, policies, thresholds)))) {
      customer.clear();
      activity.clear();
      recentEventIds.clear();
      customersExpired.inc();
      return;
    }
    Instant asOf = now.isAfter(state.getLastEventTime()) ? now : state.getLastEventTime();
    publish(state, uses, asOf, TIMER_CAUSE + now, null, 0, null, ctx, out);
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
      Collector<CustomerHealth> out)
      throws Exception {
    ReadOnlyBroadcastState<String, PolicyDocument> policies = ctx.getBroadcastState(POLICIES);
    TimerService timers = ctx.timerService();
    ValueTier tier =
        ValueTiers.tierOf(
            state.getMrrMinor(), valueTiers.at(ctx.getBroadcastState(VALUE_TIERS), asOf));
    String segment = ValueTiers.segmentOf(tier);
    Policy policy = policiesInForce.of(segment, policies);
    if (event != null && (event.getPayment() != null || event.getSubscription() != null)) {
      ctx.output(JOURNEY_EVENTS, journeyEvent(state, event, segment, policy));
    }
    if (event != null && event.getSubscription() != null && mrrBefore != state.getMrrMinor()) {
      LocalDate today = event.getEventTime().atZone(zone).toLocalDate();
      boolean involuntary =
          state.getHardDecline() != null
              || Standing.daysPastDue(state, today) >= ChurnConditions.ladderEnd(state, policy);
      MrrMovement movement =
          MrrMovements.of(
              state.getCustomerId(),
              event.getEventId(),
              event.getEventTime(),
              mrrBefore,
              state.getMrrMinor(),
              state.getMrrChurned(),
              involuntary,
              state.getCurrency(),
              mrrBefore > 0 ? state.getValueTier() : tier);
      if (state.getMrrMinor() == 0) {
        state.setMrrChurned(true);
      }
      if (state.getAcquisitionChannel() == null) {
        state.setAcquisitionChannel(
            PortfolioSegments.UNKNOWN); // pays without one stated: pinned as unknown
      }
      ctx.output(
          PORTFOLIO_FACTS,
          PortfolioFacts.ofSubscription(
              event.getSubscription(), movement, state.getAcquisitionChannel()));
    }
    CustomerHealth snapshot =
        CustomerSnapshots.snapshot(state, uses, asOf, policy, zone, tier, cause);
    int print = fingerprint.of(snapshot);
    if (print != state.getSnapshotFingerprint()) {
      state.setSnapshotFingerprint(print);
      state.setValueTier(tier);
      state.setPolicyVersion(policy.version());
      snapshotsEmitted.inc();
      out.collect(snapshot);
    }
    Instant judgedAt =
        publishRisk(state, uses, snapshot, asOf, event, mrrBefore, seatsBefore, policy, ctx);
    Instant next = CustomerSnapshots.nextChange(state, uses, asOf, policy, zone);
    Instant conditionStarts = ChurnConditions.nextChange(state, uses, judgedAt, policy, zone);
    if (conditionStarts != null && (next == null || conditionStarts.isBefore(next))) {
      next = conditionStarts;
    }
    Instant retention = CustomerSnapshots.retentionEnds(state, uses, policy);
    if (next == null || retention.isBefore(next)) {
      next = retention;
    }
    // One live timer per customer. A later boundary keeps the pending, earlier timer: it fires,
    // finds nothing changed and sets the next one. Only an earlier boundary registers anew (the
    // old timer, no longer the pending one, is then ignored when it fires): no delete per event.
    Instant pending = state.getSnapshotTimerAt();
    if (pending == null || next.isBefore(pending)) {
      timers.registerEventTimeTimer(next.toEpochMilli());
      state.setSnapshotTimerAt(next);
    }
  }

  /**
   * The risk side of a publish: the event's churn signal (if any) and a {@code USAGE_DROP} when
   * usage falls under the policy's trend go to the sequence patterns; the risk context with the
   * active condition precursors goes to the alert lifecycle whenever it changes, as long as there
   * is something to watch (a condition active, or a signal sent within the sequences' windows).
   */
  private Instant publishRisk(
      CustomerState state,
      CustomerActivity uses,
      CustomerHealth snapshot,
      Instant asOf,
      CustomerEvent event,
      long mrrBefore,
      Long seatsBefore,
      Policy policy,
      ReadOnlyContext ctx) {
    Policy.Risk risk = policy.risk();
    Instant watchFor =
        asOf.plus(
            Duration.ofDays(
                Math.max(
                        Math.max(risk.failedPaymentWindowDays(), risk.ticketWindowDays()),
                        Math.max(risk.usageDropWindowDays(), risk.downgradeWindowDays()))
                    + (long) risk.episodeExpiryDays()));
    if (event != null) {
      ChurnSignal signal =
          ChurnSignals.of(event, mrrBefore, state.getMrrMinor(), seatsBefore, risk);
      if (signal != null) {
        ctx.output(CHURN_SIGNALS, signal);
        state.setRiskWatchUntil(watchFor);
      }
    }
    // time-based judgements are made at the watermark, not at the latest event: by then every
    // earlier event of the customer has arrived, whichever partition it came from
    long watermark = ctx.timerService().currentWatermark();
    Instant at =
        watermark == Long.MIN_VALUE
            ? null
            : Instant.ofEpochMilli(Math.min(watermark, asOf.toEpochMilli()));
    Double trend =
        at == null ? null : UsageHistory.trend(uses, at, zone, policy.engagement().baselineWeeks());
    boolean falling = trend != null && trend < risk.usageDropTrend() && !state.getChurned();
    if (falling && !state.getUsageFalling()) {
      ctx.output(CHURN_SIGNALS, ChurnSignals.usageDrop(state.getCustomerId(), at, trend));
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
      return at != null ? at : asOf; // nothing going on, and the alert lifecycle knows it
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
    if (print != state.getRiskFingerprint()) {
      state.setRiskFingerprint(print);
      ctx.output(
          RISK_CONTEXT,
          new RiskSignal(state.getCustomerId(), at != null ? at : asOf, null, context));
    }
    return at != null ? at : asOf;
  }

  private static JourneyEvent journeyEvent(
      CustomerState state, CustomerEvent event, String segment, Policy policy) {
    return JourneyEvent.newBuilder()
        .setCustomerId(state.getCustomerId())
        .setEventTime(event.getEventTime())
        .setPayment(event.getPayment())
        .setSubscription(event.getSubscription())
        .setPolicySegment(segment)
        .setPaymentHistory(Standing.paymentHistory(state, policy.punctuality()))
        .setCustomerName(state.getCustomerName())
        .setPreferredChannel(state.getPreferredChannel())
        .setAccountOwner(state.getAccountOwner())
        .setContractEndDate(state.getContractEndDate())
        .setSubscribed(state.getSubscribed())
        .setCancellationRequested(state.getCancellationRequested())
        .build();
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
