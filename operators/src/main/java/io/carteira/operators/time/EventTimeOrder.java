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
import org.apache.flink.api.java.tuple.Tuple2;
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
 * <p>State, in one of two layouts, and one timer per distinct event time held (Flink keeps one
 * timer per key and instant):
 *
 * <ul>
 *   <li>{@link #EventTimeOrder(String, TypeInformation, Comparator) a list per instant}: one map
 *       entry per distinct event time, read and written whole on each hold. Two state accesses per
 *       input: the cheapest when a key holds a few inputs per instant, as a customer does.
 *   <li>{@link #manyPerInstant an entry per input}: each input under its event time and its arrival
 *       number there, beside a count per instant, so holding one costs a few point accesses however
 *       many share its instant. A list per instant is quadratic there: the portfolio-wide ranking,
 *       a single key, holds the subscriptions of every customer starting in the same minute, some
 *       1,700 at once when a portfolio of 100,000 is loaded in a day. Lists that savepoints from
 *       before hold under the state's name are released with the rest and never added to.
 * </ul>
 *
 * <p>The owning function calls {@link #hold} from its {@code processElement} and {@link #release}
 * from its {@code onTimer}, before its own timer work at that instant, so inputs at an instant come
 * before what time alone does at it.
 *
 * @param <T> the input
 */
public final class EventTimeOrder<T> implements Serializable {

  private final String name;
  private final TypeInformation<T> type;
  private final Comparator<T> ties;
  private final boolean entryPerInput;

  /**
   * The list of inputs held at each event time (and what savepoints from before hold in either
   * layout).
   */
  private transient MapState<Long, List<T>> heldAsLists;

  /** Entry per input: inputs held at an event time, by arrival number there. */
  private transient MapState<Tuple2<Long, Integer>, T> held;

  /** Entry per input: how many inputs are held at an event time. */
  private transient MapState<Long, Integer> heldAt;

  /**
   * A list per instant: for keys that hold a few inputs at an instant.
   *
   * @param name the state's name, unique in the owning function
   * @param ties the order of inputs with the same event time; must be total for a deterministic
   *     result
   */
  public EventTimeOrder(String name, TypeInformation<T> type, Comparator<T> ties) {
    this(name, type, ties, false);
  }

  private EventTimeOrder(
      String name, TypeInformation<T> type, Comparator<T> ties, boolean entryPerInput) {
    this.name = name;
    this.type = type;
    this.ties = ties;
    this.entryPerInput = entryPerInput;
  }

  /** An entry per input: for a key that holds many inputs at one instant (a portfolio-wide key). */
  public static <T> EventTimeOrder<T> manyPerInstant(
      String name, TypeInformation<T> type, Comparator<T> ties) {
    return new EventTimeOrder<>(name, type, ties, true);
  }

  public void open(RuntimeContext context) {
    heldAsLists = context.getMapState(new MapStateDescriptor<>(name, Types.LONG, Types.LIST(type)));
    if (entryPerInput) {
      held =
          context.getMapState(
              new MapStateDescriptor<>(name + "-inputs", Types.TUPLE(Types.LONG, Types.INT), type));
      heldAt =
          context.getMapState(new MapStateDescriptor<>(name + "-counts", Types.LONG, Types.INT));
    }
  }

  /**
   * Holds {@code input} until the watermark passes {@code eventTime}; false when it is already past
   * (the caller applies the input at once).
   */
  public boolean hold(T input, long eventTime, TimerService timers) throws Exception {
    if (eventTime <= timers.currentWatermark()) {
      return false;
    }
    if (entryPerInput) {
      Integer count = heldAt.get(eventTime);
      int arrival = count == null ? 0 : count;
      held.put(Tuple2.of(eventTime, arrival), input);
      heldAt.put(eventTime, arrival + 1);
    } else {
      List<T> at = heldAsLists.get(eventTime);
      List<T> next = at == null ? new ArrayList<>(1) : new ArrayList<>(at);
      next.add(input);
      heldAsLists.put(eventTime, next);
    }
    timers.registerEventTimeTimer(eventTime);
    return true;
  }

  /** The inputs held for {@code timestamp}, in tie order, and forgets them; empty when none. */
  public List<T> release(long timestamp) throws Exception {
    List<T> asList = heldAsLists.get(timestamp);
    Integer count = entryPerInput ? heldAt.get(timestamp) : null;
    if (count == null && asList == null) {
      return List.of();
    }
    List<T> ordered =
        new ArrayList<>((count == null ? 0 : count) + (asList == null ? 0 : asList.size()));
    if (count != null) {
      for (int arrival = 0; arrival < count; arrival++) {
        Tuple2<Long, Integer> key = Tuple2.of(timestamp, arrival);
        ordered.add(held.get(key));
        held.remove(key);
      }
      heldAt.remove(timestamp);
    }
    if (asList != null) {
      ordered.addAll(asList);
      heldAsLists.remove(timestamp);
    }
    ordered.sort(ties);
    return ordered;
  }

  /** Whether any input is held. */
  public boolean isEmpty() throws Exception {
    return heldAsLists.isEmpty() && (!entryPerInput || heldAt.isEmpty());
  }

  public void clear() {
    heldAsLists.clear();
    if (entryPerInput) {
      held.clear();
      heldAt.clear();
    }
  }
}
