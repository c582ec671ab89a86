package io.carteira.jobs.support;

import io.carteira.embedded.generator.GeneratedEvent;
import io.carteira.embedded.generator.GeneratedEvent.Topic;
import io.carteira.schemas.PaymentEvent;
import io.carteira.schemas.PaymentEventType;
import io.carteira.schemas.PaymentMethod;
import io.carteira.schemas.SubscriptionEvent;
import io.carteira.schemas.SubscriptionEventType;
import io.carteira.schemas.UsageEvent;
import io.carteira.schemas.UsageEventType;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Hand-written customer stories, read as timelines: "on day 3 at 10:00 the invoice is paid". */
public final class Timeline {

  public static final ZoneId ZONE = ZoneId.of("America/Sao_Paulo");

  private final LocalDate day0;
  private final List<GeneratedEvent> events = new ArrayList<>();
  private int seq;

  public Timeline(LocalDate day0) {
    this.day0 = day0;
  }

  public List<GeneratedEvent> events() {
    return events;
  }

  public Instant at(int day, int hour) {
    return day0.plusDays(day).atTime(LocalTime.of(hour, 0)).atZone(ZONE).toInstant();
  }

  public LocalDate date(int day) {
    return day0.plusDays(day);
  }

  public Customer customer(String id) {
    return new Customer(id);
  }

  /** One hand-made customer. */
  public final class Customer {
    private final String id;

    Customer(String id) {
      this.id = id;
    }

    public String id() {
      return id;
    }

    public Customer starts(int day, String plan, long mrrMinor) {
      return subscription(
          day,
          SubscriptionEventType.STARTED,
          b ->
              b.setPlanId(plan)
                  .setMrrMinor(mrrMinor)
                  .setContractEndDate(date(day).plusYears(1))
                  .setCustomerName("Hand " + id)
                  .setAttributes(Map.of("account_owner", "owner@carteira.example")));
    }

    public Customer profileOnly(int day) {
      return subscription(
          day, SubscriptionEventType.PROFILE_UPDATED, b -> b.setCustomerName("Prospect " + id));
    }

    public Customer cancels(int day) {
      return subscription(
          day,
          SubscriptionEventType.CANCELLED,
          b -> b.setMrrMinor(0L).setCancelReason("preço alto"));
    }

    public Customer invoice(int day, String invoiceId, long amountMinor, int dueDay) {
      return payment(
          day,
          PaymentEventType.INVOICE_ISSUED,
          b ->
              b.setInvoiceId(invoiceId)
                  .setAmountMinor(amountMinor)
                  .setDueDate(date(dueDay))
                  .setMethod(PaymentMethod.BOLETO));
    }

    public Customer pays(int day, String invoiceId, long amountMinor) {
      return payment(
          day,
          PaymentEventType.PAYMENT_SUCCEEDED,
          b ->
              b.setInvoiceId(invoiceId)
                  .setAmountMinor(amountMinor)
                  .setMethod(PaymentMethod.BOLETO));
    }

    public Customer logsIn(int day) {
      return usage(day, UsageEventType.LOGIN, b -> b.setUserId("u1"));
    }

    public Customer payment(int day, PaymentEventType type, Consumer<PaymentEvent.Builder> fill) {
      Instant when = at(day, 10).plusSeconds(seq);
      PaymentEvent.Builder b =
          PaymentEvent.newBuilder()
              .setEventId(id + "-e" + (++seq))
              .setCustomerId(id)
              .setEventTime(when)
              .setEventType(type)
              .setCurrency("BRL");
      fill.accept(b);
      events.add(new GeneratedEvent(Topic.PAYMENTS, id, when, b.build()));
      return this;
    }

    public Customer usage(int day, UsageEventType type, Consumer<UsageEvent.Builder> fill) {
      Instant when = at(day, 10).plusSeconds(seq);
      UsageEvent.Builder b =
          UsageEvent.newBuilder()
              .setEventId(id + "-e" + (++seq))
              .setCustomerId(id)
              .setEventTime(when)
              .setEventType(type);
      fill.accept(b);
      events.add(new GeneratedEvent(Topic.USAGE, id, when, b.build()));
      return this;
    }

    public Customer subscription(
        int day, SubscriptionEventType type, Consumer<SubscriptionEvent.Builder> fill) {
      Instant when = at(day, 10).plusSeconds(seq);
      SubscriptionEvent.Builder b =
          SubscriptionEvent.newBuilder()
              .setEventId(id + "-e" + (++seq))
              .setCustomerId(id)
              .setEventTime(when)
              .setEventType(type)
              .setCurrency("BRL")
              .setSubscriptionId("sub-" + id);
      fill.accept(b);
      events.add(new GeneratedEvent(Topic.SUBSCRIPTIONS, id, when, b.build()));
      return this;
    }

    /** The last event of this customer, once more, with the same event id. */
    public Customer repeatsLastEvent() {
      for (int i = events.size() - 1; i >= 0; i--) {
        if (events.get(i).customerId().equals(id)) {
          events.add(events.get(i));
          return this;
        }
      }
      throw new IllegalStateException("no event of " + id + " yet");
    }
  }
}
