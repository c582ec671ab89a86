package io.carteira.operators.telemetry;

import java.util.function.LongSupplier;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;

/**
 * How far an operator's event time trails the wall clock: now minus the watermark it last worked
 * at, in milliseconds. In live operation it is what an alert or action waits for the watermark (the
 * out-of-orderness bound, or the wall-clock floor's lag); during a catch-up it is how far behind
 * the job is. The watermark is the one the operator saw at its latest record or timer, so on an
 * input with nothing to do the gauge grows with the clock, as a stalled watermark would show too.
 * NaN until the operator has seen a watermark.
 */
public final class EventTimeLag implements Gauge<Double> {

  /** The gauge's name: {@code flink_taskmanager_job_task_operator_eventTimeLagMs}. */
  public static final String NAME = "eventTimeLagMs";

  private final LongSupplier clock;
  private volatile long watermark = Long.MIN_VALUE;

  public EventTimeLag(LongSupplier clock) {
    this.clock = clock;
  }

  /** Registers the gauge of an operator under {@link #NAME}, on the wall clock. */
  public static EventTimeLag register(MetricGroup operator) {
    return operator.gauge(NAME, new EventTimeLag(System::currentTimeMillis));
  }

  /** Notes the watermark the operator is working at. */
  public void observe(long currentWatermark) {
    watermark = currentWatermark;
  }

  @Override
  public Double getValue() {
    long seen = watermark;
    if (seen == Long.MIN_VALUE || seen == Long.MAX_VALUE) {
      return Double.NaN; // no watermark yet, or the end of a bounded input: no lag to speak of
    }
    return (double) (clock.getAsLong() - seen);
  }
}
