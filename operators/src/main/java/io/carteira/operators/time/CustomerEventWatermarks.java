package io.carteira.operators.time;

import io.carteira.operators.ingest.IngestedRecord;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * Watermarks for the input topics, generated per Kafka partition by the source: bounded
 * out-of-orderness, idleness so a silent partition does not hold the others back, a guard so
 * that one event far in the future cannot drag the watermark with it, and an optional
 * wall-clock floor that keeps event-time timers (due dates, dunning days) firing when every
 * partition is quiet in production.
 */
public final class CustomerEventWatermarks {

  private CustomerEventWatermarks() {}

  public static WatermarkStrategy<IngestedRecord> strategy(
      Duration outOfOrderness, Duration idleness, Duration maxFutureSkew, Duration wallClockFloorLag) {
    long outOfOrdernessMillis = outOfOrderness.toMillis();
    long maxFutureSkewMillis = maxFutureSkew.toMillis();
    long floorLagMillis = wallClockFloorLag == null ? -1 : wallClockFloorLag.toMillis();
    WatermarkStrategy<IngestedRecord> strategy = WatermarkStrategy
        .<IngestedRecord>forGenerator(ctx -> new Generator(outOfOrdernessMillis, maxFutureSkewMillis, floorLagMillis))
        .withTimestampAssigner((record, kafkaTimestamp) ->
            record.isDecoded() ? record.event.getEventTime().toEpochMilli() : kafkaTimestamp);
    return idleness.isZero() ? strategy : strategy.withIdleness(idleness);
  }

  /** Per-partition generator; ignores undecodable records and far-future outliers. */
  static final class Generator implements WatermarkGenerator<IngestedRecord> {
    private final long outOfOrdernessMillis;
    private final long maxFutureSkewMillis;
    private final long floorLagMillis;
    private long maxTimestamp = Long.MIN_VALUE;
    private long lastEmitted = Long.MIN_VALUE;

    Generator(long outOfOrdernessMillis, long maxFutureSkewMillis, long floorLagMillis) {
      this.outOfOrdernessMillis = outOfOrdernessMillis;
      this.maxFutureSkewMillis = maxFutureSkewMillis;
      this.floorLagMillis = floorLagMillis;
    }

    @Override
    public void onEvent(IngestedRecord record, long timestamp, WatermarkOutput output) {
      if (!record.isDecoded()) {
        return;
      }
      if (timestamp > System.currentTimeMillis() + maxFutureSkewMillis) {
        return; // an outlier: the validation step sends it to dead-letters as FUTURE_TIMESTAMP
      }
      maxTimestamp = Math.max(maxTimestamp, timestamp);
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
      long watermark = maxTimestamp == Long.MIN_VALUE ? Long.MIN_VALUE : maxTimestamp - outOfOrdernessMillis - 1;
      if (floorLagMillis >= 0) {
        watermark = Math.max(watermark, System.currentTimeMillis() - floorLagMillis);
      }
      if (watermark > lastEmitted) {
        lastEmitted = watermark;
        output.emitWatermark(new Watermark(watermark));
      }
    }
  }
}
