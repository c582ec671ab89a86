package io.carteira.operators.dedup;

import io.carteira.schemas.CustomerEvent;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Passes each {@code event_id} of a customer once; repeats are counted in the
 * {@code duplicateEvents} metric, not dropped silently.
 *
 * <p>Ids are remembered for {@code retention}, which must exceed the allowed lateness: a
 * repeat has the event time of its original, so once the watermark is past that time plus the
 * allowed lateness, the repeat is refused as late before it reaches this operator. State is
 * cleaned by one event-time timer per customer and retention bucket.
 */
public class EventDeduplicator extends KeyedProcessFunction<String, CustomerEvent, CustomerEvent> {

  private final long retentionMillis;
  private final long bucketMillis;

  private transient MapState<String, Long> seenEventTimes;
  private transient Counter duplicates;

  public EventDeduplicator(Duration retention) {
    this.retentionMillis = retention.toMillis();
    this.bucketMillis = Math.max(1, Math.min(Duration.ofHours(1).toMillis(), retentionMillis / 4));
  }

  @Override
  public void open(OpenContext openContext) {
    seenEventTimes = getRuntimeContext().getMapState(
        new MapStateDescriptor<>("seen-event-ids", Types.STRING, Types.LONG));
    duplicates = getRuntimeContext().getMetricGroup().counter("duplicateEvents");
  }

  @Override
  public void processElement(CustomerEvent event, Context ctx, Collector<CustomerEvent> out) throws Exception {
    if (seenEventTimes.contains(event.getEventId())) {
      duplicates.inc();
      return;
    }
    long eventTime = event.getEventTime().toEpochMilli();
    seenEventTimes.put(event.getEventId(), eventTime);
    ctx.timerService().registerEventTimeTimer(forgetAt(eventTime));
    out.collect(event);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<CustomerEvent> out) throws Exception {
    Iterator<Map.Entry<String, Long>> entries = seenEventTimes.iterator();
    while (entries.hasNext()) {
      if (forgetAt(entries.next().getValue()) <= timestamp) {
        entries.remove();
      }
    }
    if (seenEventTimes.isEmpty()) {
      seenEventTimes.clear(); // drop the key's (empty) map itself on heap backends
    }
  }

  /** The end of the retention bucket in which an id seen at {@code eventTime} may be forgotten. */
  private long forgetAt(long eventTime) {
    long due = eventTime + retentionMillis;
    return due - Math.floorMod(due, bucketMillis) + bucketMillis;
  }
}
