package io.carteira.operators.customer;

import static io.carteira.operators.support.Events.ZONE;

import io.carteira.operators.ingest.CustomerEventCodec;
import io.carteira.operators.ingest.EncodedEvent;
import io.carteira.schemas.ControlMessage;
import io.carteira.schemas.CustomerEvent;
import io.carteira.schemas.CustomerHealth;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;

/** The customer operator in a test harness, driven as a timeline. */
final class CustomerHarness implements AutoCloseable {

  final KeyedBroadcastOperatorTestHarness<String, EncodedEvent, ControlMessage, CustomerHealth> h;

  /** Events reach the operator encoded, as the job's encode-events sends them. */
  private final CustomerEventCodec codec = new CustomerEventCodec();

  private long watermark = Long.MIN_VALUE;

  private CustomerHarness(OperatorSubtaskState restore) throws Exception {
    h =
        new KeyedBroadcastOperatorTestHarness<>(
            new CoBroadcastWithKeyedOperator<>(
                new CustomerStateFunction(ZONE, java.time.Duration.ofHours(25)),
                List.of(CustomerStateFunction.POLICIES, CustomerStateFunction.VALUE_TIERS)),
            EncodedEvent::customerId,
            Types.STRING,
            1,
            1,
            0);
    h.setup();
    if (restore != null) {
      h.initializeState(restore);
    }
    h.open();
  }

  static CustomerHarness open() throws Exception {
    return new CustomerHarness(null);
  }

  static CustomerHarness restore(OperatorSubtaskState state) throws Exception {
    return new CustomerHarness(state);
  }

  /**
   * Sends an event and moves the watermark to its time (never back), so the operator, which holds
   * events until the watermark passes them, applies it now: a timeline in event-time order.
   */
  CustomerHarness send(CustomerEvent event) throws Exception {
    long at = event.getEventTime().toEpochMilli();
    h.processElement(codec.encode(event), at);
    if (at > watermark) {
      watermark(at);
    }
    return this;
  }

  /** Sends an event without moving the watermark: it is held until a later {@link #watermark}. */
  CustomerHarness sendHeld(CustomerEvent event) throws Exception {
    h.processElement(codec.encode(event), event.getEventTime().toEpochMilli());
    return this;
  }

  CustomerHarness control(ControlMessage message) throws Exception {
    h.processBroadcastElement(message, 0L);
    return this;
  }

  CustomerHarness watermark(Instant instant) throws Exception {
    return watermark(instant.toEpochMilli());
  }

  CustomerHarness watermark(long millis) throws Exception {
    watermark = Math.max(watermark, millis);
    h.processWatermark(millis);
    h.processBroadcastWatermark(Long.MAX_VALUE);
    return this;
  }

  List<StreamRecord<CustomerHealth>> records() {
    List<StreamRecord<CustomerHealth>> out = new ArrayList<>();
    for (Object o : h.getOutput()) {
      if (o instanceof StreamRecord<?> r) {
        @SuppressWarnings("unchecked")
        StreamRecord<CustomerHealth> record = (StreamRecord<CustomerHealth>) r;
        out.add(record);
      }
    }
    return out;
  }

  List<CustomerHealth> snapshots() {
    return records().stream().map(StreamRecord::getValue).toList();
  }

  CustomerHealth last() {
    List<CustomerHealth> all = snapshots();
    if (all.isEmpty()) {
      throw new AssertionError("no snapshot emitted");
    }
    return all.get(all.size() - 1);
  }

  List<io.carteira.schemas.RiskContext> riskContexts() {
    List<io.carteira.schemas.RiskContext> out = new ArrayList<>();
    var queue = h.getSideOutput(CustomerStateFunction.RISK_CONTEXT);
    if (queue != null) {
      queue.forEach(r -> out.add(r.getValue().getContext()));
    }
    return out;
  }

  /** The condition precursors of the latest risk context, by name. */
  List<String> activeConditions() {
    List<io.carteira.schemas.RiskContext> all = riskContexts();
    return all.isEmpty()
        ? List.of()
        : all.get(all.size() - 1).getConditions().stream().map(d -> d.getPattern()).toList();
  }

  List<io.carteira.schemas.ChurnSignal> churnSignals() {
    List<io.carteira.schemas.ChurnSignal> out = new ArrayList<>();
    var queue = h.getSideOutput(CustomerStateFunction.CHURN_SIGNALS);
    if (queue != null) {
      queue.forEach(r -> out.add(r.getValue()));
    }
    return out;
  }

  List<io.carteira.schemas.MrrMovement> mrrMovements() {
    return facts().stream()
        .map(io.carteira.schemas.PortfolioFact::getMrrMovement)
        .filter(java.util.Objects::nonNull)
        .toList();
  }

  List<io.carteira.schemas.PortfolioFact> facts() {
    List<io.carteira.schemas.PortfolioFact> out = new ArrayList<>();
    var queue = h.getSideOutput(CustomerStateFunction.PORTFOLIO_FACTS);
    if (queue != null) {
      queue.forEach(r -> out.add(r.getValue()));
    }
    return out;
  }

  void clear() {
    h.getOutput().clear();
  }

  int timers() {
    return h.numEventTimeTimers();
  }

  int keyedStateEntries() {
    var operator =
        (org.apache.flink.streaming.api.operators.AbstractStreamOperator<?>) h.getOperator();
    var backend =
        (org.apache.flink.runtime.state.heap.HeapKeyedStateBackend<?>)
            operator.getKeyedStateBackend();
    return backend.numKeyValueStateEntries();
  }

  OperatorSubtaskState snapshotState() throws Exception {
    return h.snapshot(1, 1);
  }

  @Override
  public void close() throws Exception {
    h.close();
  }
}
