package io.carteira.operators.customer;

import static io.carteira.operators.support.Events.ZONE;

import io.carteira.operators.dunning.DunningLadderFunction;
import io.carteira.operators.metrics.PortfolioMetricsFunction;
import io.carteira.operators.metrics.PortfolioSegments;
import io.carteira.operators.metrics.PortfolioSliceTotals;
import io.carteira.operators.risk.AlertLifecycleFunction;
import io.carteira.operators.time.CoarseWatermarks;
import io.carteira.schemas.ChurnSignal;
import io.carteira.schemas.ControlMessage;
import io.carteira.schemas.CustomerEvent;
import io.carteira.schemas.DunningAction;
import io.carteira.schemas.DunningEvent;
import io.carteira.schemas.PortfolioFact;
import io.carteira.schemas.PortfolioMetric;
import io.carteira.schemas.PortfolioSlice;
import io.carteira.schemas.RiskAlert;
import io.carteira.schemas.RiskSignal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.util.OutputTag;

/**
 * The customer operator and the operators its side outputs feed, each in its test harness, wired as
 * the job wires them: the dunning ladder, the alert lifecycle (risk contexts; the CEP sequences are
 * left out) and the portfolio metrics (slice totals, then the keyed metrics). What customer-state
 * emits is handed on with its timestamp before the watermark follows it, as Flink forwards a
 * watermark only after the outputs of the timers it fired. So a test reads what each output topic
 * would receive for a timeline of events and watermarks.
 */
final class CustomerPipeline implements AutoCloseable {

  final CustomerHarness customer = CustomerHarness.open();
  private final KeyedBroadcastOperatorTestHarness<
          String, DunningEvent, ControlMessage, DunningAction>
      dunning =
          new KeyedBroadcastOperatorTestHarness<>(
              new CoBroadcastWithKeyedOperator<>(
                  new DunningLadderFunction(ZONE, "en"), List.of(DunningLadderFunction.POLICIES)),
              DunningEvent::getCustomerId,
              Types.STRING,
              1,
              1,
              0);
  private final KeyedBroadcastOperatorTestHarness<String, RiskSignal, ControlMessage, RiskAlert>
      alerts =
          new KeyedBroadcastOperatorTestHarness<>(
              new CoBroadcastWithKeyedOperator<>(
                  new AlertLifecycleFunction("en"), List.of(AlertLifecycleFunction.POLICIES)),
              RiskSignal::getCustomerId,
              Types.STRING,
              1,
              1,
              0);
  private final OneInputStreamOperatorTestHarness<PortfolioFact, PortfolioSlice> slices =
      new OneInputStreamOperatorTestHarness<>(new PortfolioSliceTotals(ZONE, 1_000));
  private final KeyedOneInputStreamOperatorTestHarness<String, PortfolioSlice, PortfolioMetric>
      metrics =
          new KeyedOneInputStreamOperatorTestHarness<>(
              new KeyedProcessOperator<>(new PortfolioMetricsFunction(ZONE)),
              PortfolioSegments::keyOf,
              Types.STRING);

  /** The operator in front of the CEP sequences: coarse watermarks, late signals restamped. */
  private final OneInputStreamOperatorTestHarness<ChurnSignal, ChurnSignal> coarse =
      new OneInputStreamOperatorTestHarness<>(new CoarseWatermarks<>(Duration.ofMillis(200)));

  /** The churn signals as the CEP sequences receive them, with their timestamps. */
  private final List<StreamRecord<ChurnSignal>> cepInput = new ArrayList<>();

  private long cepWatermark = Long.MIN_VALUE;

  private long watermark = Long.MIN_VALUE;

  CustomerPipeline() throws Exception {
    for (var h : List.of(dunning, alerts)) {
      h.setup();
      h.open();
      h.processBroadcastWatermark(Long.MAX_VALUE);
    }
    slices.open();
    metrics.open();
    coarse.open();
  }

  /** An event reaches customer-state; the watermark stays where it is. */
  CustomerPipeline event(CustomerEvent event) throws Exception {
    customer.sendHeld(event);
    handOn();
    return this;
  }

  /** The watermark moves to {@code instant} (never back), through every operator. */
  CustomerPipeline watermark(Instant instant) throws Exception {
    long at = instant.toEpochMilli();
    if (at <= watermark) {
      return this;
    }
    watermark = at;
    customer.watermark(at);
    handOn();
    dunning.processWatermark(at);
    alerts.processWatermark(at);
    slices.processWatermark(at);
    for (Object o : List.copyOf(slices.getOutput())) {
      if (o instanceof StreamRecord<?> r) {
        metrics.processElement(new StreamRecord<>((PortfolioSlice) r.getValue(), r.getTimestamp()));
      }
    }
    slices.getOutput().clear();
    metrics.processWatermark(at);
    coarse.processWatermark(at);
    takeCepInput();
    return this;
  }

  Instant currentWatermark() {
    return Instant.ofEpochMilli(watermark);
  }

  List<DunningAction> actions() {
    return values(dunning.getOutput());
  }

  List<RiskAlert> alerts() {
    return values(alerts.getOutput());
  }

  List<PortfolioMetric> metrics() {
    return values(metrics.getOutput());
  }

  /** The churn signals the CEP sequences have received, as they received them. */
  List<StreamRecord<ChurnSignal>> cepInput() {
    return List.copyOf(cepInput);
  }

  /** The latest watermark the CEP sequences have received. */
  Instant cepWatermark() {
    return Instant.ofEpochMilli(cepWatermark);
  }

  /** What customer-state emitted on its side outputs since the last hand-on goes downstream. */
  private void handOn() throws Exception {
    for (StreamRecord<DunningEvent> r : drain(CustomerStateFunction.DUNNING_EVENTS)) {
      dunning.processElement(r.getValue(), r.getTimestamp());
    }
    for (StreamRecord<RiskSignal> r : drain(CustomerStateFunction.RISK_CONTEXT)) {
      alerts.processElement(r.getValue(), r.getTimestamp());
    }
    for (StreamRecord<PortfolioFact> r : drain(CustomerStateFunction.PORTFOLIO_FACTS)) {
      slices.processElement(r.getValue(), r.getTimestamp());
    }
    for (StreamRecord<ChurnSignal> r : drain(CustomerStateFunction.CHURN_SIGNALS)) {
      coarse.processElement(r.getValue(), r.getTimestamp());
    }
    takeCepInput();
  }

  private void takeCepInput() {
    for (Object o : coarse.getOutput()) {
      if (o instanceof StreamRecord<?> r) {
        cepInput.add(new StreamRecord<>((ChurnSignal) r.getValue(), r.getTimestamp()));
      } else if (o instanceof Watermark w) {
        cepWatermark = w.getTimestamp();
      }
    }
    coarse.getOutput().clear();
  }

  private <T> List<StreamRecord<T>> drain(OutputTag<T> tag) {
    Queue<StreamRecord<T>> queue = customer.h.getSideOutput(tag);
    List<StreamRecord<T>> out = new ArrayList<>();
    if (queue != null) {
      out.addAll(queue);
      queue.clear();
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static <T> List<T> values(Queue<Object> output) {
    List<T> out = new ArrayList<>();
    for (Object o : output) {
      if (o instanceof StreamRecord<?> r) {
        out.add((T) r.getValue());
      }
    }
    return out;
  }

  @Override
  public void close() throws Exception {
    customer.close();
    dunning.close();
    alerts.close();
    slices.close();
    metrics.close();
    coarse.close();
  }
}
