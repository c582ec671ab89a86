package io.carteira.jobs;

import io.carteira.jobs.config.CarteiraConfig;
import io.carteira.jobs.config.Knobs;
import io.carteira.operators.avro.CompiledAvroTypeInfo;
import io.carteira.operators.customer.CustomerStateFunction;
import io.carteira.operators.ingest.EncodeEventFunction;
import io.carteira.operators.ingest.EncodedEvent;
import io.carteira.operators.ingest.EncodedEventTypeInfo;
import io.carteira.operators.ingest.IngestValidationFunction;
import io.carteira.operators.ingest.IngestedRecord;
import io.carteira.operators.metrics.PortfolioMetricsFunction;
import io.carteira.operators.metrics.PortfolioSegments;
import io.carteira.operators.metrics.PortfolioSliceTotals;
import io.carteira.operators.policy.IngestedPolicy;
import io.carteira.operators.policy.PolicyValidationFunction;
import io.carteira.operators.risk.SequenceDetectorFunction;
import io.carteira.operators.segment.ValueTierRanking;
import io.carteira.operators.time.CustomerEventWatermarks;
import io.carteira.schemas.ControlMessage;
import io.carteira.schemas.CustomerEvent;
import io.carteira.schemas.CustomerHealth;
import io.carteira.schemas.DeadLetter;
import io.carteira.schemas.DunningAction;
import io.carteira.schemas.PortfolioMetric;
import io.carteira.schemas.PortfolioSlice;
import io.carteira.schemas.RiskAlert;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Assembles Carteira's job graph from injected sources and sinks, so production, the demo and the
 * tests run one graph:
 *
 * <pre>
 *   input-events (payments, usage, subscriptions; per-partition watermarks)
 *     → ingest-validation ──────────────────────────────────────────────────────▶ dead-letters
 *         ├─ subscription events → keyBy portfolio → value-tier-ranking ─┐
 *         │                                                             ├─ broadcast ─┐
 *   policies → keyBy segment → policy-validation (refused ▶ dead-letters) ┘             │
 *         └─ encode-events → keyBy customer_id → customer-state (dedup, state, timers) ◀─┘ ──▶ customer-health
 *                                  ├─ churn signals → sequence-detector ┐
 *                                  ├─ risk context ──────────────────┴─▶ alert-lifecycle ──▶ risk-alerts
 *                                  ├─ payment and subscription events ─▶ dunning-ladder ───▶ dunning-actions
 *                                  │    (each also evaluates the shadow policies in force: ──▶ risk-alerts-shadow,
 *                                  │     shadow books created lazily from the live ones)       dunning-actions-shadow
 *                                  └─ portfolio facts → keyBy currency → portfolio-metrics ─▶ portfolio-metrics
 * </pre>
 *
 * <p>The uids below are the savepoint contract: never rename one.
 */
public final class CarteiraJob {

  public static final String UID_SOURCE = "input-events-source";
  public static final String UID_VALIDATION = "ingest-validation";
  public static final String UID_SUBSCRIPTION_FILTER = "subscription-events";
  public static final String UID_VALUE_TIER_RANKING = "value-tier-ranking";
  public static final String UID_POLICY_SOURCE = "policies-source";
  public static final String UID_POLICY_VALIDATION = "policy-validation";
  public static final String UID_ENCODE_EVENTS = "encode-events";
  public static final String UID_CUSTOMER_STATE = "customer-state";
  public static final String UID_SINK_CUSTOMER_HEALTH = "customer-health-sink";
  public static final String UID_SINK_DEAD_LETTERS = "dead-letters-sink";
  public static final String UID_COARSE_WATERMARKS = "churn-signals-coarse-watermarks";
  public static final String UID_ALERT_LIFECYCLE = "alert-lifecycle";
  public static final String UID_SINK_RISK_ALERTS = "risk-alerts-sink";
  public static final String UID_DUNNING_LADDER = "dunning-ladder";
  public static final String UID_SINK_DUNNING_ACTIONS = "dunning-actions-sink";
  public static final String UID_SINK_RISK_ALERTS_SHADOW = "risk-alerts-shadow-sink";
  public static final String UID_SINK_DUNNING_ACTIONS_SHADOW = "dunning-actions-shadow-sink";

