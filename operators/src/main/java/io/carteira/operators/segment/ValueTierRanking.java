package io.carteira.operators.segment;

import io.carteira.schemas.ControlMessage;
import io.carteira.schemas.MrrChange;
import io.carteira.schemas.ValueTierThresholds;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The portfolio-wide MRR ranking: one key for the whole portfolio, holding how many customers pay
 * each MRR. Emits new value-tier thresholds whenever an MRR change moves them; they are broadcast
 * to every customer operator, so a tier is never decided from one customer alone.
 */
public class ValueTierRanking extends KeyedProcessFunction<String, MrrChange, ControlMessage> {

  /** The single key all MRR changes are routed to. */
  public static final String PORTFOLIO = "portfolio";

  private transient MapState<Long, Integer> customersByMrr;
  private transient ValueState<ValueTierThresholds> current;

  @Override
  public void open(OpenContext openContext) {
    customersByMrr = getRuntimeContext().getMapState(new MapStateDescriptor<>("customers-by-mrr", Types.LONG, Types.INT));
    current = getRuntimeContext().getState(new ValueStateDescriptor<>("thresholds", new AvroTypeInfo<>(ValueTierThresholds.class)));
  }

  @Override
  public void processElement(MrrChange change, Context ctx, Collector<ControlMessage> out) throws Exception {
    move(change.getPreviousMrrMinor(), -1);
    move(change.getMrrMinor(), +1);
    TreeMap<Long, Integer> distribution = new TreeMap<>();
    for (Map.Entry<Long, Integer> e : customersByMrr.entries()) {
      distribution.put(e.getKey(), e.getValue());
    }
    long[] t = ValueTiers.thresholds(distribution);
    ValueTierThresholds before = current.value();
    if (before == null || before.getKeyAccountFromMinor() != t[0] || before.getMidMarketFromMinor() != t[1]) {
      ValueTierThresholds thresholds = new ValueTierThresholds(t[0], t[1], (int) t[2], change.getEventTime());
      current.update(thresholds);
      out.collect(new ControlMessage(null, thresholds));
    } else if (before.getPayingCustomers() != (int) t[2]) {
      before.setPayingCustomers((int) t[2]);
      current.update(before);
    }
  }

  private void move(long mrr, int delta) throws Exception {
    if (mrr <= 0) {
      return;
    }
    Integer count = customersByMrr.get(mrr);
    int next = (count == null ? 0 : count) + delta;
    if (next <= 0) {
      customersByMrr.remove(mrr);
    } else {
      customersByMrr.put(mrr, next);
    }
  }
}
