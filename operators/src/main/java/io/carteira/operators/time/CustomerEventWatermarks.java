package io.carteira.operators.time;

import io.carteira.operators.ingest.IngestedRecord;
import java.io.Serializable;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkGeneratorSupplier;
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
 * others back (the generator's constructor says what counts as silence). One that had never given a
 * record and gives its first ones after it went idle holds the watermark for one more idleness
 * period of the wall clock before its events move it: a backlog published into topics that had
 * stayed empty wakes their partitions one after another, and the first one read must not run weeks
 * ahead of the others while they are still idle. A partition that had records before wakes at once,
 * at its own watermark: Flink marks a reader whose partitions were all idle active again only when
 * its combined watermark moves, so holding it at its old watermark would leave the reader idle, and
 * its records unguarded, for that period.
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

  /** The wake-up time of a partition that is not waking up. */
  private static final long NOT_WAKING = Long.MIN_VALUE;

  private CustomerEventWatermarks() {}

  public static WatermarkStrategy<IngestedRecord> strategy(
      Duration outOfOrderness,
      Duration idleness,
      Duration maxFutureSkew,
      Duration wallClockFloorLag) {
    Bounds bounds =
        new Bounds(
            outOfOrderness.toMillis(),
            idleness.toMillis(),
            maxFutureSkew.toMillis(),
            wallClockFloorLag == null ? -1 : wallClockFloorLag.toMillis());
    return WatermarkStrategy.<IngestedRecord>forGenerator(new PartitionGenerators(bounds))
        .withTimestampAssigner(
            (record, kafkaTimestamp) ->
                record.isDecoded() ? record.event.getEventTime().toEpochMilli() : kafkaTimestamp);
  }

  /**
   * Creates the generators of one source reader's partitions. Each reader (source subtask) has its
   * own copy, so the generators it creates share that reader's {@link ReaderRecords}.
   */
  private static final class PartitionGenerators
      implements WatermarkGeneratorSupplier<IngestedRecord> {

    private final Bounds bounds;
    private transient ReaderRecords readerRecords;

    PartitionGenerators(Bounds bounds) {
      this.bounds = bounds;
    }

    @Override
    public WatermarkGenerator<IngestedRecord> createWatermarkGenerator(Context context) {
      if (readerRecords == null) {
        readerRecords = new ReaderRecords();
      }
      return new Generator(
          bounds, context.getInputActivityClock(), SystemClock.getInstance(), readerRecords);
    }
  }

  /**
   * The settings of every partition's generator, in milliseconds: a negative {@code floorLag} turns
   * the floor off; a zero {@code idleness}, idleness.
   */
  record Bounds(long outOfOrderness, long idleness, long maxFutureSkew, long floorLag)
      implements Serializable {}

  /**
   * The records one source reader has read, over all its partitions. The reader's task thread runs
   * every generator of its partitions, so a plain counter serves.
   */
  static final class ReaderRecords {
    private long count;
  }

  /** Per-partition generator; ignores undecodable records and far-future outliers. */
  static final class Generator implements WatermarkGenerator<IngestedRecord> {

    private final long outOfOrdernessMillis;
    private final long idlenessMillis;
    private final long maxFutureSkewMillis;
    private final long floorLagMillis;
    private final RelativeClock activity;
    private final Clock wallClock;
    private final ReaderRecords readerRecords;
    private long maxTimestamp = Long.MIN_VALUE;
    private long lastEmitted = Long.MIN_VALUE;
    private long records;
    private long recordsSeenAtLastEmit;
    private long readerRecordsSeenAtLastEmit;
    private long wallClockAtLastEmit;
    private long activityAtLastEmit;
    private long silence;
    private boolean idle;
    private boolean live;

    /** While waking up from idleness: when the partition gave records again; else negative. */
    private long wokeUpAt = NOT_WAKING;

    /**
     * Silence is what makes a partition idle, and a partition that is only waiting to be read must
     * not be silent (else the watermark would run ahead of its records, and they would arrive
     * late). So, from one periodic emit to the next, a partition that gave no record is silent for:
     *
     * <ul>
     *   <li>the {@code wallClock}'s time, if its reader read records of its other partitions
     *       meanwhile: the reader takes turns among its partitions (the source fetches a few tens
     *       of KB from each at a time), so one left out has nothing to read (the sparse
     *       subscriptions topic during a replay, with no event for weeks);
     *   <li>the {@code wallClock}'s time, if it never gave a record since its reader started (one
     *       read to its end before a restore): it knows no time at all, and would else hold the
     *       watermark at its start while the others catch up;
     *   <li>else the input {@code activity} clock's time, which stands still while the source is
     *       back-pressured or paused for alignment: nothing was read at all, and only a reader that
     *       is free to read and finds nothing says the input is quiet.
     * </ul>
     *
     * The floor follows {@code wallClock} too.
     */
    Generator(Bounds bounds, RelativeClock activity, Clock wallClock, ReaderRecords readerRecords) {
      this.outOfOrdernessMillis = bounds.outOfOrderness();
      this.idlenessMillis = bounds.idleness();
      this.maxFutureSkewMillis = bounds.maxFutureSkew();
      this.floorLagMillis = bounds.floorLag();
      this.activity = activity;
      this.wallClock = wallClock;
      this.readerRecords = readerRecords;
      this.wallClockAtLastEmit = wallClock.relativeTimeMillis();
      this.activityAtLastEmit = activity.relativeTimeMillis();
    }

    /** A partition read alone by its reader. */
    Generator(
        long outOfOrdernessMillis,
        long idlenessMillis,
        long maxFutureSkewMillis,
        long floorLagMillis,
        RelativeClock activity,
        Clock wallClock) {
      this(
          new Bounds(outOfOrdernessMillis, idlenessMillis, maxFutureSkewMillis, floorLagMillis),
          activity,
          wallClock,
          new ReaderRecords());
    }

    @Override
    public void onEvent(IngestedRecord record, long timestamp, WatermarkOutput output) {
      records++; // any record, even one for dead-letters, shows the partition is alive
      readerRecords.count++;
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
      long wallNow = wallClock.relativeTimeMillis();
      long activityNow = activity.relativeTimeMillis();
      if (records != recordsSeenAtLastEmit) {
        recordsSeenAtLastEmit = records;
        silence = 0;
        if (idle && lastEmitted == Long.MIN_VALUE) {
          wokeUpAt = wallNow;
        }
      } else if (records == 0 || readerRecords.count != readerRecordsSeenAtLastEmit) {
        silence += wallNow - wallClockAtLastEmit;
      } else {
        silence += activityNow - activityAtLastEmit;
      }
      wallClockAtLastEmit = wallNow;
      activityAtLastEmit = activityNow;
      readerRecordsSeenAtLastEmit = readerRecords.count;
      if (wokeUpAt != NOT_WAKING) {
        // the hold is measured on the wall clock: on the input activity clock, which stands still
        // under back-pressure, a partition waking in a busy replay held every event in the
        // operators' buffers until the input ran out, then released them all in one step
        if (wallNow - wokeUpAt < idlenessMillis) {
          if (idle) {
            // active again, holding the watermark back: Flink marks a reader whose partitions
            // were all idle active again only when its combined watermark moves, and an idle
            // reader does not hold back the operators downstream, so the hold is a real time
            emit(output, BEFORE_ANY_EVENT);
          }
          return;
        }
        wokeUpAt = NOT_WAKING; // awake: its events move the watermark, for one idleness at least
        silence = 0;
      }
      if (idlenessMillis > 0 && silence >= idlenessMillis) {
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
