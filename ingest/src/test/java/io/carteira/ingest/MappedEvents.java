package io.carteira.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.carteira.operators.ingest.EventValidator;
import io.carteira.schemas.CustomerEvent;
import io.carteira.schemas.PaymentEvent;
import io.carteira.schemas.SubscriptionEvent;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Reading a mapping's events in tests. Every event read here is also put through the job's own
 * input validation, keyed as the receiver keys it, so a mapping cannot produce what the job would
 * refuse.
 */
public final class MappedEvents {

  private MappedEvents() {}

  public static List<InputEvent> events(Mapping mapping) {
    assertThat(mapping).isInstanceOf(Mapping.Mapped.class);
    List<InputEvent> events = ((Mapping.Mapped) mapping).events();
    for (InputEvent event : events) {
      assertThat(
              EventValidator.check(
                  asCustomerEvent(event), event.customerId().getBytes(StandardCharsets.UTF_8)))
          .as("the job's validation of %s", event.record())
          .isNull();
    }
    return events;
  }

  public static PaymentEvent payment(Mapping mapping) {
    List<InputEvent> events = events(mapping);
    assertThat(events).hasSize(1);
    assertThat(events.get(0).topic()).isEqualTo(InputEvent.Topic.PAYMENTS);
    return (PaymentEvent) events.get(0).record();
  }

  public static SubscriptionEvent subscription(Mapping mapping) {
    List<InputEvent> events = events(mapping);
    assertThat(events).hasSize(1);
    assertThat(events.get(0).topic()).isEqualTo(InputEvent.Topic.SUBSCRIPTIONS);
    return (SubscriptionEvent) events.get(0).record();
  }

  public static CustomerEvent asCustomerEvent(InputEvent event) {
    CustomerEvent.Builder b =
        CustomerEvent.newBuilder()
            .setEventId(event.eventId())
            .setCustomerId(event.customerId())
            .setEventTime(event.eventTime())
            .setSourceTopic(event.topic().name().toLowerCase())
            .setSourcePartition(0)
            .setSourceOffset(0);
    if (event.record() instanceof PaymentEvent p) {
      b.setPayment(p);
    } else if (event.record() instanceof SubscriptionEvent s) {
      b.setSubscription(s);
    }
    return b.build();
  }
}
