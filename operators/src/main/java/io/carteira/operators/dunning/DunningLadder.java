package io.carteira.operators.dunning;

import io.carteira.operators.model.InvoiceBook;
import io.carteira.operators.policy.Policy;
import io.carteira.operators.time.Deadlines;
import io.carteira.schemas.DunningAction;
import io.carteira.schemas.DunningActionType;
import io.carteira.schemas.DunningBook;
import io.carteira.schemas.DunningEvent;
import io.carteira.schemas.DunningRecipient;
import io.carteira.schemas.InvoiceLadder;
import io.carteira.schemas.InvoiceRecovery;
import io.carteira.schemas.PaymentEvent;
import io.carteira.schemas.PaymentMethod;
import io.carteira.schemas.PendingNotice;
import io.carteira.schemas.SubscriptionEvent;
import io.carteira.schemas.SubscriptionEventType;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;

/**
 * The dunning ladder and the customer journeys of one customer, as plain Java over its {@link
 * DunningBook}: what an event changes, what is due by a given instant, and when the next thing
 * falls due. {@link DunningLadderFunction} runs it in Flink with event-time timers.
 *
 * <p>The rules:
 *
 * <ul>
 *   <li>Every invoice with a due date climbs its own ladder: a {@code PRE_DUE_REMINDER} (boleto and
 *       PIX with the payment reference; a card only when the card on file expires before the due
 *       date), then the overdue steps of {@link Policy.Dunning}, then the end of the ladder, which
 *       the customer operator reports as {@code DUNNING_EXHAUSTED}.
 *   <li>The ladder is read from the policy in force when a step falls due, so a policy change
 *       applies to the next step and never to steps already sent. No step falls due before its
 *       invoice was issued (event time): a ladder does not replay what happened before it existed.
 *   <li>A full payment takes the invoice off the ladder at once: nothing more is sent for it, not
 *       even a failure notice still waiting for the end of quiet hours. A payment read before its
 *       invoice is remembered, so that invoice never starts a ladder.
 *   <li>A failed payment sends its notices ({@link PaymentNotices}).
 * </ul>
 *
 * <p>The customer journeys ({@link CustomerJourneys}) run beside the ladders on the same book;
 * {@link DunningActions} builds what is sent.
 */
public final class DunningLadder implements Serializable {

  private final ZoneId zone;
  private final DunningSchedule schedule;
  private final DunningActions actions;
  private final CustomerJourneys journeys;
  private final PaymentNotices notices;

  /**
   * @param defaultLocale messages for customers without a supported locale of their own: {@code
   *     pt-BR} or {@code en}
   */
  public DunningLadder(ZoneId zone, String defaultLocale) {
    this.zone = zone;
    this.schedule = new DunningSchedule(zone);
    this.actions = new DunningActions(schedule, defaultLocale);
    this.journeys = new CustomerJourneys(schedule, actions);
    this.notices = new PaymentNotices(schedule);
  }

  public static DunningBook newBook(String customerId) {
    return DunningBook.newBuilder().setCustomerId(customerId).build();
  }

  /**
   * Applies one payment or subscription event. Notices it asks for that may go out at once are
   * added to {@code out}; a late invoice paid adds its recovery to {@code recovered}.
   */
  public void apply(
      DunningBook book,
      DunningEvent event,
      Policy policy,
      List<DunningAction> out,
      List<InvoiceRecovery> recovered) {
    editable(book);
    book.setPolicySegment(event.getPolicySegment());
    book.setPaymentHistory(event.getPaymentHistory());
    if (event.getCustomerName() != null) {
      book.setCustomerName(event.getCustomerName());
    }
    if (event.getPreferredChannel() != null) {
      book.setPreferredChannel(event.getPreferredChannel());
    }
    if (event.getAccountOwner() != null) {
      book.setAccountOwner(event.getAccountOwner());
    }
    book.setSubscribed(event.getSubscribed());
    book.setCancellationRequested(event.getCancellationRequested());
    journeys.onEvent(book, event);
    if (book.getLastEventTime() == null || event.getEventTime().isAfter(book.getLastEventTime())) {
      book.setLastEventTime(event.getEventTime());
    }
    if (event.getPayment() != null) {
      applyPayment(book, event.getPayment(), policy, out, recovered);
    } else if (event.getSubscription() != null) {
      applySubscription(book, event.getSubscription());
    }
    // notices this event asked for that may go out at its own time go out now; everything else
    // waits for its timer, that is for the watermark, when every earlier event has arrived
    String cause = event.getPayment() != null ? event.getPayment().getEventId() : null;
    if (cause != null) {
      due(book, event.getEventTime(), policy, out, cause);
    }
  }

