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
 * One partition's watermarks, on a hand-driven wall clock: what a silent partition does with and
 * without the wall-clock floor, and that a far-future outlier moves nothing.
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
  void withEveryPartitionSilent_theFloorMovesTimeOnInStepsOfTheIdleness_idleBetweenSteps() {
    long floorLag = Duration.ofHours(1).toMillis();
    CustomerEventWatermarks.Generator generator = generator(floorLag);
    read(generator, wallClockStart.minus(Duration.ofDays(3)));
    tick(generator, 1);
    assertThat(output.watermarks)
        .containsExactly(wallClockStart.toEpochMilli() + EMIT_PERIOD - floorLag);

    int ticksPerIdleness = (int) (IDLENESS / EMIT_PERIOD);
    tick(generator, ticksPerIdleness - 1); // not silent yet: the floor follows the clock
    assertThat(last(output.watermarks)).isEqualTo(clock.absoluteTimeMillis() - floorLag);
    List<Long> stepsSeen = new ArrayList<>();
    int idleTicks = 0;
    for (int i = 0; i < 10 * ticksPerIdleness; i++) {
      int before = output.watermarks.size();
      tick(generator, 1);
      if (output.watermarks.size() > before) {
        stepsSeen.add(last(output.watermarks));
      } else if (output.idle) {
        idleTicks++;
      }
    }
    long end = clock.absoluteTimeMillis();
    assertThat(stepsSeen).as("the floor, once per idleness").hasSizeBetween(8, 10).isSorted();
    assertThat(last(stepsSeen))
        .isGreaterThan(end - floorLag - IDLENESS - EMIT_PERIOD)
        .isLessThanOrEqualTo(end - floorLag);
    assertThat(idleTicks)
        .as("idle between the steps, so active partitions are not held back")
        .isGreaterThan(8 * ticksPerIdleness);
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

  private CustomerEventWatermarks.Generator generator(long floorLagMillis) {
    return new CustomerEventWatermarks.Generator(
        OUT_OF_ORDERNESS, IDLENESS, MAX_FUTURE_SKEW, floorLagMillis, activity, clock);
  }

  private void read(CustomerEventWatermarks.Generator generator, Instant eventTime) {
    IngestedRecord record =
        IngestedRecord.decoded(
            Events.login(eventTime), new byte[0], new byte[0], eventTime.toEpochMilli());
    generator.onEvent(record, eventTime.toEpochMilli(), output);
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
