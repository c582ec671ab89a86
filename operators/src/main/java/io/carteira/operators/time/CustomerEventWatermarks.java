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
 * out-of-orderness, a wall-clock floor once the partition is live, idleness so a silent partition
 * does not hold the others back, a wake-up grace so a partition coming back from idleness is not
 * overtaken, and a guard so that one event far in the future cannot drag the watermark with it.
 *
 * <p>A partition is <em>live</em> once its newest event is within the out-of-orderness of the
 * wall-clock floor (the wall clock minus the floor's lag): its producers stamp events with the wall
 * clock and it has caught up. From then on its watermark is the newest event minus the
 * out-of-orderness, or the floor if that is later, emitted at every period, and it is never idle.
 * So live events wait for the floor's lag at most before they are applied in event-time order, an
 * event that arrives later than that is applied at once (it is behind the watermark), and
 * event-time timers fire on the wall clock with no input at all. A partition read from the past (a
 * replay, a backfill, producers catching up) is not live and the floor does not touch it, so the
 * wall clock never turns its events late; only a partition that has caught up moves time with the
 * wall clock.
 *
 * <p>A partition that is not live is idle after {@code idleness} of silence and stops holding the
 * others back. One that had never given a record and gives its first ones after it went idle holds
 * the watermark for one more idleness period before its events move it: a backlog published into
 * topics that had stayed empty wakes their partitions one after another, and the first one read
 * must not run weeks ahead of the others while they are still idle. A partition that had records
 * before wakes at once, at its own watermark: Flink marks a reader whose partitions were all idle
 * active again only when its combined watermark moves, so holding it at its old watermark would
 * leave the reader idle, and its records unguarded, for that period.
 *
 * <p>Idleness is part of the generator rather than Flink's {@code withIdleness}, because that
 * wrapper stops asking the generator for watermarks while the partition is silent, and the floor is
 * needed exactly then.
 */
public final class CustomerEventWatermarks {

  /**
   * The watermark a partition that never had one holds while it wakes up: earlier than any billing
   * event, yet a real time (Long.MIN_VALUE means "no watermark yet" to Flink and to the operators,
   * and arithmetic near it overflows).
   */
  static final long BEFORE_ANY_EVENT = 0L;

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
    private boolean live;

    /** While waking up from idleness: when the partition gave records again; else negative. */
    private long wokeUpAt = -1;

    /**
     * A negative {@code floorLagMillis} turns the floor off; a zero {@code idlenessMillis},
     * idleness. Once a partition has given a record, its silence is measured on {@code activity},
     * the source's input activity clock, which stands still while the source is back-pressured or
     * paused for alignment: a partition that is only waiting to be read is not silent (else the
     * watermark would run ahead of its records, and they would arrive late). A partition that has
     * given no record since its reader started (one read to its end before a restore) knows no time
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
      long fromEvents =
          maxTimestamp == Long.MIN_VALUE ? Long.MIN_VALUE : maxTimestamp - outOfOrdernessMillis - 1;
      long floor = floorLagMillis >= 0 ? wallClock.absoluteTimeMillis() - floorLagMillis : 0;
      if (floorLagMillis >= 0 && !live) {
        live = maxTimestamp != Long.MIN_VALUE && maxTimestamp >= floor - outOfOrdernessMillis;
      }
      if (live) {
        long watermark = Math.max(fromEvents, floor);
        if (watermark > lastEmitted || idle) {
          emit(output, Math.max(watermark, lastEmitted));
        }
        return;
      }
      RelativeClock silence = records == 0 ? wallClock : activity;
      long now = silence.relativeTimeMillis();
      if (records != recordsSeenAtLastEmit) {
        recordsSeenAtLastEmit = records;
        silentSince = now;
        if (idle && lastEmitted == Long.MIN_VALUE) {
          wokeUpAt = now;
        }
      }
      if (wokeUpAt >= 0) {
        if (now - wokeUpAt < idlenessMillis) {
          if (idle) {
            // active again, holding the watermark back: Flink marks a reader whose partitions
            // were all idle active again only when its combined watermark moves, and an idle
            // reader does not hold back the operators downstream, so the hold is a real time
            emit(output, BEFORE_ANY_EVENT);
          }
          return;
        }
        wokeUpAt = -1; // awake: its events move the watermark, for one idleness at least
        silentSince = now;
      }
      if (idlenessMillis > 0 && now - silentSince >= idlenessMillis) {
        if (!idle) {
          output.markIdle();
          idle = true;
        }
        return;
      }
      if (fromEvents > lastEmitted
          || idle) { // re-emitting after a silence marks the partition active again
        emit(output, Math.max(fromEvents, lastEmitted));
      }
    }

    /** Whether the partition has caught up with the wall clock and follows its floor. */
    boolean isLive() {
      return live;
    }

    private void emit(WatermarkOutput output, long watermark) {
      lastEmitted = watermark;
      idle = false;
      output.emitWatermark(new Watermark(watermark));
    }
  }
}
