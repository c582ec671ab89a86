package io.carteira.operators.ingest;

import io.carteira.operators.telemetry.EventTimeLag;
import io.carteira.operators.telemetry.LabelledCounters;
import io.carteira.schemas.AvroModels;
import io.carteira.schemas.CustomerEvent;
import io.carteira.schemas.DeadLetter;
import io.carteira.schemas.DeadLetterKind;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The gate between the Kafka source and the engine: passes decoded, valid, timely events on and
 * sends everything else to the {@link #DEAD_LETTERS} side output with its bytes and a reason.
 * Chained to the source, so the raw bytes it needs for dead letters are never shuffled.
 *
 * <p>An event is late when its time is more than the allowed lateness behind the watermark. It is
 * from the future when it is more than the allowed skew ahead of the wall clock: no other reference
 * holds up in a catch-up, where the watermark lags fast partitions by months and a sparse partition
 * legitimately jumps weeks ahead. The per-partition watermark generators ignore the same outliers,
 * so one bad clock cannot drag the watermark along.
 */
public class IngestValidationFunction extends ProcessFunction<IngestedRecord, CustomerEvent> {

  public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters") {};

  private final long allowedLatenessMillis;
  private final long maxFutureSkewMillis;

  private transient Counter accepted;
  private transient Map<DeadLetterKind, Counter> deadLettered;
  private transient MetricGroup deadLetterMetrics;
  private transient Counter read;
  private transient LabelledCounters deadLettersByKind;
  private transient EventTimeLag lag;

  public IngestValidationFunction(Duration allowedLateness, Duration maxFutureSkew) {
    this.allowedLatenessMillis = allowedLateness.toMillis();
    this.maxFutureSkewMillis = maxFutureSkew.toMillis();
  }

  @Override
  public void open(OpenContext openContext) {
    AvroModels.enableFastReading();
    MetricGroup metrics = getRuntimeContext().getMetricGroup();
    accepted = metrics.counter("eventsAccepted");
    deadLetterMetrics = metrics.addGroup("deadLetters");
    deadLettered = new EnumMap<>(DeadLetterKind.class);
    read = metrics.counter("eventsRead");
    deadLettersByKind = new LabelledCounters(metrics, "deadLetters", "kind");
    for (DeadLetterKind kind : DeadLetterKind.values()) {
      deadLettersByKind.of(kind.name());
    }
    lag = EventTimeLag.register(metrics);
  }

  @Override
  public void processElement(IngestedRecord record, Context ctx, Collector<CustomerEvent> out) {
    read.inc();
    lag.observe(ctx.timerService().currentWatermark());
    if (!record.isDecoded()) {
      deadLetter(ctx, record.failure);
      return;
    }
    CustomerEvent event = record.event;
    EventValidator.Violation violation = EventValidator.check(event, record.key);
    if (violation != null) {
      deadLetter(ctx, DeadLetters.refused(record, violation.kind(), violation.message()));
      return;
    }
    long eventTime = event.getEventTime().toEpochMilli();
    long watermark = ctx.timerService().currentWatermark();
    if (watermark != Long.MIN_VALUE && eventTime < watermark - allowedLatenessMillis) {
      deadLetter(
          ctx,
          DeadLetters.refused(
              record,
              DeadLetterKind.LATE,
              "event time "
                  + event.getEventTime()
                  + " is more than "
                  + Duration.ofMillis(allowedLatenessMillis)
                  + " behind the watermark "
                  + Instant.ofEpochMilli(watermark)));
      return;
    }
    long now = System.currentTimeMillis();
    if (eventTime > now + maxFutureSkewMillis) {
      deadLetter(
          ctx,
          DeadLetters.refused(
              record,
              DeadLetterKind.FUTURE_TIMESTAMP,
              "event time "
                  + event.getEventTime()
                  + " is more than "
                  + Duration.ofMillis(maxFutureSkewMillis)
                  + " ahead of the clock "
                  + Instant.ofEpochMilli(now)));
      return;
    }
    accepted.inc();
    out.collect(event);
  }

  private void deadLetter(Context ctx, DeadLetter deadLetter) {
    deadLettered
        .computeIfAbsent(deadLetter.getErrorKind(), kind -> deadLetterMetrics.counter(kind.name()))
        .inc();
    deadLettersByKind.of(deadLetter.getErrorKind().name()).inc();
    ctx.output(DEAD_LETTERS, deadLetter);
  }
}
