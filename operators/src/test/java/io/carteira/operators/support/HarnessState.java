package io.carteira.operators.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.util.OutputTag;

/**
 * What a keyed operator in a test harness holds and has emitted, for housekeeping and
 * snapshot/restore tests of any harness kind (the keyed broadcast harness has no {@code
 * numKeyedStateEntries} of its own).
 */
public final class HarnessState {

  private HarnessState() {}

  /**
   * Keyed state entries on the heap backend, over every key: one per key and state that holds a
   * value (a map state's entry is gone once its last mapping is removed, a list state's once it is
   * cleared).
   */
  public static int keyedStateEntries(AbstractStreamOperatorTestHarness<?> harness) {
    AbstractStreamOperator<?> operator = harness.getOperator();
    return ((HeapKeyedStateBackend<?>) operator.getKeyedStateBackend()).numKeyValueStateEntries();
  }

  /**
   * Moves the records emitted so far into {@code sink}, as {@code @timestamp value} lines under the
   * name of their output ({@code main}, or the side output's id) and their key, and forgets them in
   * the harness: what a run emitted, gathered across cut points, in order per output and key.
   * (Flink orders the timers of different keys at one instant as its timer queue holds them, which
   * a restore may change; within a key the order is the function's.)
   */
  public static void drainInto(
      Map<String, List<String>> sink,
      AbstractStreamOperatorTestHarness<?> harness,
      Function<Object, String> keyOf,
      OutputTag<?>... sideOutputs) {
    for (Object o : harness.getOutput()) {
      if (o instanceof StreamRecord<?> r) {
        add(sink, "main", keyOf, r);
      }
    }
    harness.getOutput().clear();
    for (OutputTag<?> tag : sideOutputs) {
      Queue<? extends StreamRecord<?>> queue = harness.getSideOutput(tag);
      if (queue != null) {
        queue.forEach(r -> add(sink, tag.getId(), keyOf, r));
        queue.clear();
      }
    }
  }

  /** The {@code customer_id} of an Avro record: the key of the per-customer operators. */
  public static String customerOf(Object record) {
    return String.valueOf(((SpecificRecordBase) record).get("customer_id"));
  }

  private static void add(
      Map<String, List<String>> sink,
      String output,
      Function<Object, String> keyOf,
      StreamRecord<?> record) {
    sink.computeIfAbsent(output + " " + keyOf.apply(record.getValue()), k -> new ArrayList<>())
        .add(line(record));
  }

  private static String line(StreamRecord<?> record) {
    return "@" + record.getTimestamp() + " " + record.getValue();
  }
}
