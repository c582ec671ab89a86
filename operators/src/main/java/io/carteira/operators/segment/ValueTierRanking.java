package io.carteira.operators.segment;

import io.carteira.operators.model.CustomerEventOrder;
import io.carteira.operators.model.Subscriptions;
import io.carteira.operators.time.EventTimeOrder;
import io.carteira.schemas.AvroModels;
import io.carteira.schemas.ControlMessage;
import io.carteira.schemas.CustomerEvent;
import io.carteira.schemas.ValueTierThresholds;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The portfolio-wide MRR ranking: one key for the whole portfolio, fed the subscription events (the
 * only ones that move MRR), holding each paying customer's subscriptions and their MRR and how many
 * customers pay each amount. Emits new value-tier thresholds whenever a change moves them; they are
 * broadcast to every customer operator, so a tier is never decided from one customer alone. Setting
 * a customer's MRR is idempotent, so a repeated event changes nothing.
 */
public class ValueTierRanking extends KeyedProcessFunction<String, CustomerEvent, ControlMessage> {

  /** The single key all subscription events are routed to. */
  public static final String PORTFOLIO = "portfolio";

  /** Null when events are ranked in arrival order. */
  private final EventTimeOrder<CustomerEvent> eventTimeOrder;

  private transient MapState<String, Map<String, Long>> subscriptionsByCustomer;
  private transient MapState<Long, Integer> customersByMrr;
  private transient ValueState<ValueTierThresholds> current;

  /**
   * {@code customers-by-mrr} as a sorted map in memory, read from state once (after a start or a
   * restore) and kept in step with it: ranking reads the whole distribution at every instant with a
   * change, and reading it from RocksDB each time made the ranking, a single key on one subtask,
   * the job's bottleneck when a large portfolio signs up within the hour.
   */
  private transient TreeMap<Long, Integer> distribution;

  /** Whether an event can move a customer's MRR: only those are routed here. */
  public static boolean movesMrr(CustomerEvent event) {
    return event.getSubscription() != null;
  }

  public ValueTierRanking() {
    this(true);
  }

  /**
   * @param inEventTimeOrder rank once the watermark has passed an instant, with every MRR change at
   *     it, and send thresholds in force from that instant (deterministic); or rank on each change
   *     as it arrives
   */
  public ValueTierRanking(boolean inEventTimeOrder) {
    this.eventTimeOrder =
        inEventTimeOrder
            ? EventTimeOrder.manyPerInstant(
                "mrr-changes-in-event-time-order",
                new AvroTypeInfo<>(CustomerEvent.class),
                CustomerEventOrder.SAME_INSTANT)
            : null;
  }

  @Override
  public void open(OpenContext openContext) {
    AvroModels.enableFastReading();
    distribution = null; // read from the state this instance is (re)started with
    subscriptionsByCustomer =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(
                    "subscriptions-by-customer",
                    Types.STRING,
                    Types.MAP(Types.STRING, Types.LONG)));
    customersByMrr =
        getRuntimeContext()
            .getMapState(new MapStateDescriptor<>("customers-by-mrr", Types.LONG, Types.INT));
    current =
        getRuntimeContext()
            .getState(
                new ValueStateDescriptor<>(
                    "thresholds", new AvroTypeInfo<>(ValueTierThresholds.class)));
    if (eventTimeOrder != null) {
      eventTimeOrder.open(getRuntimeContext());
    }
  }

  @Override
  public void processElement(CustomerEvent event, Context ctx, Collector<ControlMessage> out)
      throws Exception {
    if (eventTimeOrder != null
        && eventTimeOrder.hold(event, event.getEventTime().toEpochMilli(), ctx.timerService())) {
      return; // ranked when the watermark passes it, with everything else at that instant
    }
    if (apply(event)) {
      rank(event.getEventTime(), out);
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<ControlMessage> out)
      throws Exception {
    boolean moved = false;
    for (CustomerEvent event : eventTimeOrder.release(timestamp)) {
      moved |= apply(event);
    }
    if (moved) {
      rank(Instant.ofEpochMilli(timestamp), out);
    }
  }

  /** Applies a subscription event to its customer's MRR; true when the MRR changed. */
  private boolean apply(CustomerEvent event) throws Exception {
    Map<String, Long> stored = subscriptionsByCustomer.get(event.getCustomerId());
    Map<String, Long> running = stored == null ? new HashMap<>() : new HashMap<>(stored);
    long previous = Subscriptions.mrr(running);
    Subscriptions.apply(running, event.getSubscription());
    if (running.isEmpty()) {
      subscriptionsByCustomer.remove(event.getCustomerId());
    } else if (!running.equals(stored)) {
      subscriptionsByCustomer.put(event.getCustomerId(), running);
    }
    long next = Subscriptions.mrr(running);
    if (next == previous) {
      return false;
    }
    move(previous, -1);
    move(next, +1);
    return true;
  }

  /**
   * Ranks the portfolio as it stands at {@code at}; sends the thresholds, in force from then, when
   * they moved.
   */
  private void rank(Instant at, Collector<ControlMessage> out) throws Exception {
    long[] t = ValueTiers.thresholds(distribution());
    ValueTierThresholds before = current.value();
    if (before == null
        || before.getKeyAccountFromMinor() != t[0]
        || before.getMidMarketFromMinor() != t[1]) {
      ValueTierThresholds thresholds = new ValueTierThresholds(t[0], t[1], (int) t[2], at);
      current.update(thresholds);
      out.collect(new ControlMessage(null, thresholds));
    } else if (before.getPayingCustomers() != (int) t[2]) {
      before.setPayingCustomers((int) t[2]);
      current.update(before);
    }
  }

  private void move(long mrr, int delta) throws Exception {
    if (mrr <= 0) {
      return;
    }
    TreeMap<Long, Integer> counts = distribution();
    Integer count = counts.get(mrr);
    int next = (count == null ? 0 : count) + delta;
    if (next <= 0) {
      counts.remove(mrr);
      customersByMrr.remove(mrr);
    } else {
      counts.put(mrr, next);
      customersByMrr.put(mrr, next);
    }
  }

  /** How many customers pay each MRR, from state the first time (one key: the portfolio). */
  private TreeMap<Long, Integer> distribution() throws Exception {
    if (distribution == null) {
      distribution = new TreeMap<>();
      for (Map.Entry<Long, Integer> e : customersByMrr.entries()) {
        distribution.put(e.getKey(), e.getValue());
      }
    }
    return distribution;
  }
}
