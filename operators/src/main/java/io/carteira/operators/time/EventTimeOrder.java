package io.carteira.operators.time;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.TimerService;

/**
 * Holds a key's inputs until the watermark passes their event time, then hands them out in
 * event-time order, so what a keyed function does is a function of its input, whatever order the
 * input arrived in (three topics, several partitions, several upstream subtasks) and however the
 * watermark advanced. Outputs of the held inputs then carry their own event time, because they are
 * emitted from the event-time timer at that very instant.
 *
 * <p>The price is latency: an input waits for the watermark, that is for the out-of-orderness bound
 * after the latest event. An input that arrives with the watermark already past it (late, yet
 * within the allowed lateness) cannot be put back in order and is handed back to be applied at
 * once.
 *
 * <p>State: one map entry per distinct event time held, and one timer at that time (Flink keeps
 * one timer per key and instant). The owning function calls {@link #hold} from its
 * {@code processElement} and {@link #release} from its {@code onTimer}, before its own timer work
 * at that instant, so inputs at an instant come before what time alone does at it.
 *
 * @param <T> the input
 */
public final class EventTimeOrder<T> implements Serializable {

  private final String name;
  private final TypeInformation<T> type;
  private final Comparator<T> ties;
  private transient MapState<Long, List<T>> held;

  /**
   * @param name the state's name, unique in the owning function
   * @param ties the order of inputs with the same event time; must be total for a deterministic result
   */
  public EventTimeOrder(String name, TypeInformation<T> type, Comparator<T> ties) {
    this.name = name;
    this.type = type;
    this.ties = ties;
  }

  public void open(RuntimeContext context) {
    held = context.getMapState(new MapStateDescriptor<>(name, Types.LONG, Types.LIST(type)));
  }

  /**
   * Holds {@code input} until the watermark passes {@code eventTime}; false when it is already past
   * (the caller applies the input at once).
   */
  public boolean hold(T input, long eventTime, TimerService timers) throws Exception {
    if (eventTime <= timers.currentWatermark()) {
      return false;
    }
    List<T> at = held.get(eventTime);
    List<T> next = at == null ? new ArrayList<>(1) : new ArrayList<>(at);
    next.add(input);
    held.put(eventTime, next);
    timers.registerEventTimeTimer(eventTime);
    return true;
  }

  /** The inputs held for {@code timestamp}, in tie order, and forgets them; empty when none. */
  public List<T> release(long timestamp) throws Exception {
    List<T> at = held.get(timestamp);
    if (at == null) {
      return List.of();
    }
    held.remove(timestamp);
    List<T> ordered = new ArrayList<>(at);
    ordered.sort(ties);
    return ordered;
  }

  /** Whether any input is held. */
  public boolean isEmpty() throws Exception {
    return held.isEmpty();
  }

  public void clear() {
    held.clear();
  }
}