  private void applyPayment(
      DunningBook book,
      PaymentEvent payment,
      Policy policy,
      List<DunningAction> out,
      List<InvoiceRecovery> recovered) {
    Policy.Dunning ladder = policy.dunning(book.getPaymentHistory());
    InvoiceBook<InvoiceLadder> invoices = InvoiceBook.of(book, zone);
    InvoiceLadder invoice = invoices.find(payment.getInvoiceId());
    switch (payment.getEventType()) {
      case INVOICE_ISSUED -> {
        if (!invoices.opens(payment.getInvoiceId()) || payment.getDueDate() == null) {
          return; // a repeat, an invoice already paid, or one without a due date: no ladder
        }
        book.getInvoices()
            .add(
                InvoiceLadder.newBuilder()
                    .setInvoiceId(payment.getInvoiceId())
                    .setAmountMinor(payment.getAmountMinor() == null ? 0 : payment.getAmountMinor())
                    .setCurrency(payment.getCurrency())
                    .setDueDate(payment.getDueDate())
                    .setMethod(payment.getMethod())
                    .setPaymentReference(payment.getPaymentReference())
                    .setIssuedAt(payment.getEventTime())
                    .build());
      }
      case PAYMENT_SUCCEEDED -> {
        InvoiceBook.Payment<InvoiceLadder> paid =
            invoices.pay(payment.getInvoiceId(), payment.getAmountMinor(), payment.getEventTime());
        if (paid.settlement() != InvoiceBook.Settlement.PAID) {
          return; // not on a ladder (remembered as paid), or partly paid: the ladder goes on
        }
        int daysLate = paid.daysLate();
        if (daysLate > 0) {
          journeys.paidLate(book);
          recovered.add(
              InvoiceRecovery.newBuilder()
                  .setCustomerId(payment.getCustomerId())
                  .setInvoiceId(invoice.getInvoiceId())
                  .setAmountMinor(invoice.getAmountMinor())
                  .setCurrency(invoice.getCurrency())
                  .setDueDate(invoice.getDueDate())
                  .setPaidAt(payment.getEventTime())
                  .setDaysToRecover(daysLate)
                  .setLastStep(invoice.getLastStep())
                  .setStepsSent(invoice.getStepsSent())
                  .setPolicySegment(book.getPolicySegment())
                  .setPaymentHistory(book.getPaymentHistory())
                  .build());
        } else {
          journeys.paidOnTime(book, invoice.getInvoiceId(), payment.getEventTime(), policy, out);
        }
      }
      case PAYMENT_FAILED -> {
        if (invoice == null || invoice.getStopped()) {
          return;
        }
        notices.paymentFailed(invoice, payment, ladder, policy);
      }
      case PAYMENT_METHOD_UPDATED -> notices.methodUpdated(book, payment, ladder, policy);
      case REFUNDED, CHARGEBACK -> {
        // not a collection step: chargebacks are a risk precursor, refunds a metric
      }
    }
  }

