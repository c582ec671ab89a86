package io.carteira.operators.customer;

import io.carteira.operators.ingest.CustomerEventCodec;
import io.carteira.operators.ingest.EncodedEvent;
import io.carteira.operators.ingest.EncodedEventTypeInfo;
import io.carteira.operators.model.CustomerEventOrder;
import io.carteira.operators.time.EventTimeOrder;
import io.carteira.schemas.CustomerEvent;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.TimerService;

/**
 * A customer's events waiting for the watermark ({@link EventTimeOrder}), held as they arrive:
 * encoded. Each is decoded once, when released, and the events of one instant are then put in
 * {@link CustomerEventOrder#SAME_INSTANT} order.
 *
 * <p>Builds before held events decoded, as Avro records, under {@code events-in-event-time-order}:
 * what a savepoint of theirs holds there is released with the rest; nothing is added to it.
 */
final class HeldCustomerEvents implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Inputs of one instant as they arrived ({@link List#sort} is stable); ordered once decoded. */
  private static final Comparator<EncodedEvent> ARRIVAL =
      (Comparator<EncodedEvent> & Serializable) (a, b) -> 0;

  private final EventTimeOrder<EncodedEvent> encoded =
      new EventTimeOrder<>(
          "encoded-events-in-event-time-order", EncodedEventTypeInfo.INSTANCE, ARRIVAL);

  private final EventTimeOrder<CustomerEvent> decodedBefore =
      new EventTimeOrder<>(
          "events-in-event-time-order",
          new AvroTypeInfo<>(CustomerEvent.class),
          CustomerEventOrder.SAME_INSTANT);

  void open(RuntimeContext context) {
    encoded.open(context);
    decodedBefore.open(context);
  }

  /** Holds {@code event} for the watermark; false when the watermark is past it already. */
  boolean hold(EncodedEvent event, TimerService timers) throws Exception {
    return encoded.hold(event, event.eventTime(), timers);
  }

  /** The events held for {@code timestamp}, decoded and in order; forgets them. */
  List<CustomerEvent> release(long timestamp, CustomerEventCodec codec) throws Exception {
    List<EncodedEvent> held = encoded.release(timestamp);
    List<CustomerEvent> due = decodedBefore.release(timestamp);
    if (held.isEmpty()) {
      return due;
    }
    if (due.isEmpty() && held.size() == 1) {
      return List.of(codec.decode(held.get(0)));
    }
    List<CustomerEvent> ordered = new ArrayList<>(due);
    for (EncodedEvent event : held) {
      ordered.add(codec.decode(event));
    }
    ordered.sort(CustomerEventOrder.SAME_INSTANT);
    return ordered;
  }
}
