package io.carteira.jobs;

import io.carteira.jobs.config.CarteiraConfig;
import io.carteira.jobs.config.Knobs;
import io.carteira.operators.avro.CompiledAvroTypeInfo;
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
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * The part of the graph after {@code customer-state} that turns its side outputs into alerts and
 * dunning actions: {@code sequence-detector}, {@code alert-lifecycle} and {@code dunning-ladder}
 * write {@code risk-alerts} and {@code dunning-actions}. Each also evaluates the segments' shadow
 * policies in force, beside the live ones, over shadow books of its own created only while a shadow
 * applies: the sequence detector's shadow detections (a side output, marked {@code shadow}) join
 * the alert lifecycle's input, and the shadow alerts and actions (side outputs) go to {@code
 * risk-alerts-shadow} and {@code dunning-actions-shadow}, which get nothing while no shadow is in
 * force.
 *
 * <p>Everything here stays on the customer's subtask: the side outputs of customer-state are
 * partitioned by customer already, so they are re-interpreted as keyed streams (no shuffle,
 * operators chained) instead of keyed by again.
 */
final class AlertsAndDunning {

  private AlertsAndDunning() {}

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
                new CompiledAvroTypeInfo<>(ChurnSignal.class),
                new CoarseWatermarks<ChurnSignal>(config.get(Knobs.CEP_WATERMARK_GRANULARITY)))
            .uid(CarteiraJob.UID_COARSE_WATERMARKS);

    // the four sequence precursors, in one keyed operator that reads each customer's segment's
    // counts and windows from the policies in force at each signal
    KeySelector<ChurnSignal, String> signalKey = ChurnSignal::getCustomerId;
    SingleOutputStreamOperator<RiskSignal> detections =
        DataStreamUtils.reinterpretAsKeyedStream(signals, signalKey, Types.STRING)
            .connect(policies.broadcast(SequenceDetectorFunction.POLICIES))
            .process(new SequenceDetectorFunction(), new CompiledAvroTypeInfo<>(RiskSignal.class))
            .uid(CarteiraJob.UID_SEQUENCES)
            .name("sequence-detector");
    DataStream<RiskSignal> riskSignals =
        health
            .getSideOutput(CustomerStateFunction.RISK_CONTEXT)
            .union(
                detections, detections.getSideOutput(SequenceDetectorFunction.SHADOW_DETECTIONS));
    SingleOutputStreamOperator<RiskAlert> alerts =
        DataStreamUtils.reinterpretAsKeyedStream(
                riskSignals, RiskSignal::getCustomerId, Types.STRING)
            .connect(policies.broadcast(AlertLifecycleFunction.POLICIES))
            .process(
                new AlertLifecycleFunction(config.get(Knobs.ALERTS_LOCALE), inEventTimeOrder),
                new CompiledAvroTypeInfo<>(RiskAlert.class))
            .uid(CarteiraJob.UID_ALERT_LIFECYCLE)
            .name("alert-lifecycle");
    alerts.sinkTo(outputs.riskAlerts()).uid(CarteiraJob.UID_SINK_RISK_ALERTS).name("risk-alerts");
    alerts
        .getSideOutput(AlertLifecycleFunction.SHADOW_ALERTS)
        .sinkTo(outputs.riskAlertsShadow())
        .uid(CarteiraJob.UID_SINK_RISK_ALERTS_SHADOW)
        .name("risk-alerts-shadow");

    // Collection and journeys: the payment and subscription events customer-state passes on, on
    // the customer's subtask (no shuffle), against the policies in force.
    SingleOutputStreamOperator<DunningAction> actions =
        DataStreamUtils.reinterpretAsKeyedStream(
                health.getSideOutput(CustomerStateFunction.DUNNING_EVENTS),
                DunningEvent::getCustomerId,
                Types.STRING)
            .connect(policies.broadcast(DunningLadderFunction.POLICIES))
            .process(
                new DunningLadderFunction(
                    config.get(Knobs.ZONE), config.get(Knobs.MESSAGES_LOCALE)),
                new CompiledAvroTypeInfo<>(DunningAction.class))
            .uid(CarteiraJob.UID_DUNNING_LADDER)
            .name("dunning-ladder");
    actions
        .sinkTo(outputs.dunningActions())
        .uid(CarteiraJob.UID_SINK_DUNNING_ACTIONS)
        .name("dunning-actions");
    actions
        .getSideOutput(DunningLadderFunction.SHADOW_ACTIONS)
        .sinkTo(outputs.dunningActionsShadow())
        .uid(CarteiraJob.UID_SINK_DUNNING_ACTIONS_SHADOW)
        .name("dunning-actions-shadow");
  }
}
