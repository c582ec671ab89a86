package io.carteira.operators.dunning;

import io.carteira.operators.model.FailureCodes;
import io.carteira.operators.model.InvoiceBook;
import io.carteira.operators.policy.Policy;
import io.carteira.operators.time.Deadlines;
import io.carteira.schemas.Channel;
import io.carteira.schemas.DunningAction;
import io.carteira.schemas.DunningActionType;
import io.carteira.schemas.DunningBook;
import io.carteira.schemas.DunningRecipient;
import io.carteira.schemas.InvoiceLadder;
import io.carteira.schemas.InvoiceRecovery;
import io.carteira.schemas.JourneyEvent;
import io.carteira.schemas.PaymentEvent;
import io.carteira.schemas.PaymentMethod;
import io.carteira.schemas.PendingNotice;
import io.carteira.schemas.SubscriptionEvent;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;

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
 *   <li>A failed payment sends a {@code PAYMENT_FAILED_NOTICE}; a soft decline of attempt <i>n</i>
 *       also announces the retry {@code retry_days_after_failure[n-1]} days later; a hard decline
 *       asks for a new method instead, and the method's update announces the retry.
 *   <li>Journeys: {@code RENEWAL_NUDGE}s before the contract end, one {@code WIN_BACK} after a
 *       cancellation (unless the customer came back first), a {@code LOYALTY_REWARD} for every run
 *       of {@code loyalty_on_time_run} invoices paid on time in a row.
 *   <li>Every message goes out after quiet hours, on the policy's channel for its type or the
 *       customer's own; {@code action_id} is a name-based UUID of what it is about, so a replay or
 *       a restart produces the same ids.
 * </ul>
 */
public final class DunningLadder implements Serializable {

  private static final int NO_STEP = -1000;

  private final ZoneId zone;
  private final String defaultLocale;
  private final DunningText text;

