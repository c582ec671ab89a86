package io.carteira.operators.dunning;

import io.carteira.operators.policy.PoliciesInForce;
import io.carteira.operators.policy.Policy;
import io.carteira.operators.policy.ShadowPolicies;
import io.carteira.operators.telemetry.EventTimeLag;
import io.carteira.operators.telemetry.LabelledCounters;
import io.carteira.operators.telemetry.PolicyVersions;
import io.carteira.schemas.AvroModels;
import io.carteira.schemas.ControlMessage;
import io.carteira.schemas.DunningAction;
import io.carteira.schemas.DunningActionType;
import io.carteira.schemas.DunningBook;
import io.carteira.schemas.DunningEvent;
import io.carteira.schemas.InvoiceRecovery;
import io.carteira.schemas.PolicyDocument;
import io.carteira.schemas.PolicyStatus;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.metrics.Counter;
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
 */
public class DunningLadderFunction
    extends KeyedBroadcastProcessFunction<String, DunningEvent, ControlMessage, DunningAction> {

  public static final MapStateDescriptor<String, PolicyDocument> POLICIES =
      new MapStateDescriptor<>("policies", Types.STRING, new AvroTypeInfo<>(PolicyDocument.class));

  /** Late invoices paid: days to recover and the ladder step before the payment. */
  public static final OutputTag<InvoiceRecovery> RECOVERIES =
      new OutputTag<>("invoice-recoveries", new AvroTypeInfo<>(InvoiceRecovery.class));

  private final DunningLadder ladder;

  /** A shadow ladder: the segments' shadows in force first, actions only while one is. */
  private final boolean shadow;

  private transient LabelledCounters actionsByType;
  private transient PolicyVersions policyVersions;
  private transient boolean policyVersionsRefilled;
  private transient EventTimeLag lag;
  private transient ValueState<DunningBook> books;
  private transient PoliciesInForce policiesInForce;
  private transient Counter actionsSent;
  private transient Counter recoveries;
  private transient Counter booksExpired;

  /**
   * @param zone the business's time zone (due dates, quiet hours)
   * @param defaultLocale language of customers without a supported {@code locale} attribute: {@code
   *     pt-BR} or {@code en}
   */
  public DunningLadderFunction(ZoneId zone, String defaultLocale) {
    this(zone, defaultLocale, false);
  }

  /**
   * @param shadow a shadow instance: applies each segment's shadow in force before its live policy
   *     ({@link PoliciesInForce}), keeps its books whether or not a shadow is in force (so a shadow
   *     starts from the live ladders), and emits actions only while one is
   */
  public DunningLadderFunction(ZoneId zone, String defaultLocale, boolean shadow) {
    this.ladder = new DunningLadder(zone, defaultLocale);
    this.shadow = shadow;
  }

  @Override
  public void open(OpenContext openContext) {
    AvroModels.enableFastReading();
    MetricGroup metrics = ShadowPolicies.metricsOf(getRuntimeContext(), shadow);
    books =
        getRuntimeContext()
            .getState(
                new ValueStateDescriptor<>("dunning-book", new AvroTypeInfo<>(DunningBook.class)));
    policiesInForce = new PoliciesInForce(shadow);
    actionsSent = metrics.counter("dunningActions");
    recoveries = metrics.counter("invoicesRecovered");
    booksExpired = metrics.counter("dunningBooksExpired");
    actionsByType = new LabelledCounters(metrics, "dunningActions", "action_type");
    for (DunningActionType type : DunningActionType.values()) {
      actionsByType.of(type.name());
    }
    policyVersions =
        new PolicyVersions(metrics, shadow ? PolicyVersions.SHADOW_NAME : PolicyVersions.NAME);
    lag = EventTimeLag.register(metrics);
  }

  @Override
  public void processElement(DunningEvent event, ReadOnlyContext ctx, Collector<DunningAction> out)
      throws Exception {
    lag.observe(ctx.timerService().currentWatermark());
    if (!policyVersionsRefilled) {
      policyVersionsRefilled = true;
      List<Map.Entry<String, PolicyDocument>> inForce = new ArrayList<>();
      for (Map.Entry<String, PolicyDocument> e :
          ctx.getBroadcastState(POLICIES).immutableEntries()) {
        if (ShadowPolicies.isLive(e.getValue()) != shadow) {
          inForce.add(e);
        }
      }
      policyVersions.refill(inForce);
    }
    DunningBook book = books.value();
    if (book != null && !catchUp(book, event.getEventTime(), ctx, out)) {
      book = null;
    }
    if (book == null) {
      book = DunningLadder.newBook(event.getCustomerId());
    }
    Policy policy = policiesInForce.of(event.getPolicySegment(), ctx.getBroadcastState(POLICIES));
    List<DunningAction> actions = new ArrayList<>();
    List<InvoiceRecovery> recovered = new ArrayList<>();
    ladder.apply(book, event, policy, actions, recovered);
    emit(actions, ctx, out);
    for (InvoiceRecovery recovery : recovered) {
      recoveries.inc();
      ctx.output(RECOVERIES, recovery);
    }
    schedule(book, policy, ctx);
    books.update(book);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<DunningAction> out)
      throws Exception {
    lag.observe(ctx.timerService().currentWatermark());
    if (ctx.timerService().currentWatermark() == Long.MAX_VALUE) {
      return; // the end of a bounded input: no time passes, nothing falls due
    }
    DunningBook book = books.value();
    if (book == null
        || book.getTimerAt() == null
        || book.getTimerAt().toEpochMilli() != timestamp) {
      return; // a timer superseded by an earlier one
    }
    book.setTimerAt(null);
    if (advance(book, Instant.ofEpochMilli(timestamp), ctx, out)) {
      schedule(
          book, policiesInForce.of(book.getPolicySegment(), ctx.getBroadcastState(POLICIES)), ctx);
      books.update(book);
    }
  }

  /**
   * Does what falls due at {@code now}: the steps and notices due by then, or the end of the book
   * at its retention (false: the book is gone).
   */
  private boolean advance(
      DunningBook book, Instant now, ReadOnlyContext ctx, Collector<DunningAction> out)
      throws Exception {
    Policy policy = policiesInForce.of(book.getPolicySegment(), ctx.getBroadcastState(POLICIES));
    if (!now.isBefore(DunningLadder.retentionEnds(book, policy))) {
      books.clear();
      booksExpired.inc();
      return false;
    }
    List<DunningAction> actions = new ArrayList<>();
    ladder.due(book, now, policy, actions);
    emit(actions, ctx, out);
    return true;
  }

  /**
   * Before an event is applied, the deadlines before its time, one by one, as their timers would
   * have fired: an event may arrive before the watermark has passed them (the per-customer operator
   * sends events as the watermark passes them, ahead of the watermark itself), and the ladder's
   * actions must not depend on that. False when the book ended at its retention meanwhile.
   */
  private boolean catchUp(
      DunningBook book, Instant eventTime, ReadOnlyContext ctx, Collector<DunningAction> out)
      throws Exception {
    Instant done = null;
    while (true) {
      Instant next =
          ladder.next(
              book, policiesInForce.of(book.getPolicySegment(), ctx.getBroadcastState(POLICIES)));
      if (next == null || !next.isBefore(eventTime) || next.equals(done)) {
        return true; // (a deadline that doing did not move is left to its timer)
      }
      done = next;
      if (!advance(book, next, ctx, out)) {
        return false;
      }
    }
  }

  private void emit(List<DunningAction> actions, ReadOnlyContext ctx, Collector<DunningAction> out)
      throws Exception {
    if (shadow
        && !actions.isEmpty()
        && !ShadowPolicies.anyInForce(ctx.getBroadcastState(POLICIES))) {
      return; // no shadow in force: the book moved on, nothing is sent
    }
    for (DunningAction action : actions) {
      actionsSent.inc();
      actionsByType.of(action.getActionType().name()).inc();
      out.collect(action);
    }
  }

  /**
   * One live timer, at the earliest deadline not handled yet; registered only when that comes
   * before the pending timer (a superseded timer fires and is ignored). A deadline already behind
   * the watermark (an invoice read late) fires at the next watermark.
   */
  private void schedule(DunningBook book, Policy policy, ReadOnlyContext ctx) {
    Instant next = ladder.next(book, policy);
    Instant pending = book.getTimerAt();
    if (pending == null || next.isBefore(pending)) {
      ctx.timerService().registerEventTimeTimer(next.toEpochMilli());
      book.setTimerAt(next);
    }
  }

  @Override
  public void processBroadcastElement(
      ControlMessage message, Context ctx, Collector<DunningAction> out) throws Exception {
    PolicyDocument policy = message.getPolicy();
    if (policy != null && ShadowPolicies.apply(ctx.getBroadcastState(POLICIES), policy, shadow)) {
      if (!shadow) {
        policyVersions.inForce(policy);
      } else {
        policyVersions.inForce(
            policy.getSegment(),
            policy.getStatus() == PolicyStatus.SHADOW ? policy.getVersion() : 0L);
      }
    }
  }
}
