package io.carteira.operators.time;

import io.carteira.operators.ingest.IngestedRecord;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.util.clock.Clock;
import org.apache.flink.util.clock.RelativeClock;
import org.apache.flink.util.clock.SystemClock;

/**
 * Watermarks for the input topics, generated per Kafka partition by the source: bounded
 * out-of-orderness, idleness so a silent partition does not hold the others back, a guard so that
 * one event far in the future cannot drag the watermark with it, and an optional wall-clock floor
 * that keeps event-time timers (due dates, dunning days) firing when every partition is quiet in
 * production.
 *
 * <p>Idleness is part of the generator rather than Flink's {@code withIdleness}, because that
 * wrapper stops asking the generator for watermarks while the partition is silent, and the floor is
 * needed exactly then. A silent partition is idle, except that each time the floor has moved one
 * idleness period past the partition's last watermark it emits the floor once: with every partition
 * silent, time still moves on in steps of the idleness; with others active, the step holds them
 * back for one emit period at most, and never below a watermark already passed.
 */
public final class CustomerEventWatermarks {

  private CustomerEventWatermarks() {}

  public static WatermarkStrategy<IngestedRecord> strategy(
      Duration outOfOrderness,
      Duration idleness,
      Duration maxFutureSkew,
      Duration wallClockFloorLag) {
    long outOfOrdernessMillis = outOfOrderness.toMillis();
    long idlenessMillis = idleness.toMillis();
    long maxFutureSkewMillis = maxFutureSkew.toMillis();
    long floorLagMillis = wallClockFloorLag == null ? -1 : wallClockFloorLag.toMillis();
    return WatermarkStrategy.<IngestedRecord>forGenerator(
            ctx ->
                new Generator(
                    outOfOrdernessMillis,
                    idlenessMillis,
                    maxFutureSkewMillis,
                    floorLagMillis,
                    ctx.getInputActivityClock(),
                    SystemClock.getInstance()))
        .withTimestampAssigner(
            (record, kafkaTimestamp) ->
                record.isDecoded() ? record.event.getEventTime().toEpochMilli() : kafkaTimestamp);
  }

  /** Per-partition generator; ignores undecodable records and far-future outliers. */
  static final class Generator implements WatermarkGenerator<IngestedRecord> {

    private final long outOfOrdernessMillis;
    private final long idlenessMillis;
    private final long maxFutureSkewMillis;
    private final long floorLagMillis;
    private final RelativeClock activity;
    private final Clock wallClock;
    private long maxTimestamp = Long.MIN_VALUE;
    private long lastEmitted = Long.MIN_VALUE;
    private long records;
    private long recordsSeenAtLastEmit;
    private long silentSince;
    private boolean idle;

    /**
     * A negative {@code floorLagMillis} turns the floor off; a zero {@code idlenessMillis},
     * idleness. Once a partition has given a record, its silence is measured on {@code activity},
     * the source's input activity clock, which stands still while the source is back-pressured or
     * paused for alignment: a partition that is only waiting to be read is not silent (else the
     * watermark would run ahead of its records, and they would arrive late). A partition that has
     * given no record since the reader started (one read to its end before a restore) knows no time
     * at all: its silence is measured on {@code wallClock}, or it would hold the watermark at its
     * start for as long as the other partitions catch up under back-pressure. The floor follows
     * {@code wallClock} too.
     */
    Generator(
        long outOfOrdernessMillis,
        long idlenessMillis,
        long maxFutureSkewMillis,
        long floorLagMillis,
        RelativeClock activity,
        Clock wallClock) {
      this.outOfOrdernessMillis = outOfOrdernessMillis;
      this.idlenessMillis = idlenessMillis;
      this.maxFutureSkewMillis = maxFutureSkewMillis;
      this.floorLagMillis = floorLagMillis;
      this.activity = activity;
      this.wallClock = wallClock;
      this.silentSince = wallClock.relativeTimeMillis();
    }

    @Override
    public void onEvent(IngestedRecord record, long timestamp, WatermarkOutput output) {
      records++; // any record, even one for dead-letters, shows the partition is alive
      if (!record.isDecoded()) {
        return;
      }
      if (timestamp > wallClock.absoluteTimeMillis() + maxFutureSkewMillis) {
        return; // an outlier: the validation step sends it to dead-letters as FUTURE_TIMESTAMP
      }
      maxTimestamp = Math.max(maxTimestamp, timestamp);
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
      RelativeClock silence = records == 0 ? wallClock : activity;
      long now = silence.relativeTimeMillis();
      if (records != recordsSeenAtLastEmit) {
        recordsSeenAtLastEmit = records;
        silentSince = now;
      }
      long floor =
          floorLagMillis >= 0 ? wallClock.absoluteTimeMillis() - floorLagMillis : Long.MIN_VALUE;
      boolean silent = idlenessMillis > 0 && now - silentSince >= idlenessMillis;
      if (!silent) {
        long fromEvents =
            maxTimestamp == Long.MIN_VALUE
                ? Long.MIN_VALUE
                : maxTimestamp - outOfOrdernessMillis - 1;
        long watermark = Math.max(fromEvents, floor);
        if (watermark > lastEmitted
            || idle) { // re-emitting after a silence marks the partition active again
          emit(output, Math.max(watermark, lastEmitted));
        }
      } else if (floorLagMillis >= 0 && floor - idlenessMillis >= lastEmitted) {
        emit(output, floor);
      } else if (!idle) {
        output.markIdle();
        idle = true;
      }
    }

    private void emit(WatermarkOutput output, long watermark) {
      lastEmitted = watermark;
      idle = false;
      output.emitWatermark(new Watermark(watermark));
    }
  }
}