  /**
   * The shadow operators of builds before, which evaluated shadow policies beside {@code
   * sequence-detector}, {@code alert-lifecycle} and {@code dunning-ladder}; these now evaluate them
   * themselves, and a restore leaves the retired operators' state behind (see docs/operations.md).
   */
  public static final List<String> RETIRED_SHADOW_UIDS =
      List.of("sequence-detector-shadow", "alert-lifecycle-shadow", "dunning-ladder-shadow");

  public static final String UID_PORTFOLIO_SLICE_TOTALS = "portfolio-slice-totals";
  public static final String UID_PORTFOLIO_METRICS = "portfolio-metrics";

  /** How many per-slice sums of one day a subtask holds at most before it sends them on. */
  static final int PORTFOLIO_SLICES_HELD = 1_000;

  public static final String UID_SINK_PORTFOLIO_METRICS = "portfolio-metrics-sink";

  /**
   * The four sequence precursors, matched per customer with the thresholds in force ({@link
   * SequenceDetectorFunction}). Builds before ran one Flink CEP operator per sequence, with uids
   * {@link #RETIRED_SEQUENCE_UIDS}; their state is not restored (see docs/operations.md).
   */
  public static final String UID_SEQUENCES = "sequence-detector";

  /** The uids of the CEP operators of builds before, whose state a restore leaves behind. */
  public static final List<String> RETIRED_SEQUENCE_UIDS =
      List.of(
          "cep-failed-payment-streak",
          "cep-tickets-then-dissatisfaction",
          "cep-detractor-then-usage-drop",
          "cep-downgrade-spiral");

  private CarteiraJob() {}

  /** Where the job reads from. */
  public record Inputs(
      Source<IngestedRecord, ?, ?> events, Source<IngestedPolicy, ?, ?> policies) {}

  /** Where the job writes to. */
  public record Outputs(
      Sink<CustomerHealth> customerHealth,
      Sink<RiskAlert> riskAlerts,
      Sink<DunningAction> dunningActions,
      Sink<PortfolioMetric> portfolioMetrics,
      Sink<DeadLetter> deadLetters,
      Sink<RiskAlert> riskAlertsShadow,
      Sink<DunningAction> dunningActionsShadow) {}

  /**
   * {@code watermark.idleness}, for unbounded inputs only. A bounded read (a replay, a backfill)
   * has every record in Kafka before it starts, and each partition releases its hold on the
   * watermark when it reaches its end; there a partition silent for a moment is only behind, and
   * taking it for idle would let the others turn its events late.
   */
  static Duration idleness(Inputs inputs, CarteiraConfig config) {
    Duration idleness = config.get(Knobs.IDLENESS);
    if (idleness == null || inputs.events().getBoundedness() == Boundedness.BOUNDED) {
      return Duration.ZERO;
    }
    return idleness;
  }

  /**
   * {@code watermark.wall-clock-floor-lag}, for unbounded inputs only: a bounded read is a replay,
   * whose time is its events' and never the wall clock's.
   */
  static Duration wallClockFloorLag(Inputs inputs, CarteiraConfig config) {
    if (inputs.events().getBoundedness() == Boundedness.BOUNDED) {
      return null;
    }
    return config.get(Knobs.WALL_CLOCK_FLOOR_LAG);
  }

  static PortfolioMetricsFunction.ProvisionalDays provisionalDays(CarteiraConfig config) {
    return switch (config.get(Knobs.METRICS_PROVISIONAL)) {
      case "every-day" -> PortfolioMetricsFunction.ProvisionalDays.EVERY;
      case "none" -> PortfolioMetricsFunction.ProvisionalDays.NONE;
      default -> PortfolioMetricsFunction.ProvisionalDays.RUNNING;
    };
  }

