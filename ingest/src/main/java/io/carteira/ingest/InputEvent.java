package io.carteira.ingest;

import io.carteira.schemas.PaymentEvent;
import io.carteira.schemas.SubscriptionEvent;
import io.carteira.schemas.UsageEvent;
import java.time.Instant;
import org.apache.avro.specific.SpecificRecord;

/**
 * One Carteira input event a delivery maps to, with what producing it needs: the topic it goes to,
 * the customer it is keyed by, its id (what the job deduplicates on) and its event time.
 */
public record InputEvent(
    Topic topic, String customerId, String eventId, Instant eventTime, SpecificRecord record) {

  /** Carteira's three input topics, by role; their names are settings. */
  public enum Topic {
    PAYMENTS,
    USAGE,
    SUBSCRIPTIONS
  }

  public static InputEvent of(PaymentEvent event) {
    return new InputEvent(
        Topic.PAYMENTS, event.getCustomerId(), event.getEventId(), event.getEventTime(), event);
  }

  public static InputEvent of(SubscriptionEvent event) {
    return new InputEvent(
        Topic.SUBSCRIPTIONS,
        event.getCustomerId(),
        event.getEventId(),
        event.getEventTime(),
        event);
  }

  public static InputEvent of(UsageEvent event) {
    return new InputEvent(
        Topic.USAGE, event.getCustomerId(), event.getEventId(), event.getEventTime(), event);
  }

  /** The Carteira event type, e.g. {@code INVOICE_ISSUED}, for metrics and logs. */
  public String type() {
    if (record instanceof PaymentEvent p) {
      return p.getEventType().name();
    }
    if (record instanceof SubscriptionEvent s) {
      return s.getEventType().name();
    }
    return ((UsageEvent) record).getEventType().name();
  }
}
