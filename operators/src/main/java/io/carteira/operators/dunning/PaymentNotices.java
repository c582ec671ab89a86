package io.carteira.operators.dunning;

import io.carteira.operators.policy.Policy;
import io.carteira.schemas.DunningActionType;
import io.carteira.schemas.DunningBook;
import io.carteira.schemas.FailureCodes;
import io.carteira.schemas.InvoiceLadder;
import io.carteira.schemas.PaymentEvent;
import io.carteira.schemas.PaymentMethod;
import io.carteira.schemas.PendingNotice;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;

/**
 * The notices a payment event asks for, held on the invoice until quiet hours end: a failed payment
 * sends a {@code PAYMENT_FAILED_NOTICE}; a soft decline of attempt <i>n</i> also announces the
 * retry {@code retry_days_after_failure[n-1]} days later; a hard decline asks for a new method
 * instead, and the method's update announces the retry.
 */
final class PaymentNotices implements Serializable {

  private final DunningSchedule schedule;

  PaymentNotices(DunningSchedule schedule) {
    this.schedule = schedule;
  }

  /** A failed payment of an invoice on its ladder. */
  void paymentFailed(
      InvoiceLadder invoice, PaymentEvent payment, Policy.Dunning ladder, Policy policy) {
    Instant sendAt = schedule.sendAt(payment.getEventTime(), policy);
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

  /** A new payment method: the invoices waiting for one have their retry announced. */
  void methodUpdated(DunningBook book, PaymentEvent payment, Policy.Dunning ladder, Policy policy) {
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
              payment.getEventTime().plus(Duration.ofDays(ladder.retryDaysAfterFailure().get(0)));
          waiting
              .getPending()
              .add(
                  new PendingNotice(
                      DunningActionType.RETRY_SCHEDULED.name(),
                      payment.getEventId(),
                      payment.getEventTime(),
                      schedule.sendAt(payment.getEventTime(), policy),
                      null,
                      retryAt));
        }
      }
    }
  }
}
