package io.carteira.operators.support;

import io.carteira.schemas.CustomerEvent;
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
import java.util.Map;

/** Named instants and event builders for operator tests: a fixed calendar, no wall clock. */
public final class Events {

  public static final ZoneId ZONE = ZoneId.of("America/Sao_Paulo");
  public static final LocalDate DAY_0 = LocalDate.of(2026, 3, 2);
  public static final String CUSTOMER = "cus-1";

  private static int seq;

  private Events() {}

  public static LocalDate day(int n) {
    return DAY_0.plusDays(n);
  }

  public static Instant at(int day, int hour) {
    return day(day).atTime(LocalTime.of(hour, 0)).atZone(ZONE).toInstant();
  }

  /** Midnight at the start of day {@code n}, in the business's zone. */
  public static Instant midnight(int day) {
    return day(day).atStartOfDay(ZONE).toInstant();
  }

  public static CustomerEvent started(Instant when, String plan, long mrrMinor) {
    return subscription(
        when,
        SubscriptionEventType.STARTED,
        b ->
            b.setPlanId(plan)
                .setMrrMinor(mrrMinor)
                .setContractEndDate(LocalDate.ofInstant(when, ZONE).plusYears(1))
                .setAttributes(Map.of("account_owner", "ana")));
  }

  public static CustomerEvent subscription(
      Instant when,
      SubscriptionEventType type,
      java.util.function.Consumer<SubscriptionEvent.Builder> fill) {
    SubscriptionEvent.Builder b =
        SubscriptionEvent.newBuilder()
            .setEventId(nextId())
            .setCustomerId(CUSTOMER)
            .setEventTime(when)
            .setEventType(type)
            .setCurrency("BRL");
    fill.accept(b);
    SubscriptionEvent event = b.build();
    return envelope(event.getEventId(), when, "subscriptions").setSubscription(event).build();
  }

  public static CustomerEvent invoice(
      Instant when, String invoiceId, long amountMinor, LocalDate due) {
    return payment(
        when,
        PaymentEventType.INVOICE_ISSUED,
        b ->
            b.setInvoiceId(invoiceId)
                .setAmountMinor(amountMinor)
                .setDueDate(due)
                .setMethod(PaymentMethod.BOLETO));
  }

  public static CustomerEvent paid(Instant when, String invoiceId, long amountMinor) {
    return payment(
        when,
        PaymentEventType.PAYMENT_SUCCEEDED,
        b -> b.setInvoiceId(invoiceId).setAmountMinor(amountMinor));
  }

  public static CustomerEvent failed(Instant when, String invoiceId, String code) {
    return payment(
        when,
        PaymentEventType.PAYMENT_FAILED,
        b -> b.setInvoiceId(invoiceId).setFailureCode(code).setAttempt(1));
  }

  public static CustomerEvent payment(
      Instant when, PaymentEventType type, java.util.function.Consumer<PaymentEvent.Builder> fill) {
    PaymentEvent.Builder b =
        PaymentEvent.newBuilder()
            .setEventId(nextId())
            .setCustomerId(CUSTOMER)
            .setEventTime(when)
            .setEventType(type)
            .setCurrency("BRL");
    fill.accept(b);
    PaymentEvent event = b.build();
    return envelope(event.getEventId(), when, "payments").setPayment(event).build();
  }

  public static CustomerEvent seats(Instant when, long seats) {
    UsageEvent event =
        UsageEvent.newBuilder()
            .setEventId(nextId())
            .setCustomerId(CUSTOMER)
            .setEventTime(when)
            .setEventType(UsageEventType.SEATS_CHANGED)
            .setQuantity(seats)
            .build();
    return envelope(event.getEventId(), when, "usage").setUsage(event).build();
  }

  public static CustomerEvent startedWithContract(
      Instant when, String plan, long mrrMinor, LocalDate contractEnd, long planLimit) {
    return subscription(
        when,
        SubscriptionEventType.STARTED,
        b ->
            b.setPlanId(plan)
                .setMrrMinor(mrrMinor)
                .setContractEndDate(contractEnd)
                .setPlanLimit(planLimit));
  }

  public static CustomerEvent usage(
      Instant when, UsageEventType type, java.util.function.Consumer<UsageEvent.Builder> fill) {
    UsageEvent.Builder b =
        UsageEvent.newBuilder()
            .setEventId(nextId())
            .setCustomerId(CUSTOMER)
            .setEventTime(when)
            .setEventType(type);
    fill.accept(b);
    UsageEvent event = b.build();
    return envelope(event.getEventId(), when, "usage").setUsage(event).build();
  }

  public static CustomerEvent login(Instant when) {
    UsageEvent event =
        UsageEvent.newBuilder()
            .setEventId(nextId())
            .setCustomerId(CUSTOMER)
            .setEventTime(when)
            .setEventType(UsageEventType.LOGIN)
            .setUserId("u1")
            .build();
    return envelope(event.getEventId(), when, "usage").setUsage(event).build();
  }

  private static CustomerEvent.Builder envelope(String id, Instant when, String topic) {
    return CustomerEvent.newBuilder()
        .setEventId(id)
        .setCustomerId(CUSTOMER)
        .setEventTime(when)
        .setSourceTopic(topic)
        .setSourcePartition(0)
        .setSourceOffset(seq);
  }

  private static String nextId() {
    return "e" + (++seq);
  }
}
