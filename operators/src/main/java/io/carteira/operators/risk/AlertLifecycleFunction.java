package io.carteira.operators.risk;

import io.carteira.operators.policy.PoliciesInForce;
import io.carteira.operators.policy.Policy;
import io.carteira.operators.policy.ShadowPolicies;
import io.carteira.operators.telemetry.EventTimeLag;
import io.carteira.operators.telemetry.LabelledCounters;
import io.carteira.operators.time.EventTimeOrder;
import io.carteira.schemas.AlertBook;
import io.carteira.schemas.AlertStatus;
import io.carteira.schemas.AvroModels;
import io.carteira.schemas.ControlMessage;
import io.carteira.schemas.PolicyDocument;
import io.carteira.schemas.RiskAlert;
import io.carteira.schemas.RiskContext;
import io.carteira.schemas.RiskSignal;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
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
 * The alert lifecycle in Flink, keyed by customer: holds the customer's {@link AlertBook}, puts the
 * signals in event-time order, and runs {@link AlertLifecycle} on each signal and on its one
 * event-time timer (the earliest escalation, end of cool-down or expiry still pending).
 *
 * <p>Input: sequence detections from CEP, and the customer's {@link RiskContext} (health, MRR,
 * segment, owner, and the condition precursors active now) from the per-customer operator, sent
 * while the customer is watched; state is kept only while it is watched or has an episode.
 */
