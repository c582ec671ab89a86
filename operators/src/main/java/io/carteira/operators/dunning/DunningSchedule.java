package io.carteira.operators.dunning;

import io.carteira.operators.policy.Policy;
import io.carteira.schemas.InvoiceLadder;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * When each thing falls due (the wanted instant) and when it may be sent (after quiet hours): one
 * definition for both the sending and the timer that wakes it.
 */
final class DunningSchedule implements Serializable {

  private final ZoneId zone;

  DunningSchedule(ZoneId zone) {
    this.zone = zone;
  }

  ZoneId zone() {
    return zone;
  }

  Instant dayStart(LocalDate day) {
    return day.atStartOfDay(zone).toInstant();
  }

  Instant preDueAt(InvoiceLadder invoice, Policy.Dunning ladder) {
    return dayStart(invoice.getDueDate().minusDays(ladder.preDueDays()));
  }

  Instant stepAt(InvoiceLadder invoice, LadderStep step) {
    return dayStart(invoice.getDueDate().plusDays(step.day()));
  }

  Instant renewalNudgeAt(LocalDate contractEnd, int daysBefore) {
    return dayStart(contractEnd.minusDays(daysBefore));
  }

  static Instant winBackAt(Instant churnedAt, Policy policy) {
    return churnedAt.plus(Duration.ofDays(policy.journeys().winBackAfterDays()));
  }

  Instant sendAt(Instant wanted, Policy policy) {
    return QuietHours.sendAt(wanted, policy.messages(), zone);
  }
}
