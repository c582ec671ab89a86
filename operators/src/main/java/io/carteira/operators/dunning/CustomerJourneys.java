package io.carteira.operators.dunning;

import io.carteira.operators.policy.Policy;
import io.carteira.operators.time.Deadlines;
import io.carteira.schemas.DunningAction;
import io.carteira.schemas.DunningActionType;
import io.carteira.schemas.DunningBook;
import io.carteira.schemas.DunningEvent;
import io.carteira.schemas.SubscriptionEvent;
import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The customer journeys beside the dunning ladder, over the customer's {@link DunningBook}: {@code
 * RENEWAL_NUDGE}s before the contract end, one {@code WIN_BACK} after a cancellation (unless the
 * customer came back first), a {@code LOYALTY_REWARD} for every run of {@code loyalty_on_time_run}
 * invoices paid on time in a row.
 */
final class CustomerJourneys implements Serializable {

  private final DunningSchedule schedule;
  private final DunningActions actions;

  CustomerJourneys(DunningSchedule schedule, DunningActions actions) {
    this.schedule = schedule;
    this.actions = actions;
  }

  /** A new contract end date starts the renewal nudges anew. */
  void onEvent(DunningBook book, DunningEvent event) {
    if (event.getContractEndDate() != null
        && !event.getContractEndDate().equals(book.getContractEndDate())) {
      book.setContractEndDate(event.getContractEndDate());
      book.setContractEndKnownAt(event.getEventTime());
      book.setRenewalNudgesSent(new ArrayList<>());
    }
  }

  /** A cancellation waits for its win-back; a return before it cancels it. */
  void onSubscription(DunningBook book, SubscriptionEvent subscription) {
    switch (subscription.getEventType()) {
      case CANCELLED -> {
        book.setChurnedAt(subscription.getEventTime());
        book.setWinBackSent(false);
      }
      case STARTED, RESUMED, RENEWED ->
          book.setChurnedAt(null); // back before the win-back: none is sent
      default -> {}
    }
  }

  /** An invoice paid late breaks the run of invoices paid on time. */
  void paidLate(DunningBook book) {
    book.setOnTimeRun(0);
  }

  /**
   * An invoice paid on time extends the run; the run's last invoice earns a {@code LOYALTY_REWARD},
   * added to {@code out}, and the run starts anew.
   */
  void paidOnTime(
      DunningBook book, String invoiceId, Instant paidAt, Policy policy, List<DunningAction> out) {
    book.setOnTimeRun(book.getOnTimeRun() + 1);
    int run = policy.journeys().loyaltyOnTimeRun();
    if (book.getOnTimeRun() >= run) {
      book.setOnTimeRun(0);
      DunningAction reward =
          actions
              .action(
                  book,
                  DunningActionType.LOYALTY_REWARD,
                  DunningActions.key(invoiceId),
                  paidAt,
                  policy)
              .build();
      out.add(actions.withMessage(reward, 0, run));
    }
  }

  /** Adds to {@code found} the nudges and win-back due by {@code now}, and marks them sent. */
  void due(DunningBook book, Instant now, Policy policy, List<DunningAction> found) {
    LocalDate end = book.getContractEndDate();
    if (end != null) {
      for (int daysBefore : policy.journeys().renewalNudgeDaysBeforeEnd()) {
        if (book.getRenewalNudgesSent().contains(daysBefore)) {
          continue;
        }
        Instant wanted = schedule.renewalNudgeAt(end, daysBefore);
        Instant sendAt = schedule.sendAt(wanted, policy);
        if (sendAt.isAfter(now)) {
          continue;
        }
        book.getRenewalNudgesSent().add(daysBefore);
        boolean active =
            book.getSubscribed() && book.getChurnedAt() == null && !book.getCancellationRequested();
        if (active && !wanted.isBefore(book.getContractEndKnownAt())) {
          DunningAction nudge =
              actions
                  .action(
                      book,
                      DunningActionType.RENEWAL_NUDGE,
                      DunningActions.key(end.toString(), daysBefore),
                      wanted,
                      policy)
                  .setScheduledFor(sendAt)
                  .setDueDate(end)
                  .build();
          found.add(actions.withMessage(nudge, 0, daysBefore));
        }
      }
    }
    Instant churnedAt = book.getChurnedAt();
    if (churnedAt != null && !book.getWinBackSent()) {
      Instant wanted = DunningSchedule.winBackAt(churnedAt, policy);
      Instant sendAt = schedule.sendAt(wanted, policy);
      if (!sendAt.isAfter(now)) {
        book.setWinBackSent(true);
        DunningAction winBack =
            actions
                .action(
                    book,
                    DunningActionType.WIN_BACK,
                    DunningActions.key(churnedAt.toString()),
                    wanted,
                    policy)
                .setScheduledFor(sendAt)
                .build();
        found.add(actions.withMessage(winBack, 0, 0));
      }
    }
  }

  /** The earlier of {@code next} and the next nudge or win-back not sent yet. */
  Instant next(DunningBook book, Policy policy, Instant next) {
    Instant after = Instant.MIN;
    if (book.getContractEndDate() != null) {
      for (int daysBefore : policy.journeys().renewalNudgeDaysBeforeEnd()) {
        if (!book.getRenewalNudgesSent().contains(daysBefore)) {
          next =
              Deadlines.earliest(
                  next,
                  schedule.sendAt(
                      schedule.renewalNudgeAt(book.getContractEndDate(), daysBefore), policy),
                  after);
        }
      }
    }
    if (book.getChurnedAt() != null && !book.getWinBackSent()) {
      next =
          Deadlines.earliest(
              next,
              schedule.sendAt(DunningSchedule.winBackAt(book.getChurnedAt(), policy), policy),
              after);
    }
    return next;
  }
}