  public static void assemble(
      StreamExecutionEnvironment env, Inputs inputs, Outputs outputs, CarteiraConfig config) {
    Duration allowedLateness = config.get(Knobs.ALLOWED_LATENESS);
    boolean inEventTimeOrder = config.get(Knobs.EVENTS_ORDER).equals("event-time");
    WatermarkStrategy<IngestedRecord> watermarks =
        CustomerEventWatermarks.strategy(
            config.get(Knobs.OUT_OF_ORDERNESS),
            idleness(inputs, config),
            config.get(Knobs.MAX_FUTURE_SKEW),
            wallClockFloorLag(inputs, config));
    Duration maxDrift = config.get(Knobs.WATERMARK_ALIGNMENT_DRIFT);
    if (maxDrift != null && !maxDrift.isZero()) {
      // split-level alignment: a partition far ahead in event time (the sparse subscriptions
      // topic during a replay) waits for the others instead of racing to its end
      watermarks =
          watermarks.withWatermarkAlignment("carteira-inputs", maxDrift, Duration.ofMillis(200));
    }

    SingleOutputStreamOperator<CustomerEvent> events =
        env.fromSource(inputs.events(), watermarks, "input-events")
            .uid(UID_SOURCE)
            .process(
                new IngestValidationFunction(allowedLateness, config.get(Knobs.MAX_FUTURE_SKEW)),
                new CompiledAvroTypeInfo<>(CustomerEvent.class))
            .uid(UID_VALIDATION)
            .name("ingest-validation");

    DataStream<ControlMessage> valueTiers =
        events
            .filter(ValueTierRanking::movesMrr)
            .uid(UID_SUBSCRIPTION_FILTER)
            .name("subscription-events")
            .keyBy(event -> ValueTierRanking.PORTFOLIO, Types.STRING)
            .process(
                new ValueTierRanking(inEventTimeOrder), new AvroTypeInfo<>(ControlMessage.class))
            .uid(UID_VALUE_TIER_RANKING)
            .name("value-tier-ranking");

    SingleOutputStreamOperator<ControlMessage> policies =
        env.fromSource(inputs.policies(), PolicyWatermarks.idleForEver(), "policies")
            .uid(UID_POLICY_SOURCE)
            .setParallelism(1)
            .keyBy(IngestedPolicy::segmentKey, Types.STRING)
            .process(new PolicyValidationFunction(), new AvroTypeInfo<>(ControlMessage.class))
            .uid(UID_POLICY_VALIDATION)
            .name("policy-validation");

    BroadcastStream<ControlMessage> control =
        valueTiers
            .union(policies)
            .broadcast(CustomerStateFunction.POLICIES, CustomerStateFunction.VALUE_TIERS);

    Duration dedupRetention = allowedLateness.plus(config.get(Knobs.OUT_OF_ORDERNESS)).plusHours(1);
    SingleOutputStreamOperator<CustomerHealth> health =
        events
            .map(new EncodeEventFunction(), EncodedEventTypeInfo.INSTANCE)
            .uid(UID_ENCODE_EVENTS)
            .name("encode-events")
            .keyBy(EncodedEvent::customerId, Types.STRING)
            .connect(control)
            .process(
                new CustomerStateFunction(config.get(Knobs.ZONE), dedupRetention, inEventTimeOrder),
                new CompiledAvroTypeInfo<>(CustomerHealth.class))
            .uid(UID_CUSTOMER_STATE)
            .name("customer-state");

    health.sinkTo(outputs.customerHealth()).uid(UID_SINK_CUSTOMER_HEALTH).name("customer-health");

    // Churn precursors, alerts, dunning and journeys: live, and beside them the shadow policies
    AlertsAndDunning.assemble(health, policies, outputs, config, inEventTimeOrder);

    // Portfolio metrics: MRR movements, receivable changes, payment attempts and refunds, summed
    // per
    // slice of the portfolio (a currency, overall or per segment) and day, first on each subtask,
    // then
    // per slice; days close in order as the watermark passes
    health
        .getSideOutput(CustomerStateFunction.PORTFOLIO_FACTS)
        .transform(
            "portfolio-slice-totals",
            new CompiledAvroTypeInfo<>(PortfolioSlice.class),
            new PortfolioSliceTotals(config.get(Knobs.ZONE), PORTFOLIO_SLICES_HELD))
        .uid(UID_PORTFOLIO_SLICE_TOTALS)
        .keyBy(PortfolioSegments::keyOf, Types.STRING)
        .process(
            new PortfolioMetricsFunction(config.get(Knobs.ZONE), provisionalDays(config)),
            new AvroTypeInfo<>(PortfolioMetric.class))
        .uid(UID_PORTFOLIO_METRICS)
        .name("portfolio-metrics")
        .sinkTo(outputs.portfolioMetrics())
        .uid(UID_SINK_PORTFOLIO_METRICS)
        .name("portfolio-metrics");
    events
        .getSideOutput(IngestValidationFunction.DEAD_LETTERS)
        .union(policies.getSideOutput(PolicyValidationFunction.DEAD_LETTERS))
        .sinkTo(outputs.deadLetters())
        .uid(UID_SINK_DEAD_LETTERS)
        .name("dead-letters");
  }
}
