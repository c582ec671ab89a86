package io.carteira.operators.time;

import static org.assertj.core.api.Assertions.assertThat;

import io.carteira.operators.ingest.IngestedRecord;
import io.carteira.operators.support.Events;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.util.clock.ManualClock;
import org.junit.jupiter.api.Test;

/**
 * One partition's watermarks, on a hand-driven wall clock: a live partition follows the wall-clock
 * floor, one read from the past does not; what a silent partition does, how one wakes from
 * idleness, and that a far-future outlier moves nothing.
 */
class CustomerEventWatermarksTest {

  private static final long OUT_OF_ORDERNESS = Duration.ofMinutes(10).toMillis();
  private static final long IDLENESS = Duration.ofSeconds(30).toMillis();
  private static final long MAX_FUTURE_SKEW = Duration.ofDays(7).toMillis();
  private static final long EMIT_PERIOD = 200;

  private final Instant wallClockStart = Instant.parse("2026-11-25T12:00:00Z");
  private final ManualClock clock = new ManualClock(wallClockStart.toEpochMilli() * 1_000_000);

  /** The source's input activity clock: stands still while the source is back-pressured. */
  private final ManualClock activity = new ManualClock();

  private final Recorder output = new Recorder();

  @Test
  void theWatermarkTrailsTheNewestEventByTheOutOfOrderness() {
    CustomerEventWatermarks.Generator generator = generator(-1);
    Instant event = wallClockStart.minus(Duration.ofHours(1));
    read(generator, event);
    read(generator, event.minusSeconds(120)); // out of order: moves nothing
    tick(generator, 1);

    assertThat(output.watermarks).containsExactly(event.toEpochMilli() - OUT_OF_ORDERNESS - 1);
    assertThat(output.idle).isFalse();
  }

  @Test
  void aSilentPartitionWithoutAFloorGoesIdle_andARecordMakesItActiveAgain() {
    CustomerEventWatermarks.Generator generator = generator(-1);
    Instant event = wallClockStart.minus(Duration.ofHours(1));
    read(generator, event);
    tick(generator, 1);
    tick(generator, (int) (IDLENESS / EMIT_PERIOD) + 1);
    assertThat(output.idle).as("idle after %d ms of silence", IDLENESS).isTrue();
    assertThat(output.watermarks).hasSize(1);
    tick(generator, 50);
    assertThat(output.watermarks).as("no watermark while idle and no floor").hasSize(1);

    read(
        generator,
        event.minusSeconds(
            60)); // older than the newest: the watermark stays, but the partition is back
    tick(generator, 1);
    assertThat(output.idle).isFalse();
    assertThat(output.watermarks).last().isEqualTo(event.toEpochMilli() - OUT_OF_ORDERNESS - 1);
  }

  @Test
  void aPartitionWaitingBehindBackPressureIsNotSilent() {
    CustomerEventWatermarks.Generator generator = generator(-1);
    read(generator, wallClockStart.minus(Duration.ofHours(1)));
    tick(generator, 1);
    tickBackPressured(generator, (int) (10 * IDLENESS / EMIT_PERIOD));
    assertThat(output.idle).as("idle after ten idleness periods of back-pressure").isFalse();
    tick(generator, (int) (IDLENESS / EMIT_PERIOD));
    assertThat(output.idle)
        .as("idle after an idleness period with the source free to read")
        .isTrue();
  }

  @Test
  void aPartitionLeftOutWhileItsReaderReadsTheOthers_hasNothingToRead_andGoesIdleOnTheWallClock() {
    // a replay behind back-pressure: the reader keeps reading its usage partition, while its
    // subscriptions partition has no event for weeks after the sign-ups
    CustomerEventWatermarks.ReaderRecords reader = new CustomerEventWatermarks.ReaderRecords();
    CustomerEventWatermarks.Generator usage = generator(reader);
    CustomerEventWatermarks.Generator subscriptions = generator(reader);
    Recorder usageOutput = new Recorder();
    Instant replayed = wallClockStart.minus(Duration.ofDays(300));
    read(subscriptions, replayed);
    for (int period = 0; period <= IDLENESS / EMIT_PERIOD; period++) {
      assertThat(output.idle).as("within the idleness").isFalse();
      replayed = replayed.plus(Duration.ofHours(1));
      usage.onEvent(login(replayed), replayed.toEpochMilli(), usageOutput);
      clock.advanceTime(Duration.ofMillis(EMIT_PERIOD)); // back-pressured: activity stands still
      usage.onPeriodicEmit(usageOutput);
      subscriptions.onPeriodicEmit(output);
    }
    assertThat(output.idle)
        .as("left out of an idleness period of the reader's reads: idle, so it holds nothing back")
        .isTrue();
    assertThat(usageOutput.idle).as("the partition being read").isFalse();
    assertThat(last(usageOutput.watermarks))
        .isEqualTo(replayed.toEpochMilli() - OUT_OF_ORDERNESS - 1);
  }

