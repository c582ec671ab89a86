package io.carteira.operators.dedup;

import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.TimerService;

/**
 * The event ids a customer's operator has seen lately, so that a repeated {@code event_id} is
 * processed once. Ids are kept for {@code retention}, which must exceed the allowed lateness: a
 * repeat has its original's event time, so once the watermark is past that time plus the allowed
 * lateness, the repeat is refused as late before it gets here. Cleaned by event-time timers, one
 * per customer and retention bucket; the owning function calls {@link #forget} from its onTimer.
 */
public final class RecentEventIds implements java.io.Serializable {

  private final long retentionMillis;
  private final long bucketMillis;
  private transient MapState<String, Long> seen;

  public RecentEventIds(Duration retention) {
    this.retentionMillis = retention.toMillis();
    this.bucketMillis = Math.max(1, Math.min(Duration.ofHours(1).toMillis(), retentionMillis / 4));
  }

  public void open(RuntimeContext context) {
    seen = context.getMapState(new MapStateDescriptor<>("seen-event-ids", Types.STRING, Types.LONG));
  }

  /** True the first time {@code eventId} is offered; remembers it and schedules its forgetting. */
  public boolean firstTime(String eventId, long eventTime, TimerService timers) throws Exception {
    if (seen.contains(eventId)) {
      return false;
    }
    seen.put(eventId, eventTime);
    timers.registerEventTimeTimer(forgetAt(eventTime));
    return true;
  }

  /** Forgets the ids whose retention has ended by {@code timestamp}. */
  public void forget(long timestamp) throws Exception {
    Iterator<Map.Entry<String, Long>> entries = seen.iterator();
    boolean left = false;
    while (entries.hasNext()) {
      if (forgetAt(entries.next().getValue()) <= timestamp) {
        entries.remove();
      } else {
        left = true;
      }
    }
    if (!left) {
      seen.clear(); // drop the key's (empty) map itself on heap backends
    }
  }

  public void clear() {
    seen.clear();
  }

  /** The end of the retention bucket in which an id seen at {@code eventTime} may be forgotten. */
  long forgetAt(long eventTime) {
    long due = eventTime + retentionMillis;
    return due - Math.floorMod(due, bucketMillis) + bucketMillis;
  }
}