public class AlertLifecycleFunction
    extends KeyedBroadcastProcessFunction<String, RiskSignal, ControlMessage, RiskAlert> {

  public static final MapStateDescriptor<String, PolicyDocument> POLICIES =
      new MapStateDescriptor<>("policies", Types.STRING, new AvroTypeInfo<>(PolicyDocument.class));

  private final AlertLifecycle lifecycle;

  /** A shadow lifecycle: the segments' shadows in force first, alerts only while one is. */
  private final boolean shadow;

  /** Null when signals are handled in arrival order. */
  private final EventTimeOrder<RiskSignal> eventTimeOrder;

  private transient ValueState<AlertBook> books;
  private transient PoliciesInForce policiesInForce;
  private transient Counter opened;
  private transient Counter escalated;
  private transient Counter resolved;
  private transient Counter detectionsAfterChurn;
  private transient LabelledCounters alertsByPattern;
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
    this(locale, inEventTimeOrder, false);
  }

  /**
   * @param shadow a shadow instance: applies each segment's shadow in force before its live policy
   *     ({@link PoliciesInForce}), keeps its books whether or not a shadow is in force (so a shadow
   *     starts from the live episodes), and emits alerts only while one is
   */
  public AlertLifecycleFunction(String locale, boolean inEventTimeOrder, boolean shadow) {
    this.shadow = shadow;
    this.lifecycle = new AlertLifecycle(locale);
    this.eventTimeOrder =
        inEventTimeOrder
            ? new EventTimeOrder<>(
                "signals-in-event-time-order", new AvroTypeInfo<>(RiskSignal.class), SAME_INSTANT)
            : null;
  }

  /** Signals of one customer at the same instant: the context first, then detections by pattern. */
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
    MetricGroup metrics = ShadowPolicies.metricsOf(getRuntimeContext(), shadow);
    books =
        getRuntimeContext()
            .getState(
                new ValueStateDescriptor<>("alert-book", new AvroTypeInfo<>(AlertBook.class)));
    policiesInForce = new PoliciesInForce(shadow);
    opened = metrics.counter("alertsOpened");
    escalated = metrics.counter("alertsEscalated");
    resolved = metrics.counter("alertsResolved");
    detectionsAfterChurn = metrics.counter("detectionsAfterChurn");
    alertsByPattern = new LabelledCounters(metrics, "alerts", "pattern", "churn_type", "status");
    for (ChurnPattern pattern : ChurnPattern.values()) {
      for (AlertStatus status : AlertStatus.values()) {
        alertsByPattern.of(pattern.name(), pattern.churnType().name(), status.name());
      }
    }
    lag = EventTimeLag.register(metrics);
    if (eventTimeOrder != null) {
      eventTimeOrder.open(getRuntimeContext());
    }
  }

  /**
   * The customer's book, with a list that may be changed in place (a deserialised Avro array may
   * not).
   */
  private AlertBook book() throws Exception {
    AlertBook book = books.value();
    if (book != null) {
      book.setEpisodes(new ArrayList<>(book.getEpisodes()));
    }
    return book;
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
    AlertBook book = book();
    if (book == null) {
      if (signal.getContext() != null && !signal.getContext().getWatched()) {
        return; // nothing open, nothing to watch: keep no state
      }
      book = new AlertBook(null, new ArrayList<>(), null, null, 0);
    }
    if (signal.getContext() != null) {
      book.setContext(signal.getContext());
    }
    Policy policy = policyOf(book.getContext(), ctx.getBroadcastState(POLICIES));
    // the signal's time, or that of the customer's latest alert record when the signal came late
    Instant now = BookClock.actAt(book, signal.getEventTime());
    List<RiskAlert> alerts = new ArrayList<>();
    AlertLifecycle.Outcome outcome =
        lifecycle.apply(book, signal, policy, ctx.getCurrentKey(), alerts);
    emit(alerts, ctx, out);
    switch (outcome) {
      case DETECTION_AFTER_CHURN -> detectionsAfterChurn.inc();
      case CHURNED -> {
        Instant forgetAt = AlertLifecycle.forgetChurnedAt(now, policy);
        ctx.timerService().registerEventTimeTimer(forgetAt.toEpochMilli());
        book.setTimerAt(forgetAt);
        books.update(book);
      }
      case APPLIED -> save(book, ctx, now, policy);
    }
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
    AlertBook book = book();
    if (book == null
        || book.getTimerAt() == null
        || book.getTimerAt().toEpochMilli() != timestamp) {
      return;
    }
    book.setTimerAt(null);
    if (book.getContext() != null && book.getContext().getChurned()) {
      books.clear();
      return;
    }
    Policy policy = policyOf(book.getContext(), ctx.getBroadcastState(POLICIES));
    List<RiskAlert> alerts = new ArrayList<>();
    Instant now = BookClock.actAt(book, Instant.ofEpochMilli(timestamp));
    lifecycle.advance(book, now, policy, ctx.getCurrentKey(), alerts);
    emit(alerts, ctx, out);
    save(book, ctx, now, policy);
  }

  @Override
  public void processBroadcastElement(ControlMessage message, Context ctx, Collector<RiskAlert> out)
      throws Exception {
    if (message.getPolicy() != null) {
      ShadowPolicies.apply(ctx.getBroadcastState(POLICIES), message.getPolicy(), shadow);
    }
  }

  private void emit(List<RiskAlert> alerts, ReadOnlyContext ctx, Collector<RiskAlert> out)
      throws Exception {
    if (shadow
        && !alerts.isEmpty()
        && !ShadowPolicies.anyInForce(ctx.getBroadcastState(POLICIES))) {
      return; // no shadow in force: the book moved on, nothing is sent
    }
    for (RiskAlert alert : alerts) {
      switch (alert.getStatus()) {
        case OPEN -> opened.inc();
        case ESCALATED -> escalated.inc();
        case RESOLVED -> resolved.inc();
        default -> {}
      }
      alertsByPattern
          .of(alert.getPattern(), alert.getChurnType().name(), alert.getStatus().name())
          .inc();
      out.collect(alert);
    }
  }

  /** Keeps the book while it matters, with its one timer at the next deadline. */
  private void save(AlertBook book, ReadOnlyContext ctx, Instant now, Policy policy)
      throws Exception {
    if (!AlertLifecycle.keep(book)) {
      books.clear();
      return;
    }
    Instant next = AlertLifecycle.nextDeadline(book, now, policy);
    Instant registered = book.getTimerAt();
    if (next != null
        && (registered == null || !registered.isAfter(now) || next.isBefore(registered))) {
      ctx.timerService().registerEventTimeTimer(next.toEpochMilli());
      book.setTimerAt(next);
    }
    books.update(book);
  }

  private Policy policyOf(
      RiskContext context, ReadOnlyBroadcastState<String, PolicyDocument> policies)
      throws Exception {
    return policiesInForce.of(
        context == null ? Policy.DEFAULT_SEGMENT : context.getPolicySegment(), policies);
  }
}