  @Test
  void aPartitionWithNoRecordSinceTheStartGoesIdleOnTheWallClock_evenBehindBackPressure() {
    CustomerEventWatermarks.Generator generator =
        generator(-1); // read to its end before a restore: nothing comes
    tickBackPressured(generator, (int) (IDLENESS / EMIT_PERIOD) - 1);
    assertThat(output.idle).as("within the idleness").isFalse();
    tickBackPressured(generator, 1);
    assertThat(output.idle)
        .as("idle, so the other partitions' catch-up moves the watermark")
        .isTrue();
    assertThat(output.watermarks).isEmpty();
  }

  @Test
  void aLivePartitionFollowsTheFloor_andIsNeverIdle_evenWhenSilent() {
    long floorLag = 300;
    CustomerEventWatermarks.Generator generator = generator(floorLag);
    read(generator, wallClockStart.minusMillis(20)); // stamped with the wall clock
    tick(generator, 1);
    assertThat(generator.isLive()).isTrue();
    assertThat(output.watermarks)
        .as("the floor, not the newest event minus the out-of-orderness")
        .containsExactly(wallClockStart.toEpochMilli() + EMIT_PERIOD - floorLag);

    tick(generator, (int) (10 * IDLENESS / EMIT_PERIOD));
    assertThat(output.idle).as("a live partition is never idle").isFalse();
    assertThat(last(output.watermarks))
        .as("silent for ten idleness periods: still the floor, at every period")
        .isEqualTo(clock.absoluteTimeMillis() - floorLag);
  }

  @Test
  void anEventStampedBeforeTheFloor_isBehindTheWatermarkWhenRead() {
    long floorLag = 300;
    CustomerEventWatermarks.Generator generator = generator(floorLag);
    read(generator, wallClockStart);
    tick(generator, 5);
    Instant slowProducer = wallClockStart.plusMillis(200); // read a second after it was stamped
    read(generator, slowProducer);
    tick(generator, 1);
    assertThat(last(output.watermarks))
        .as("the floor has passed it: applied at once, not held")
        .isGreaterThan(slowProducer.toEpochMilli());
  }

  @Test
  void aPartitionReadFromThePast_isNotLive_andTheFloorNeverTurnsItsEventsLate() {
    long floorLag = 300;
    CustomerEventWatermarks.Generator generator = generator(floorLag);
    Instant backlog = wallClockStart.minus(Duration.ofDays(90));
    for (int day = 0; day < 60; day++) {
      read(generator, backlog.plus(Duration.ofDays(day)));
      tick(generator, 1);
    }
    assertThat(generator.isLive()).isFalse();
    assertThat(last(output.watermarks))
        .as("time is the backlog's, not the wall clock's")
        .isEqualTo(backlog.plus(Duration.ofDays(59)).toEpochMilli() - OUT_OF_ORDERNESS - 1);
    tick(generator, (int) (IDLENESS / EMIT_PERIOD));
    assertThat(output.idle).as("silent after the backlog: idle, no floor").isTrue();
    assertThat(last(output.watermarks))
        .isEqualTo(backlog.plus(Duration.ofDays(59)).toEpochMilli() - OUT_OF_ORDERNESS - 1);

    read(generator, wallClockStart.plus(Duration.ofMinutes(6)).minusMillis(10));
    tick(generator, 1);
    assertThat(generator.isLive()).as("caught up with the wall clock: live").isTrue();
    assertThat(last(output.watermarks)).isEqualTo(clock.absoluteTimeMillis() - floorLag);
  }

  @Test
  void aPartitionWakingFromIdleness_holdsTheWatermarkForAnIdlenessPeriod_beforeItMovesIt() {
    CustomerEventWatermarks.Generator generator = generator(300);
    tick(generator, (int) (IDLENESS / EMIT_PERIOD)); // an empty topic: idle
    assertThat(output.idle).isTrue();

    Instant backlog = wallClockStart.minus(Duration.ofDays(120)); // published into it now
    read(generator, backlog);
    read(generator, backlog.plus(Duration.ofDays(20)));
    tick(generator, 1);
    assertThat(output.idle)
        .as("active again: it holds back the partitions that woke with it")
        .isFalse();
    assertThat(output.watermarks)
        .as("where it left the watermark: before any event (a real time, so its reader is active)")
        .containsExactly(CustomerEventWatermarks.BEFORE_ANY_EVENT);

    tick(generator, (int) (IDLENESS / EMIT_PERIOD) - 2);
    assertThat(output.watermarks)
        .as("still waking up")
        .containsExactly(CustomerEventWatermarks.BEFORE_ANY_EVENT);
    tick(generator, 2);
    assertThat(last(output.watermarks))
        .as("an idleness period later, its events move it")
        .isEqualTo(backlog.plus(Duration.ofDays(20)).toEpochMilli() - OUT_OF_ORDERNESS - 1);
  }

