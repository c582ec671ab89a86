package io.carteira.operators.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventTimeOrderTest {

  /**
   * Holds (event time, input) pairs of one key; emits "time input" on release, "late input" when
   * handed back.
   */
  static final class Ordered extends KeyedProcessFunction<String, Tuple2<Long, String>, String> {
    private final EventTimeOrder<String> order;
    private transient MapState<Long, List<String>> beforeLayout;
    private boolean emptyAfterLastRelease;

    Ordered(boolean manyPerInstant) {
      order =
          manyPerInstant
              ? EventTimeOrder.manyPerInstant("held", Types.STRING, Comparator.naturalOrder())
              : new EventTimeOrder<>("held", Types.STRING, Comparator.naturalOrder());
    }

    @Override
    public void open(OpenContext openContext) {
      order.open(getRuntimeContext());
      beforeLayout =
          getRuntimeContext()
              .getMapState(new MapStateDescriptor<>("held", Types.LONG, Types.LIST(Types.STRING)));
    }

    @Override
    public void processElement(Tuple2<Long, String> in, Context ctx, Collector<String> out)
        throws Exception {
      if (in.f1.startsWith(
          "saved:")) { // what a savepoint from before held: lists under the state's name
        List<String> list =
            beforeLayout.contains(in.f0)
                ? new ArrayList<>(beforeLayout.get(in.f0))
                : new ArrayList<>();
        list.add(in.f1);
        beforeLayout.put(in.f0, list);
        ctx.timerService().registerEventTimeTimer(in.f0);
      } else if (!order.hold(in.f1, in.f0, ctx.timerService())) {
        out.collect("late " + in.f1);
      }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<String> out)
        throws Exception {
      for (String input : order.release(timestamp)) {
        out.collect(timestamp + " " + input);
      }
      emptyAfterLastRelease = order.isEmpty();
    }
  }

  private static KeyedOneInputStreamOperatorTestHarness<String, Tuple2<Long, String>, String>
      harness(Ordered function) throws Exception {
    var harness =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(function), in -> "customer", Types.STRING);
    harness.open();
    return harness;
  }

  private static List<String> outputs(
      KeyedOneInputStreamOperatorTestHarness<String, Tuple2<Long, String>, String> harness) {
    List<String> values = new ArrayList<>();
    harness.extractOutputValues().forEach(values::add);
    harness.getOutput().clear();
    return values;
  }

  @ParameterizedTest(name = "many per instant: {0}")
  @ValueSource(booleans = {false, true})
  void manyInputsAtOneInstant_areHeldUntilTheWatermarkPasses_thenReleasedInTieOrder(
      boolean manyPerInstant) throws Exception {
    var harness = harness(new Ordered(manyPerInstant));
    List<String> atOneInstant =
        IntStream.range(0, 2_000).mapToObj(i -> String.format("c%04d", i)).toList();
    for (int i = atOneInstant.size() - 1;
        i >= 0;
        i--) { // arrival order: the reverse of the tie order
      harness.processElement(Tuple2.of(2_000L, atOneInstant.get(i)), 0);
    }
    harness.processElement(Tuple2.of(1_000L, "b"), 0);
    harness.processElement(Tuple2.of(1_000L, "a"), 0);
    harness.processWatermark(999);
    assertThat(outputs(harness)).as("nothing before the watermark passes").isEmpty();

    harness.processWatermark(1_000);
    assertThat(outputs(harness)).containsExactly("1000 a", "1000 b");

    harness.processWatermark(2_000);
    assertThat(outputs(harness))
        .containsExactlyElementsOf(atOneInstant.stream().map(c -> "2000 " + c).toList());

    harness.processWatermark(5_000);
    assertThat(outputs(harness)).as("each input released once").isEmpty();
    harness.close();
  }

  @ParameterizedTest(name = "many per instant: {0}")
  @ValueSource(booleans = {false, true})
  void anInputAtOrBeforeTheWatermark_isHandedBack(boolean manyPerInstant) throws Exception {
    var harness = harness(new Ordered(manyPerInstant));
    harness.processWatermark(1_000);
    harness.processElement(Tuple2.of(1_000L, "at"), 0);
    harness.processElement(Tuple2.of(1_001L, "after"), 0);
    assertThat(outputs(harness)).containsExactly("late at");
    harness.processWatermark(1_001);
    assertThat(outputs(harness)).containsExactly("1001 after");
    harness.close();
  }

  @Test
  void anEntryPerInput_releasesTheListsHeldBySavepointsFromBefore_withNewInputsAtTheirInstant()
      throws Exception {
    Ordered function = new Ordered(true);
    var harness = harness(function);
    harness.processElement(Tuple2.of(3_000L, "saved:y"), 0);
    harness.processElement(Tuple2.of(3_000L, "saved:b"), 0);
    harness.processElement(Tuple2.of(3_000L, "new:m"), 0);
    harness.processElement(Tuple2.of(4_000L, "saved:only"), 0);
    harness.processWatermark(3_000);
    assertThat(outputs(harness)).containsExactly("3000 new:m", "3000 saved:b", "3000 saved:y");
    harness.processWatermark(4_000);
    assertThat(outputs(harness)).containsExactly("4000 saved:only");
    assertThat(function.emptyAfterLastRelease)
        .as("nothing held once the last instant is released")
        .isTrue();
    harness.close();
  }
}
