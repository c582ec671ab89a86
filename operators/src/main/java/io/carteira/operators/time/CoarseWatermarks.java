package io.carteira.operators.time;

import java.time.Duration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Passes records through and watermarks only when they cross a multiple of {@code granularity},
 * rounded down to it. Put in front of Flink CEP: in event time, CEP fires a timer at every
 * watermark for every key holding a partial match, so fewer, coarser watermarks cost less, at the
 * price of sequence matches showing up to one granularity later.
 *
 * <p>A record at or behind the watermark already passed on (a signal of an event applied at once
 * because it arrived behind the watermark) is restamped to just after it: CEP in event time drops a
 * record behind its watermark, and a late failed payment must still count in a streak. The counter
 * {@code lateRecordsRestamped} says how often.
 */
public final class CoarseWatermarks<T> extends AbstractStreamOperator<T>
    implements OneInputStreamOperator<T, T> {

  private final long granularityMillis;
  private transient long lastEmitted;
  private transient Counter lateRecordsRestamped;

  public CoarseWatermarks(Duration granularity) {
    this.granularityMillis = Math.max(1, granularity.toMillis());
  }

  @Override
  public void open() throws Exception {
    super.open();
    lastEmitted = Long.MIN_VALUE;
    lateRecordsRestamped = getMetricGroup().counter("lateRecordsRestamped");
  }

  @Override
  public void processElement(StreamRecord<T> element) {
    if (element.hasTimestamp()
        && element.getTimestamp() <= lastEmitted
        && lastEmitted < Long.MAX_VALUE) {
      element.setTimestamp(lastEmitted + 1);
      lateRecordsRestamped.inc();
    }
    output.collect(element);
  }

  @Override
  public void processWatermark(Watermark mark) {
    long coarse = coarsen(mark.getTimestamp(), granularityMillis);
    if (coarse > lastEmitted) {
      lastEmitted = coarse;
      output.emitWatermark(new Watermark(coarse));
    }
  }

  /**
   * {@code timestamp} rounded down to a multiple of {@code granularity}; the end of input stays the
   * end.
   */
  static long coarsen(long timestamp, long granularity) {
    if (timestamp == Long.MAX_VALUE || timestamp == Long.MIN_VALUE) {
      return timestamp;
    }
    return timestamp - Math.floorMod(timestamp, granularity);
  }
}
