package io.carteira.embedded.generator;

import static io.carteira.embedded.generator.PortfolioGenerator.paymentReference;

import io.carteira.embedded.generator.CustomerProfile.Plan;
import io.carteira.embedded.generator.SimulatedCustomer.Invoice;
import io.carteira.schemas.PaymentEventType;
import io.carteira.schemas.PaymentMethod;
import io.carteira.schemas.SubscriptionEventType;
import io.carteira.schemas.UsageEventType;
import java.time.Instant;
import java.time.LocalDate;
import java.util.SplittableRandom;

/**
 * The events of {@link LiveFeed}: what a simulated customer does now, stamped with the instant
 * given, with ids of their own ({@code <customer>-live-<n>}), and the customer's state (plan,
 * tickets) kept as {@link SimulatedCustomer} keeps it.
 */
final class LiveEvents {

  private final SplittableRandom r;
  private long sequence;

  LiveEvents(SplittableRandom r) {
    this.r = r;
  }

  private String id(SimulatedCustomer c) {
    return c.profile.customerId() + "-live-" + (sequence++);
  }

  GeneratedEvent usage(SimulatedCustomer c, UsageEventType type, Instant now) {
    String user = "u" + (1 + r.nextInt(c.profile.seats()));
    String feature = SimulatedCustomer.FEATURE[r.nextInt(SimulatedCustomer.FEATURE.length)];
    long quantity = 1 + r.nextInt(20);
    return CustomerEvents.usage(
        c.profile.customerId(),
        id(c),
        now,
        type,
        b -> {
          b.setUserId(user);
          if (type == UsageEventType.FEATURE_USED) {
            b.setFeature(feature).setQuantity(quantity);
          }
        });
  }

  GeneratedEvent ticketOpened(SimulatedCustomer c, String subject, Instant now) {
    c.openTickets++;
    String ticket = c.profile.customerId() + "-t" + (++c.ticketSeq);
    return CustomerEvents.usage(
        c.profile.customerId(),
        id(c),
        now,
        UsageEventType.SUPPORT_TICKET_OPENED,
        b -> b.setTicketId(ticket).setFeature(subject));
  }

  GeneratedEvent ticketClosed(SimulatedCustomer c, Instant now) {
    c.openTickets--;
    String ticket = c.profile.customerId() + "-t" + (c.ticketSeq - c.openTickets);
    return CustomerEvents.usage(
        c.profile.customerId(),
        id(c),
        now,
        UsageEventType.SUPPORT_TICKET_CLOSED,
        b -> b.setTicketId(ticket));
  }

  GeneratedEvent planChanged(SimulatedCustomer c, Plan plan, Instant now) {
    c.plan = plan;
    return CustomerEvents.subscription(
        c.profile.customerId(),
        id(c),
        now,
        SubscriptionEventType.PLAN_CHANGED,
        b -> b.setPlanId(plan.id).setMrrMinor(plan.mrrMinor).setPlanLimit(plan.seatLimit));
  }

  GeneratedEvent cancellationRequested(SimulatedCustomer c, Instant now) {
    String reason =
        SimulatedCustomer.CANCEL_REASON[r.nextInt(SimulatedCustomer.CANCEL_REASON.length)];
    return CustomerEvents.subscription(
        c.profile.customerId(),
        id(c),
        now,
        SubscriptionEventType.CANCELLATION_REQUESTED,
        b -> b.setCancelReason(reason));
  }

  GeneratedEvent cancelled(SimulatedCustomer c, Instant now) {
    return CustomerEvents.subscription(
        c.profile.customerId(),
        id(c),
        now,
        SubscriptionEventType.CANCELLED,
        b -> b.setCancelReason("pedido do cliente").setMrrMinor(0L));
  }

  GeneratedEvent invoiceIssued(SimulatedCustomer c, Invoice invoice, LocalDate due, Instant now) {
    PaymentMethod method = c.profile.method();
    String reference = paymentReference(method, invoice.id, invoice.amount);
    return CustomerEvents.payment(
        c.profile.customerId(),
        id(c),
        now,
        PaymentEventType.INVOICE_ISSUED,
        b ->
            b.setInvoiceId(invoice.id)
                .setAmountMinor(invoice.amount)
                .setDueDate(due)
                .setMethod(method)
                .setPaymentReference(reference));
  }

  GeneratedEvent declined(SimulatedCustomer c, Invoice invoice, String code, Instant now) {
    int attempt = ++invoice.attempts;
    return CustomerEvents.payment(
        c.profile.customerId(),
        id(c),
        now,
        PaymentEventType.PAYMENT_FAILED,
        b ->
            b.setInvoiceId(invoice.id)
                .setAmountMinor(invoice.amount)
                .setMethod(PaymentMethod.CARD)
                .setFailureCode(code)
                .setAttempt(attempt));
  }

  GeneratedEvent cardUpdated(SimulatedCustomer c, LocalDate today, Instant now) {
    LocalDate expires = today.plusYears(3).withDayOfMonth(1).minusDays(1);
    return CustomerEvents.payment(
        c.profile.customerId(),
        id(c),
        now,
        PaymentEventType.PAYMENT_METHOD_UPDATED,
        b -> b.setMethod(PaymentMethod.CARD).setCardExpiresOn(expires));
  }

  GeneratedEvent paid(SimulatedCustomer c, Invoice invoice, Instant now) {
    int attempt = invoice.attempts;
    return CustomerEvents.payment(
        c.profile.customerId(),
        id(c),
        now,
        PaymentEventType.PAYMENT_SUCCEEDED,
        b ->
            b.setInvoiceId(invoice.id)
                .setAmountMinor(invoice.amount)
                .setMethod(c.profile.method())
                .setAttempt(attempt));
  }
}
