package io.carteira.operators.metrics;

import io.carteira.operators.model.InvoiceBook;
import io.carteira.schemas.CustomerState;
import io.carteira.schemas.MrrMovement;
import io.carteira.schemas.MrrMovementKind;
import io.carteira.schemas.OpenInvoice;
import io.carteira.schemas.PaymentAttempt;
import io.carteira.schemas.PaymentBehaviour;
import io.carteira.schemas.PaymentEvent;
import io.carteira.schemas.PaymentEventType;
import io.carteira.schemas.PortfolioFact;
import io.carteira.schemas.ReceivableChange;
import io.carteira.schemas.SubscriptionEvent;
import io.carteira.schemas.SubscriptionEventType;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;

/**
 * What one customer event adds to the portfolio metrics, read off the customer's state before and
 * after the event: an MRR movement (with the acquisition cost of a new customer), a change of open
 * receivables (an invoice opened, part paid, paid off, and whether that paid off a past-due
 * invoice: a recovery), a payment attempt with its method and decline code, a refund. Plain Java,
 * free of Flink.
 */
public final class PortfolioFacts {

  /** The failure code of a failed attempt that states none. */
  public static final String UNKNOWN_FAILURE = "unknown";

  private final ZoneId zone;

  public PortfolioFacts(ZoneId zone) {
    this.zone = zone;
  }

  /**
   * The open invoices before a payment event is applied, copied (folding the event changes them in
   * place).
   */
  public static Map<String, OpenInvoice> openInvoices(CustomerState state) {
    Map<String, OpenInvoice> open = new HashMap<>();
    for (OpenInvoice invoice : state.getOpenInvoices()) {
      open.put(invoice.getInvoiceId(), OpenInvoice.newBuilder(invoice).build());
    }
    return open;
  }

  /**
   * The fact of a subscription event that moved MRR, counted in the customer's acquisition channel
   * (pinned by then, {@link PortfolioSegments}); null when it did not move MRR.
   */
  public static PortfolioFact ofSubscription(
      SubscriptionEvent event, MrrMovement movement, String acquisitionChannel) {
    if (movement == null) {
      return null;
    }
    return PortfolioFact.newBuilder()
        .setCustomerId(movement.getCustomerId())
        .setEventId(movement.getEventId())
        .setEventTime(movement.getEventTime())
        .setCurrency(movement.getCurrency())
        .setMrrMovement(movement)
        .setSegments(Map.of(PortfolioSegments.ACQUISITION_CHANNEL, acquisitionChannel))
        .setAcquisitionCostMinor(
            event.getEventType() == SubscriptionEventType.STARTED
                    && movement.getMovement() == MrrMovementKind.NEW
                ? event.getAcquisitionCostMinor()
                : null)
        .build();
  }

  /**
   * The fact of a payment event, from the open invoices before it ({@link #openInvoices}), the
   * state after it and the customer's payment behaviour before it; null when it changes nothing the
   * metrics count. It counts in the payment behaviour its invoice was issued under (a new invoice,
   * in the state after the event, is marked with {@code behaviour}), else in {@code behaviour}.
   */
  public PortfolioFact ofPayment(
      PaymentEvent payment,
      Map<String, OpenInvoice> openBefore,
      CustomerState after,
      PaymentBehaviour behaviour) {
    PortfolioFact.Builder fact =
        PortfolioFact.newBuilder()
            .setCustomerId(payment.getCustomerId())
            .setEventId(payment.getEventId())
            .setEventTime(payment.getEventTime())
            .setCurrency(payment.getCurrency());
    OpenInvoice before =
        payment.getInvoiceId() == null ? null : openBefore.get(payment.getInvoiceId());
    OpenInvoice now =
        payment.getInvoiceId() == null ? null : InvoiceBook.findOpen(after, payment.getInvoiceId());
    boolean counts = false;
    switch (payment.getEventType()) {
      case INVOICE_ISSUED -> {
        if (before == null && now != null) {
          now.setPaymentBehaviour(behaviour);
          fact.setCurrency(now.getCurrency());
          fact.setReceivable(
              new ReceivableChange(
                  now.getInvoiceId(), dueDate(now), now.getAmountMinor(), 1, null));
          counts = true;
        }
      }
      case PAYMENT_SUCCEEDED, PAYMENT_FAILED -> {
        boolean failed = payment.getEventType() == PaymentEventType.PAYMENT_FAILED;
        String method =
            payment.getMethod() != null
                ? payment.getMethod().name()
                : before != null && before.getMethod() != null
                    ? before.getMethod().name()
                    : "OTHER";
        String code =
            !failed
                ? null
                : payment.getFailureCode() == null || payment.getFailureCode().isBlank()
                    ? UNKNOWN_FAILURE
                    : payment.getFailureCode();
        fact.setPaymentAttempt(new PaymentAttempt(method, code));
        counts = true;
        if (!failed && before != null) {
          fact.setCurrency(before.getCurrency());
          long left = now == null ? 0 : now.getAmountMinor();
          Integer daysPastDue = null;
          if (now == null) {
            long late =
                ChronoUnit.DAYS.between(
                    dueDate(before), payment.getEventTime().atZone(zone).toLocalDate());
            daysPastDue = late > 0 ? (int) late : null;
          }
          fact.setReceivable(
              new ReceivableChange(
                  before.getInvoiceId(),
                  dueDate(before),
                  left - before.getAmountMinor(),
                  now == null ? -1 : 0,
                  daysPastDue));
        }
      }
      case REFUNDED, CHARGEBACK -> {
        fact.setRefundMinor(payment.getAmountMinor() == null ? 0L : payment.getAmountMinor());
        counts = true;
      }
      default -> {}
    }
    if (!counts) {
      return null;
    }
    PaymentBehaviour segment =
        before != null && before.getPaymentBehaviour() != null
            ? before.getPaymentBehaviour()
            : behaviour;
    return fact.setSegments(Map.of(PortfolioSegments.PAYMENT_BEHAVIOUR, segment.name())).build();
  }

  /** An invoice's due date; its issue date when it states none (due on receipt). */
  private LocalDate dueDate(OpenInvoice invoice) {
    return invoice.getDueDate() != null
        ? invoice.getDueDate()
        : invoice.getIssuedAt().atZone(zone).toLocalDate();
  }
}