  /**
   * @param defaultLocale messages for customers without a supported locale of their own: {@code
   *     pt-BR} or {@code en}
   */
  public DunningLadder(ZoneId zone, String defaultLocale) {
    this.zone = zone;
    this.defaultLocale = DunningText.supported(defaultLocale, DunningText.PT_BR);
    this.text = new DunningText(zone);
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
      JourneyEvent event,
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
    if (event.getContractEndDate() != null
        && !event.getContractEndDate().equals(book.getContractEndDate())) {
      book.setContractEndDate(event.getContractEndDate());
      book.setContractEndKnownAt(event.getEventTime());
      book.setRenewalNudgesSent(new ArrayList<>());
    }
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
    Policy.Dunning ladder = policy.dunning(book.getPaymentHistory().name());
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
          book.setOnTimeRun(0);
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
          book.setOnTimeRun(book.getOnTimeRun() + 1);
          int run = policy.journeys().loyaltyOnTimeRun();
          if (book.getOnTimeRun() >= run) {
            book.setOnTimeRun(0);
            DunningAction reward =
                action(
                        book,
                        DunningActionType.LOYALTY_REWARD,
                        key(invoice.getInvoiceId()),
                        payment.getEventTime(),
                        policy)
                    .build();
            reward.setMessage(text.of(reward, 0, run));
            out.add(reward);
          }
        }
      }
      case PAYMENT_FAILED -> {
        if (invoice == null || invoice.getStopped()) {
          return;
        }
        Instant sendAt = sendAt(payment.getEventTime(), policy);
        boolean hard = FailureCodes.isHardDecline(payment.getFailureCode());
        invoice
            .getPending()
            .add(
                new PendingNotice(
                    DunningActionType.PAYMENT_FAILED_NOTICE.name(),
                    payment.getEventId(),
                    payment.getEventTime(),
                    sendAt,
                    payment.getFailureCode(),
                    null));
        int attempt = payment.getAttempt() == null ? 1 : Math.max(1, payment.getAttempt());
        if (hard) {
          invoice.setAwaitingMethod(true);
        } else if (attempt <= ladder.retryDaysAfterFailure().size()) {
          Instant retryAt =
              payment
                  .getEventTime()
                  .plus(Duration.ofDays(ladder.retryDaysAfterFailure().get(attempt - 1)));
          invoice
              .getPending()
              .add(
                  new PendingNotice(
                      DunningActionType.RETRY_SCHEDULED.name(),
                      payment.getEventId(),
                      payment.getEventTime(),
                      sendAt,
                      payment.getFailureCode(),
                      retryAt));
        }
      }
      case PAYMENT_METHOD_UPDATED -> {
        if (payment.getCardExpiresOn() != null || payment.getMethod() != PaymentMethod.CARD) {
          book.setCardExpiresOn(payment.getCardExpiresOn());
        }
        for (InvoiceLadder waiting : book.getInvoices()) {
          if (waiting.getAwaitingMethod() && !waiting.getStopped()) {
            waiting.setAwaitingMethod(false);
            if (payment.getMethod() != null) {
              waiting.setMethod(payment.getMethod());
            }
            if (!ladder.retryDaysAfterFailure().isEmpty()) {
              Instant retryAt =
                  payment
                      .getEventTime()
                      .plus(Duration.ofDays(ladder.retryDaysAfterFailure().get(0)));
              waiting
                  .getPending()
                  .add(
                      new PendingNotice(
                          DunningActionType.RETRY_SCHEDULED.name(),
                          payment.getEventId(),
                          payment.getEventTime(),
                          sendAt(payment.getEventTime(), policy),
                          null,
                          retryAt));
            }
          }
        }
      }
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
    switch (subscription.getEventType()) {
      case CANCELLED -> {
        book.setChurnedAt(subscription.getEventTime());
        book.setWinBackSent(false);
        for (InvoiceLadder invoice : book.getInvoices()) {
          // the subscription ended: the ladder stops (the debt stays, and a payment still counts as
          // a recovery)
          invoice.setStopped(true);
          invoice.setPending(new ArrayList<>());
        }
      }
      case STARTED, RESUMED, RENEWED ->
          book.setChurnedAt(null); // back before the win-back: none is sent
      default -> {}
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
    Policy.Dunning ladder = policy.dunning(book.getPaymentHistory().name());
    for (InvoiceLadder invoice : book.getInvoices()) {
      for (Iterator<PendingNotice> it = invoice.getPending().iterator(); it.hasNext(); ) {
        PendingNotice notice = it.next();
        if (!notice.getSendAt().isAfter(now)
            && (onlyCause == null || onlyCause.equals(notice.getCauseEventId()))) {
          it.remove();
          found.add(notice(book, invoice, notice, policy));
        }
      }
      if (withSteps && !invoice.getStopped()) {
        preDue(book, invoice, now, ladder, policy, found);
        overdueSteps(book, invoice, now, ladder, policy, found);
      }
    }
    if (withSteps) {
      journeys(book, now, policy, found);
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
    Instant wanted = preDueAt(invoice, ladder);
    Instant sendAt = sendAt(wanted, policy);
    if (sendAt.isAfter(now)) {
      return;
    }
    invoice.setPreDueSent(true);
    boolean inTime =
        !wanted.isBefore(invoice.getIssuedAt()) && sendAt.isBefore(dayStart(invoice.getDueDate()));
    if (inTime && needsPreDueReminder(book, invoice)) {
      DunningAction reminder =
          invoiceAction(
                  book,
                  invoice,
                  DunningActionType.PRE_DUE_REMINDER,
                  key(invoice.getInvoiceId()),
                  wanted,
                  sendAt,
                  null,
                  policy)
              .build();
      reminder.setMessage(text.of(reminder, 0, 0));
      found.add(reminder);
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
    for (Step step : steps(ladder, policy.gracePeriodDays())) {
      if (step.day() <= invoice.getLastStepDay() || invoice.getExhausted()) {
        continue;
      }
      Instant wanted = stepAt(invoice, step);
      Instant sendAt = sendAt(wanted, policy);
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
          invoiceAction(
                  book,
                  invoice,
                  step.type(),
                  key(invoice.getInvoiceId(), step.day()),
                  wanted,
                  sendAt,
                  null,
                  policy)
              .setDunningStep(invoice.getStepsSent() + 1)
              .build();
      if (step.type() == DunningActionType.ESCALATION) {
        boolean toOwner =
            "ACCOUNT_OWNER".equals(ladder.escalateTo()) && book.getAccountOwner() != null;
        action.setRecipient(
            toOwner ? DunningRecipient.ACCOUNT_OWNER : DunningRecipient.COLLECTIONS);
      }
      action.setMessage(
          text.of(action, invoice.getStepsSent(), ladder.ladderEndDaysAfterDue() - step.day()));
      invoice.setStepsSent(invoice.getStepsSent() + 1);
      invoice.setLastStep(step.type().name());
      found.add(action);
    }
  }

  /**
   * A step of the overdue ladder: days after due, and what is sent ({@code null}: the end, nothing
   * sent).
   */
  record Step(int day, DunningActionType type) {}

  /** The overdue steps in order; those within the grace period are left out (the end never is). */
  static List<Step> steps(Policy.Dunning ladder, int graceDays) {
    List<Step> steps = new ArrayList<>();
    for (int day : ladder.reminderDaysAfterDue()) {
      steps.add(new Step(day, DunningActionType.OVERDUE_REMINDER));
    }
    steps.add(new Step(ladder.escalationDaysAfterDue(), DunningActionType.ESCALATION));
    steps.add(
        new Step(ladder.suspensionWarningDaysAfterDue(), DunningActionType.SUSPENSION_WARNING));
    steps.removeIf(step -> step.day() <= graceDays);
    steps.add(new Step(ladder.ladderEndDaysAfterDue(), null));
    return steps;
  }

  private void journeys(DunningBook book, Instant now, Policy policy, List<DunningAction> found) {
    LocalDate end = book.getContractEndDate();
    if (end != null) {
      for (int daysBefore : policy.journeys().renewalNudgeDaysBeforeEnd()) {
        if (book.getRenewalNudgesSent().contains(daysBefore)) {
          continue;
        }
        Instant wanted = dayStart(end.minusDays(daysBefore));
        Instant sendAt = sendAt(wanted, policy);
        if (sendAt.isAfter(now)) {
          continue;
        }
        book.getRenewalNudgesSent().add(daysBefore);
        boolean active =
            book.getSubscribed() && book.getChurnedAt() == null && !book.getCancellationRequested();
        if (active && !wanted.isBefore(book.getContractEndKnownAt())) {
          DunningAction nudge =
              action(
                      book,
                      DunningActionType.RENEWAL_NUDGE,
                      key(end.toString(), daysBefore),
                      wanted,
                      policy)
                  .setScheduledFor(sendAt)
                  .setDueDate(end)
                  .build();
          nudge.setMessage(text.of(nudge, 0, daysBefore));
          found.add(nudge);
        }
      }
    }
    Instant churnedAt = book.getChurnedAt();
    if (churnedAt != null && !book.getWinBackSent()) {
      Instant wanted = winBackAt(churnedAt, policy);
      Instant sendAt = sendAt(wanted, policy);
      if (!sendAt.isAfter(now)) {
        book.setWinBackSent(true);
        DunningAction winBack =
            action(book, DunningActionType.WIN_BACK, key(churnedAt.toString()), wanted, policy)
                .setScheduledFor(sendAt)
                .build();
        winBack.setMessage(text.of(winBack, 0, 0));
        found.add(winBack);
      }
    }
  }

  /**
   * When the next timed thing not handled yet falls due (it may lie in the past: an invoice read
   * late), or the book's retention ends; never null.
   */
  public Instant next(DunningBook book, Policy policy) {
    Instant after = Instant.MIN;
    Instant next = null;
    Policy.Dunning ladder = policy.dunning(book.getPaymentHistory().name());
    for (InvoiceLadder invoice : book.getInvoices()) {
      for (PendingNotice notice : invoice.getPending()) {
        next = Deadlines.earliest(next, notice.getSendAt(), after);
      }
      if (invoice.getStopped()) {
        continue;
      }
      if (!invoice.getPreDueSent()) {
        next = Deadlines.earliest(next, sendAt(preDueAt(invoice, ladder), policy), after);
      }
      for (Step step : steps(ladder, policy.gracePeriodDays())) {
        if (step.day() > invoice.getLastStepDay() && !invoice.getExhausted()) {
          next = Deadlines.earliest(next, sendAt(stepAt(invoice, step), policy), after);
          break;
        }
      }
    }
    if (book.getContractEndDate() != null) {
      for (int daysBefore : policy.journeys().renewalNudgeDaysBeforeEnd()) {
        if (!book.getRenewalNudgesSent().contains(daysBefore)) {
          next =
              Deadlines.earliest(
                  next,
                  sendAt(dayStart(book.getContractEndDate().minusDays(daysBefore)), policy),
                  after);
        }
      }
    }
    if (book.getChurnedAt() != null && !book.getWinBackSent()) {
      next =
          Deadlines.earliest(next, sendAt(winBackAt(book.getChurnedAt(), policy), policy), after);
    }
    Instant retention = retentionEnds(book, policy);
    return next == null || retention.isBefore(next) ? retention : next;
  }

  // When each thing falls due (the wanted instant) and when it may be sent (after quiet hours):
  // one definition for both the sending and the timer that wakes it.

  private Instant dayStart(LocalDate day) {
    return day.atStartOfDay(zone).toInstant();
  }

  private Instant preDueAt(InvoiceLadder invoice, Policy.Dunning ladder) {
    return dayStart(invoice.getDueDate().minusDays(ladder.preDueDays()));
  }

  private Instant stepAt(InvoiceLadder invoice, Step step) {
    return dayStart(invoice.getDueDate().plusDays(step.day()));
  }

  private static Instant winBackAt(Instant churnedAt, Policy policy) {
    return churnedAt.plus(Duration.ofDays(policy.journeys().winBackAfterDays()));
  }

  private Instant sendAt(Instant wanted, Policy policy) {
    return QuietHours.sendAt(wanted, policy.messages(), zone);
  }

  /**
   * The book is dropped {@code retention_days} after the customer's latest payment or subscription
   * event.
   */
  public static Instant retentionEnds(DunningBook book, Policy policy) {
    return book.getLastEventTime().plus(Duration.ofDays(policy.retentionDays()));
  }

  private DunningAction notice(
      DunningBook book, InvoiceLadder invoice, PendingNotice notice, Policy policy) {
    DunningActionType type = DunningActionType.valueOf(notice.getActionType());
    DunningAction action =
        invoiceAction(
                book,
                invoice,
                type,
                key(invoice.getInvoiceId(), notice.getCauseEventId()),
                notice.getEventTime(),
                notice.getSendAt(),
                notice.getFailureCode(),
                policy)
            .setRetryAt(notice.getRetryAt())
            .build();
    action.setMessage(text.of(action, 0, 0));
    return action;
  }

  private DunningAction.Builder invoiceAction(
      DunningBook book,
      InvoiceLadder invoice,
      DunningActionType type,
      String key,
      Instant eventTime,
      Instant sendAt,
      String failureCode,
      Policy policy) {
    long daysPastDue =
        ChronoUnit.DAYS.between(invoice.getDueDate(), sendAt.atZone(zone).toLocalDate());
    return action(book, type, key, eventTime, policy)
        .setScheduledFor(sendAt)
        .setInvoiceId(invoice.getInvoiceId())
        .setAmountMinor(invoice.getAmountMinor())
        .setCurrency(invoice.getCurrency())
        .setDueDate(invoice.getDueDate())
        .setDaysPastDue((int) Math.max(0, daysPastDue))
        .setPaymentMethod(invoice.getMethod())
        .setPaymentReference(invoice.getPaymentReference())
        .setFailureCode(failureCode);
  }

  private DunningAction.Builder action(
      DunningBook book, DunningActionType type, String key, Instant eventTime, Policy policy) {
    String customer = book.getCustomerId();
    String channel = policy.messages().channels().get(type.name());
    return DunningAction.newBuilder()
        .setActionId(
            UUID.nameUUIDFromBytes(
                    (customer + "|" + type + "|" + key).getBytes(StandardCharsets.UTF_8))
                .toString())
        .setCustomerId(customer)
        .setActionType(type)
        .setChannel(
            channel != null
                ? Channel.valueOf(channel)
                : book.getPreferredChannel() != null ? book.getPreferredChannel() : Channel.EMAIL)
        .setLocale(DunningText.supported(book.getLocale(), defaultLocale))
        .setAccountOwner(book.getAccountOwner())
        .setCustomerName(book.getCustomerName())
        .setScheduledFor(sendAt(eventTime, policy))
        .setPolicyVersion(policy.version())
        .setEventTime(eventTime)
        .setMessage("");
  }

  private static String key(Object... parts) {
    StringBuilder key = new StringBuilder();
    for (Object part : parts) {
      key.append(key.length() == 0 ? "" : "|").append(part);
    }
    return key.toString();
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