  private void applySubscription(DunningBook book, SubscriptionEvent subscription) {
    String locale = subscription.getAttributes().get("locale");
    if (locale != null) {
      book.setLocale(locale);
    }
    journeys.onSubscription(book, subscription);
    if (subscription.getEventType() == SubscriptionEventType.CANCELLED) {
      for (InvoiceLadder invoice : book.getInvoices()) {
        // the subscription ended: the ladder stops (the debt stays, and a payment still counts as
        // a recovery)
        invoice.setStopped(true);
        invoice.setPending(new ArrayList<>());
      }
    }
  }

  /** Adds to {@code out} everything due by {@code now}, in time order, and marks it sent. */
  public void due(DunningBook book, Instant now, Policy policy, List<DunningAction> out) {
    due(book, now, policy, out, null);
  }

  /** As above; with {@code onlyCause}, only the notices that event asked for (no timed step). */
  private void due(
      DunningBook book, Instant now, Policy policy, List<DunningAction> out, String onlyCause) {
    boolean withSteps = onlyCause == null;
    editable(book);
    List<DunningAction> found = new ArrayList<>();
    Policy.Dunning ladder = policy.dunning(book.getPaymentHistory());
    for (InvoiceLadder invoice : book.getInvoices()) {
      for (Iterator<PendingNotice> it = invoice.getPending().iterator(); it.hasNext(); ) {
        PendingNotice notice = it.next();
        if (!notice.getSendAt().isAfter(now)
            && (onlyCause == null || onlyCause.equals(notice.getCauseEventId()))) {
          it.remove();
          found.add(actions.notice(book, invoice, notice, policy));
        }
      }
      if (withSteps && !invoice.getStopped()) {
        preDue(book, invoice, now, ladder, policy, found);
        overdueSteps(book, invoice, now, ladder, policy, found);
      }
    }
    if (withSteps) {
      journeys.due(book, now, policy, found);
    }
    found.sort(Comparator.comparing(DunningAction::getScheduledFor));
    out.addAll(found);
  }

  private void preDue(
      DunningBook book,
      InvoiceLadder invoice,
      Instant now,
      Policy.Dunning ladder,
      Policy policy,
      List<DunningAction> found) {
    if (invoice.getPreDueSent()) {
      return;
    }
    Instant wanted = schedule.preDueAt(invoice, ladder);
    Instant sendAt = schedule.sendAt(wanted, policy);
    if (sendAt.isAfter(now)) {
      return;
    }
    invoice.setPreDueSent(true);
    boolean inTime =
        !wanted.isBefore(invoice.getIssuedAt())
            && sendAt.isBefore(schedule.dayStart(invoice.getDueDate()));
    if (inTime && needsPreDueReminder(book, invoice)) {
      DunningAction reminder =
          actions
              .invoiceAction(
                  book,
                  invoice,
                  DunningActionType.PRE_DUE_REMINDER,
                  DunningActions.key(invoice.getInvoiceId()),
                  wanted,
                  sendAt,
                  null,
                  policy)
              .build();
      found.add(actions.withMessage(reminder, 0, 0));
    }
  }

  /** Boleto and PIX always; a card only when the card on file will have expired by the due date. */
  private static boolean needsPreDueReminder(DunningBook book, InvoiceLadder invoice) {
    PaymentMethod method = invoice.getMethod();
    if (method == PaymentMethod.BOLETO || method == PaymentMethod.PIX) {
      return true;
    }
    return method == PaymentMethod.CARD
        && book.getCardExpiresOn() != null
        && book.getCardExpiresOn().isBefore(invoice.getDueDate());
  }

