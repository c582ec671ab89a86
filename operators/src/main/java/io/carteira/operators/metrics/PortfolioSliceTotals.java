package io.carteira.operators.metrics;

import io.carteira.schemas.PortfolioFact;
import io.carteira.schemas.PortfolioSlice;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * The local half of a local-global aggregation: on each subtask, sums the portfolio facts per slice
 * of the portfolio ({@link PortfolioSegments#slicesOf}) and day, and sends the sums on to the keyed
 * metrics operator ({@link PortfolioMetricsFunction}) instead of every fact. Without it every fact
 * of a currency goes to one key, and so to one subtask that reads and writes that day's totals once
 * per fact.
 *
 * <p>The sums go out before each watermark is passed on (so the metrics operator has a day's facts
 * before it closes the day), before each checkpoint barrier (so nothing is held in a checkpoint:
 * the operator has no state, and exactly-once holds), at the end of the input, and whenever more
 * than {@code maxSlices} sums are held.
 */
public final class PortfolioSliceTotals extends AbstractStreamOperator<PortfolioSlice>
    implements OneInputStreamOperator<PortfolioFact, PortfolioSlice>, BoundedOneInput {

  private final ZoneId zone;
  private final int maxSlices;
  private transient Map<SliceDay, PortfolioSlice> sums;

  private record SliceDay(PortfolioSegments.Slice slice, int day) {}

  public PortfolioSliceTotals(ZoneId zone, int maxSlices) {
    this.zone = zone;
    this.maxSlices = maxSlices;
  }

  @Override
  public void open() throws Exception {
    super.open();
    sums = new HashMap<>();
  }

  @Override
  public void processElement(StreamRecord<PortfolioFact> element) {
    PortfolioFact fact = element.getValue();
    int day = (int) fact.getEventTime().atZone(zone).toLocalDate().toEpochDay();
    for (PortfolioSegments.Slice slice : PortfolioSegments.slicesOf(fact)) {
      PortfolioSlice sum =
          sums.computeIfAbsent(new SliceDay(slice, day), k -> k.slice().empty(k.day()));
      sum.setFacts(sum.getFacts() + 1);
      DayTotals.add(sum.getTotals(), fact);
    }
    if (sums.size() > maxSlices) {
      flush();
    }
  }

  @Override
  public void processWatermark(Watermark mark) throws Exception {
    flush();
    super.processWatermark(mark);
  }

  @Override
  public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
    super.prepareSnapshotPreBarrier(checkpointId);
    flush();
  }

  @Override
  public void endInput() {
    flush();
  }

  private void flush() {
    if (sums.isEmpty()) {
      return;
    }
    for (PortfolioSlice sum : sums.values()) {
      output.collect(new StreamRecord<>(sum));
    }
    sums.clear();
  }
}
