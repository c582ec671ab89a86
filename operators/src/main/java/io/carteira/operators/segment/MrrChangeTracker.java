package io.carteira.operators.segment;

import io.carteira.operators.customer.CustomerLedger;
import io.carteira.schemas.CustomerEvent;
import io.carteira.schemas.MrrChange;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Passes every event on and reports, on a side output, each change of a customer's MRR, so the
 * portfolio-wide ranking can place value-tier thresholds. Reads its state only for subscription
 * events; one long per customer.
 */
public class MrrChangeTracker extends KeyedProcessFunction<String, CustomerEvent, CustomerEvent> {

  public static final OutputTag<MrrChange> MRR_CHANGES = new OutputTag<>("mrr-changes") {};

  private transient ValueState<Long> mrr;

  @Override
  public void open(OpenContext openContext) {
    mrr = getRuntimeContext().getState(new ValueStateDescriptor<>("mrr", Types.LONG));
  }

  @Override
  public void processElement(CustomerEvent event, Context ctx, Collector<CustomerEvent> out) throws Exception {
    if (event.getSubscription() != null) {
      Long stored = mrr.value();
      long previous = stored == null ? 0L : stored;
      long next = CustomerLedger.mrrAfter(previous, event.getSubscription());
      if (next != previous) {
        if (next == 0) {
          mrr.clear();
        } else {
          mrr.update(next);
        }
        ctx.output(MRR_CHANGES, new MrrChange(event.getCustomerId(), previous, next, event.getEventTime()));
      }
    }
    out.collect(event);
  }
}
