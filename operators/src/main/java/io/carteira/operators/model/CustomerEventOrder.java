package io.carteira.operators.model;

import io.carteira.schemas.CustomerEvent;
import java.io.Serializable;
import java.util.Comparator;

/** The order in which one customer's events of the same instant are applied. */
public final class CustomerEventOrder {

  private CustomerEventOrder() {}

  /**
   * Events of one customer at the same instant: subscription changes first (a start comes before
   * the first invoice of that instant), then payments, then usage; within a topic as they were
   * written (a customer's events of one topic share a partition, so by offset); then by {@code
   * event_id}.
   */
  public static final Comparator<CustomerEvent> SAME_INSTANT =
      (Comparator<CustomerEvent> & Serializable)
          (a, b) -> {
            int byTopic = Integer.compare(topicOrder(a), topicOrder(b));
            if (byTopic != 0) {
              return byTopic;
            }
            int byOffset = Long.compare(a.getSourceOffset(), b.getSourceOffset());
            return byOffset != 0 ? byOffset : a.getEventId().compareTo(b.getEventId());
          };

  private static int topicOrder(CustomerEvent event) {
    return event.getSubscription() != null ? 0 : event.getPayment() != null ? 1 : 2;
  }
}