  private void overdueSteps(
      DunningBook book,
      InvoiceLadder invoice,
      Instant now,
      Policy.Dunning ladder,
      Policy policy,
      List<DunningAction> found) {
    for (LadderStep step : LadderStep.of(ladder, policy.gracePeriodDays())) {
      if (step.day() <= invoice.getLastStepDay() || invoice.getExhausted()) {
        continue;
      }
      Instant wanted = schedule.stepAt(invoice, step);
      Instant sendAt = schedule.sendAt(wanted, policy);
      if (sendAt.isAfter(now)) {
        return;
      }
      invoice.setLastStepDay(step.day());
      if (step.type() == null) {
        invoice.setExhausted(
            true); // the end of the ladder: DUNNING_EXHAUSTED, reported by the customer operator
        return;
      }
      if (wanted.isBefore(invoice.getIssuedAt())) {
        continue; // the invoice did not exist yet when this step fell due
      }
      DunningAction action =
          actions
              .invoiceAction(
                  book,
                  invoice,
                  step.type(),
                  DunningActions.key(invoice.getInvoiceId(), step.day()),
                  wanted,
                  sendAt,
                  null,
                  policy)
              .setDunningStep(invoice.getStepsSent() + 1)
              .build();
      if (step.type() == DunningActionType.ESCALATION) {
        boolean toOwner =
            ladder.escalateTo() == Policy.EscalationTarget.ACCOUNT_OWNER
                && book.getAccountOwner() != null;
        action.setRecipient(
            toOwner ? DunningRecipient.ACCOUNT_OWNER : DunningRecipient.COLLECTIONS);
      }
      actions.withMessage(
          action, invoice.getStepsSent(), ladder.ladderEndDaysAfterDue() - step.day());
      invoice.setStepsSent(invoice.getStepsSent() + 1);
      invoice.setLastStep(step.type().name());
      found.add(action);
    }
  }

  /**
   * When the next timed thing not handled yet falls due (it may lie in the past: an invoice read
   * late), or the book's retention ends; never null.
   */
  public Instant next(DunningBook book, Policy policy) {
    Instant after = Instant.MIN;
    Instant next = null;
    Policy.Dunning ladder = policy.dunning(book.getPaymentHistory());
    for (InvoiceLadder invoice : book.getInvoices()) {
      for (PendingNotice notice : invoice.getPending()) {
        next = Deadlines.earliest(next, notice.getSendAt(), after);
      }
      if (invoice.getStopped()) {
        continue;
      }
      if (!invoice.getPreDueSent()) {
        next =
            Deadlines.earliest(
                next, schedule.sendAt(schedule.preDueAt(invoice, ladder), policy), after);
      }
      for (LadderStep step : LadderStep.of(ladder, policy.gracePeriodDays())) {
        if (step.day() > invoice.getLastStepDay() && !invoice.getExhausted()) {
          next =
              Deadlines.earliest(
                  next, schedule.sendAt(schedule.stepAt(invoice, step), policy), after);
          break;
        }
      }
    }
    next = journeys.next(book, policy, next);
    Instant retention = retentionEnds(book, policy);
    return next == null || retention.isBefore(next) ? retention : next;
  }

  /**
   * The book is dropped {@code retention_days} after the customer's latest payment or subscription
   * event.
   */
  public static Instant retentionEnds(DunningBook book, Policy policy) {
    return book.getLastEventTime().plus(Duration.ofDays(policy.retentionDays()));
  }

  /**
   * Lists of a deserialised book may be unmodifiable or Avro arrays; make the ones changed here
   * plain lists.
   */
  private static void editable(DunningBook book) {
    if (!(book.getInvoices() instanceof ArrayList)) {
      book.setInvoices(new ArrayList<>(book.getInvoices()));
    }
    for (InvoiceLadder invoice : book.getInvoices()) {
      if (!(invoice.getPending() instanceof ArrayList)) {
        invoice.setPending(new ArrayList<>(invoice.getPending()));
      }
    }
    if (!(book.getPaidInvoices() instanceof ArrayList)) {
      book.setPaidInvoices(new ArrayList<>(book.getPaidInvoices()));
    }
    if (!(book.getRenewalNudgesSent() instanceof ArrayList)) {
      book.setRenewalNudgesSent(new ArrayList<>(book.getRenewalNudgesSent()));
    }
  }
}
