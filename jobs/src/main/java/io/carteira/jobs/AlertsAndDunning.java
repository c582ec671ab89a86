package io.carteira.jobs;

import io.carteira.jobs.config.CarteiraConfig;
import io.carteira.jobs.config.Knobs;
import io.carteira.operators.customer.CustomerStateFunction;
import io.carteira.operators.dunning.DunningLadderFunction;
import io.carteira.operators.risk.AlertLifecycleFunction;
import io.carteira.operators.risk.SequenceDetectorFunction;
import io.carteira.operators.time.CoarseWatermarks;
import io.carteira.schemas.ChurnSignal;
import io.carteira.schemas.ControlMessage;
import io.carteira.schemas.CustomerHealth;
import io.carteira.schemas.DunningAction;
import io.carteira.schemas.DunningEvent;
import io.carteira.schemas.RiskAlert;
import io.carteira.schemas.RiskSignal;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * The part of the graph after {@code customer-state} that turns its side outputs into alerts and
 * dunning actions, twice: the live branch ({@code sequence-detector}, {@code alert-lifecycle},
 * {@code dunning-ladder}) writes {@code risk-alerts} and {@code dunning-actions}; the shadow
 * branch, the same operators with uids of their own, fed with the same side outputs and preferring
 * each segment's shadow policy in force, writes {@code risk-alerts-shadow} and {@code
 * dunning-actions-shadow} only, and nothing while no shadow is in force.
 *
 * <p>Everything here stays on the customer's subtask: the side outputs of customer-state are
 * partitioned by customer already, so they are re-interpreted as keyed streams (no shuffle,
 * operators chained) instead of keyed by again.
 */
final class AlertsAndDunning {

  private AlertsAndDunning() {}

  /** One branch's uids and sinks. */
  private record Branch(
      boolean shadow,
      String sequences,
      String alertLifecycle,
      String alertsSink,
      Sink<RiskAlert> alerts,
      String dunningLadder,
      String actionsSink,
      Sink<DunningAction> actions) {

    String name(String operator) {
      return shadow ? operator + "-shadow" : operator;
    }
  }

  static void assemble(
      SingleOutputStreamOperator<CustomerHealth> health,
      DataStream<ControlMessage> policies,
      CarteiraJob.Outputs outputs,
      CarteiraConfig config,
      boolean inEventTimeOrder) {
    DataStream<ChurnSignal> signals =
        health
            .getSideOutput(CustomerStateFunction.CHURN_SIGNALS)
            .transform(
                "coarse-watermarks",
                new AvroTypeInfo<>(ChurnSignal.class),
                new CoarseWatermarks<ChurnSignal>(config.get(Knobs.CEP_WATERMARK_GRANULARITY)))
            .uid(CarteiraJob.UID_COARSE_WATERMARKS);
    Branch live =
        new Branch(
            false,
            CarteiraJob.UID_SEQUENCES,
            CarteiraJob.UID_ALERT_LIFECYCLE,
            CarteiraJob.UID_SINK_RISK_ALERTS,
            outputs.riskAlerts(),
            CarteiraJob.UID_DUNNING_LADDER,
            CarteiraJob.UID_SINK_DUNNING_ACTIONS,
            outputs.dunningActions());
    Branch shadow =
        new Branch(
            true,
            CarteiraJob.UID_SEQUENCES_SHADOW,
            CarteiraJob.UID_ALERT_LIFECYCLE_SHADOW,
            CarteiraJob.UID_SINK_RISK_ALERTS_SHADOW,
            outputs.riskAlertsShadow(),
            CarteiraJob.UID_DUNNING_LADDER_SHADOW,
            CarteiraJob.UID_SINK_DUNNING_ACTIONS_SHADOW,
            outputs.dunningActionsShadow());
    for (Branch branch : new Branch[] {live, shadow}) {
      branch(branch, signals, health, policies, config, inEventTimeOrder);
    }
  }

  private static void branch(
      Branch branch,
      DataStream<ChurnSignal> signals,
      SingleOutputStreamOperator<CustomerHealth> health,
      DataStream<ControlMessage> policies,
      CarteiraConfig config,
      boolean inEventTimeOrder) {
    // the four sequence precursors, in one keyed operator that reads each customer's segment's
    // counts and windows from the policies in force at each signal
    KeySelector<ChurnSignal, String> signalKey = ChurnSignal::getCustomerId;
    DataStream<RiskSignal> detections =
        DataStreamUtils.reinterpretAsKeyedStream(signals, signalKey, Types.STRING)
            .connect(policies.broadcast(SequenceDetectorFunction.POLICIES))
            .process(
                new SequenceDetectorFunction(branch.shadow()), new AvroTypeInfo<>(RiskSignal.class))
            .uid(branch.sequences())
            .name(branch.name("sequence-detector"));
    DataStream<RiskSignal> riskSignals =
        health.getSideOutput(CustomerStateFunction.RISK_CONTEXT).union(detections);
    DataStreamUtils.reinterpretAsKeyedStream(riskSignals, RiskSignal::getCustomerId, Types.STRING)
        .connect(policies.broadcast(AlertLifecycleFunction.POLICIES))
        .process(
            new AlertLifecycleFunction(
                config.get(Knobs.ALERTS_LOCALE), inEventTimeOrder, branch.shadow()),
            new AvroTypeInfo<>(RiskAlert.class))
        .uid(branch.alertLifecycle())
        .name(branch.name("alert-lifecycle"))
        .sinkTo(branch.alerts())
        .uid(branch.alertsSink())
        .name(branch.name("risk-alerts"));

    // Collection and journeys: the payment and subscription events customer-state passes on, on
    // the customer's subtask (no shuffle), against the policies in force.
    DataStreamUtils.reinterpretAsKeyedStream(
            health.getSideOutput(CustomerStateFunction.DUNNING_EVENTS),
            DunningEvent::getCustomerId,
            Types.STRING)
        .connect(policies.broadcast(DunningLadderFunction.POLICIES))
        .process(
            new DunningLadderFunction(
                config.get(Knobs.ZONE), config.get(Knobs.MESSAGES_LOCALE), branch.shadow()),
            new AvroTypeInfo<>(DunningAction.class))
        .uid(branch.dunningLadder())
        .name(branch.name("dunning-ladder"))
        .sinkTo(branch.actions())
        .uid(branch.actionsSink())
        .name(branch.name("dunning-actions"));
  }
}