  @Test
  void aPartitionWakingBehindBackPressure_holdsTheWatermarkForAnIdlenessPeriodOfTheWallClock() {
    CustomerEventWatermarks.Generator generator = generator(-1);
    // a replay starts: the reader is busy with the other partitions, this one gives nothing yet
    tickBackPressured(generator, (int) (IDLENESS / EMIT_PERIOD));
    assertThat(output.idle).isTrue();

    Instant replayed = wallClockStart.minus(Duration.ofDays(300));
    read(generator, replayed);
    tickBackPressured(generator, (int) (IDLENESS / EMIT_PERIOD));
    assertThat(output.watermarks)
        .as("waking up, while the source stays back-pressured")
        .containsExactly(CustomerEventWatermarks.BEFORE_ANY_EVENT);
    read(generator, replayed.plus(Duration.ofDays(2)));
    tickBackPressured(generator, 1);
    assertThat(last(output.watermarks))
        .as(
            "an idleness period of the wall clock later, its events move it, though the source"
                + " has been back-pressured all along")
        .isEqualTo(replayed.plus(Duration.ofDays(2)).toEpochMilli() - OUT_OF_ORDERNESS - 1);
  }

  @Test
  void aBoundedReadHasNoIdleness_soNoWakeUpEither() {
    CustomerEventWatermarks.Generator generator =
        new CustomerEventWatermarks.Generator(
            OUT_OF_ORDERNESS, 0, MAX_FUTURE_SKEW, -1, activity, clock);
    tick(generator, (int) (10 * IDLENESS / EMIT_PERIOD));
    assertThat(output.idle).isFalse();
    Instant event = wallClockStart.minus(Duration.ofDays(30));
    read(generator, event);
    tick(generator, 1);
    assertThat(output.watermarks).containsExactly(event.toEpochMilli() - OUT_OF_ORDERNESS - 1);
  }

  @Test
  void anEventYearsAheadMovesNothing() {
    CustomerEventWatermarks.Generator generator = generator(-1);
    Instant event = wallClockStart.minus(Duration.ofHours(1));
    read(generator, event);
    read(generator, wallClockStart.plus(Duration.ofDays(3653)));
    tick(generator, 1);

    assertThat(output.watermarks).containsExactly(event.toEpochMilli() - OUT_OF_ORDERNESS - 1);
  }

  private CustomerEventWatermarks.Generator generator(
      CustomerEventWatermarks.ReaderRecords reader) {
    return new CustomerEventWatermarks.Generator(
        new CustomerEventWatermarks.Bounds(OUT_OF_ORDERNESS, IDLENESS, MAX_FUTURE_SKEW, -1),
        activity,
        clock,
        reader);
  }

  private CustomerEventWatermarks.Generator generator(long floorLagMillis) {
    return new CustomerEventWatermarks.Generator(
        OUT_OF_ORDERNESS, IDLENESS, MAX_FUTURE_SKEW, floorLagMillis, activity, clock);
  }

  private void read(CustomerEventWatermarks.Generator generator, Instant eventTime) {
    generator.onEvent(login(eventTime), eventTime.toEpochMilli(), output);
  }

  private static IngestedRecord login(Instant eventTime) {
    return IngestedRecord.decoded(
        Events.login(eventTime), new byte[0], new byte[0], eventTime.toEpochMilli());
  }

  private void tick(CustomerEventWatermarks.Generator generator, int periods) {
    for (int i = 0; i < periods; i++) {
      clock.advanceTime(Duration.ofMillis(EMIT_PERIOD));
      activity.advanceTime(Duration.ofMillis(EMIT_PERIOD));
      generator.onPeriodicEmit(output);
    }
  }

  /**
   * Wall-clock time passes while the source is back-pressured: its input activity clock stands
   * still.
   */
  private void tickBackPressured(CustomerEventWatermarks.Generator generator, int periods) {
    for (int i = 0; i < periods; i++) {
      clock.advanceTime(Duration.ofMillis(EMIT_PERIOD));
      generator.onPeriodicEmit(output);
    }
  }

  private static long last(List<Long> values) {
    return values.get(values.size() - 1);
  }

  /** What the source's split output would see: watermarks (only forward ones), and idleness. */
  private static final class Recorder implements WatermarkOutput {
    final List<Long> watermarks = new ArrayList<>();
    boolean idle;

    @Override
    public void emitWatermark(Watermark watermark) {
      idle = false;
      if (watermarks.isEmpty() || watermark.getTimestamp() > last(watermarks)) {
        watermarks.add(watermark.getTimestamp());
      }
    }

    @Override
    public void markIdle() {
      idle = true;
    }

    @Override
    public void markActive() {
      idle = false;
    }
  }
}
