package io.carteira.operators.customer;

import io.carteira.schemas.CustomerEvent;
import io.carteira.schemas.CustomerHealth;
import io.carteira.schemas.CustomerState;
import java.time.Instant;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The per-customer operator, keyed by {@code customer_id}: folds every event into the
 * customer's state (an Avro record, so savepoints survive schema evolution) and emits a
 * {@code customer-health} snapshot whenever the customer's picture changes. An event-time timer
 * per customer republishes the snapshot when time alone changes it (an invoice falls due; one
 * more day past due).
 */
public class CustomerStateFunction extends KeyedProcessFunction<String, CustomerEvent, CustomerHealth> {

  static final String TIMER_CAUSE = "timer:";

  private final CustomerPolicy policy;

  private transient ValueState<CustomerState> customer;
  private transient CustomerLedger ledger;
  private transient SnapshotFingerprint fingerprint;
  private transient Counter snapshotsEmitted;

  public CustomerStateFunction(CustomerPolicy policy) {
    this.policy = policy;
  }

  @Override
  public void open(OpenContext openContext) {
    customer = getRuntimeContext().getState(new ValueStateDescriptor<>("customer", new AvroTypeInfo<>(CustomerState.class)));
    ledger = new CustomerLedger(policy.zone());
    fingerprint = new SnapshotFingerprint();
    snapshotsEmitted = getRuntimeContext().getMetricGroup().counter("healthSnapshotsEmitted");
  }

  @Override
  public void processElement(CustomerEvent event, Context ctx, Collector<CustomerHealth> out) throws Exception {
    CustomerState state = customer.value();
    if (state == null) {
      state = CustomerLedger.newCustomer(event);
    }
    ledger.apply(state, event);
    publish(state, state.getLastEventTime(), event.getEventId(), ctx.timerService(), out);
    customer.update(state);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<CustomerHealth> out) throws Exception {
    if (ctx.timerService().currentWatermark() == Long.MAX_VALUE) {
      return; // end of a bounded input: no time passes, nothing falls due
    }
    CustomerState state = customer.value();
    if (state == null || state.getSnapshotTimerAt() == null || state.getSnapshotTimerAt().toEpochMilli() != timestamp) {
      return;
    }
    state.setSnapshotTimerAt(null);
    Instant now = Instant.ofEpochMilli(timestamp);
    Instant asOf = now.isAfter(state.getLastEventTime()) ? now : state.getLastEventTime();
    publish(state, asOf, TIMER_CAUSE + now, ctx.timerService(), out);
    customer.update(state);
  }

  private void publish(CustomerState state, Instant asOf, String cause,
      org.apache.flink.streaming.api.TimerService timers, Collector<CustomerHealth> out) {
    CustomerHealth snapshot = CustomerSnapshots.snapshot(state, asOf, policy, cause);
    int print = fingerprint.of(snapshot);
    if (print != state.getSnapshotFingerprint()) {
      state.setSnapshotFingerprint(print);
      snapshotsEmitted.inc();
      out.collect(snapshot);
    }
    Instant next = CustomerSnapshots.nextChange(state, asOf, policy);
    Instant pending = state.getSnapshotTimerAt();
    if (next == null ? pending != null : !next.equals(pending)) {
      if (pending != null) {
        timers.deleteEventTimeTimer(pending.toEpochMilli());
      }
      if (next != null) {
        timers.registerEventTimeTimer(next.toEpochMilli());
      }
      state.setSnapshotTimerAt(next);
    }
  }
}
