package io.carteira.operators.risk;

import io.carteira.operators.model.Standing;
import io.carteira.operators.model.UsageHistory;
import io.carteira.operators.policy.Policy;
import io.carteira.operators.time.Deadlines;
import io.carteira.schemas.CustomerActivity;
import io.carteira.schemas.CustomerState;
import io.carteira.schemas.Detection;
import io.carteira.schemas.Engagement;
import io.carteira.schemas.EvidenceEvent;
import io.carteira.schemas.OpenInvoice;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The condition precursors ({@link ChurnPattern.Kind#CONDITION}): absences, trends and states,
 * judged from a customer's state and snapshot at an instant under its policy. Pure functions; the
 * per-customer operator calls {@link #active} whenever it publishes and schedules its one timer at
 * the earliest of {@link #nextChange} and its other deadlines, so an absence fires on time without
 * an event.
 */
public final class ChurnConditions {

  private ChurnConditions() {}

  /**
   * The condition precursors active, in catalog order. Those about time (an absence, a trend, days
   * past due, a deadline) are judged at {@code at}, the customer operator's watermark: by then
   * every earlier event has arrived, so a customer whose logins are still on their way from a
   * slower partition is not taken for silent. Null {@code at} (no watermark yet): only the states
   * an event sets (a cancellation request, a chargeback).
   */
  public static List<Detection> active(
      CustomerState state, CustomerActivity activity, Instant at, Policy policy, ZoneId zone) {
    List<Detection> found = new ArrayList<>();
    if (state.getStartedAt() == null || goneAt(state, at)) {
      return found;
    }
    Policy.Risk risk = policy.risk();
    if (at == null) {
      eventConditions(state, found, state.getLastEventTime());
      return found;
    }
    EvidenceEvent hardDecline = state.getHardDecline();
    if (hardDecline != null) {
      Instant deadline =
          hardDecline.getEventTime().plus(Duration.ofDays(risk.hardDeclineUpdateDays()));
      if (!at.isBefore(deadline)) {
        found.add(
            detection(
                ChurnPattern.HARD_DECLINE_NOT_UPDATED,
                List.of(hardDecline),
                hardDecline.getEventTime(),
                deadline,
                "no new payment method within "
                    + risk.hardDeclineUpdateDays()
                    + " days of a hard decline",
                at));
      }
    }
    eventConditions(state, found, at);
    LocalDate today = at.atZone(zone).toLocalDate();
    OpenInvoice oldest = oldestOverdue(state, today);
    int daysPastDue = Standing.daysPastDue(state, today);
    int ladderEnd = ladderEnd(state, policy);
    if (oldest != null && daysPastDue >= ladderEnd) {
      found.add(
          detection(
              ChurnPattern.DUNNING_EXHAUSTED,
              List.of(invoiceEvidence(oldest, daysPastDue, zone)),
              oldest.getDueDate().atStartOfDay(zone).toInstant(),
              at,
              ladderEnd + " days past due: the end of the dunning ladder",
              at));
    }
    int punctualLateAfter = Math.max(policy.gracePeriodDays(), risk.punctualLateDays());
    if (oldest != null
        && daysPastDue > punctualLateAfter
        && state.getInvoicesPaidLate() == 0
        && state.getInvoicesPaidOnTime() >= risk.punctualMinOnTime()) {
      EvidenceEvent history =
          new EvidenceEvent(
              "payment-history",
              "INVOICES_PAID_ON_TIME",
              at,
              state.getInvoicesPaidOnTime() + " of " + state.getInvoicesPaidOnTime());
      found.add(
          detection(
              ChurnPattern.PUNCTUAL_PAYER_LATE,
              List.of(invoiceEvidence(oldest, daysPastDue, zone), history),
              oldest.getDueDate().atStartOfDay(zone).toInstant(),
              at,
              "over "
                  + punctualLateAfter
                  + " days past due after "
                  + risk.punctualMinOnTime()
                  + "+ invoices paid on time",
              at));
    }
    int baselineWeeks = policy.engagement().baselineWeeks();
    Double trend = UsageHistory.trend(activity, at, zone, baselineWeeks);
    // a paused subscription is not used: its usage neither collapses nor falls silent
    Double collapse =
        state.getPaused()
            ? null
            : UsageHistory.collapse(
                activity,
                at,
                zone,
                baselineWeeks,
                risk.usageCollapseWeeks(),
                risk.usageCollapseTrend(),
                risk.usageMinWeeklyUses());
    if (collapse != null) {
      found.add(
          detection(
              ChurnPattern.USAGE_COLLAPSE,
              List.of(
                  new EvidenceEvent(
                      "usage-trend",
                      "USAGE_TREND",
                      at,
                      String.format(Locale.ROOT, "%.2f", collapse))),
              at.minus(Duration.ofDays(7L * (baselineWeeks + risk.usageCollapseWeeks()))),
              at,
              risk.usageCollapseWeeks()
                  + " week(s) in a row under "
                  + risk.usageCollapseTrend()
                  + " of a "
                  + baselineWeeks
                  + "-week baseline of "
                  + risk.usageMinWeeklyUses()
                  + "+ uses a week",
              at));
    }
    Instant since =
        activity.getLastActivityAt() != null ? activity.getLastActivityAt() : state.getStartedAt();
    long idleDays = Duration.between(since, at).toDays();
    if (idleDays >= risk.silenceDays() && !state.getPaused()) {
      found.add(
          detection(
              ChurnPattern.SILENCE,
              List.of(
                  new EvidenceEvent(
                      "last-activity",
                      activity.getLastActivityAt() != null ? "LAST_ACTIVITY" : "STARTED",
                      since,
                      idleDays + " days")),
              since,
              at,
              "no login for " + risk.silenceDays() + " days",
              at));
    }
    LocalDate contractEnd = state.getContractEndDate();
    if (contractEnd != null && inRenewalWindow(contractEnd, at, policy, zone)) {
      Integer daysSince = activity.getLastActivityAt() == null ? null : (int) Math.max(0, idleDays);
      Engagement engagement =
          Standing.engagement(
              state, at, daysSince, trend, Standing.planUtilisation(state), policy.engagement());
      if (engagement == Engagement.LOW || engagement == Engagement.DORMANT) {
        found.add(
            detection(
                ChurnPattern.RENEWAL_LOW_ENGAGEMENT,
                List.of(
                    new EvidenceEvent(
                        "contract-end",
                        "CONTRACT_END",
                        contractEnd.atStartOfDay(zone).toInstant(),
                        engagement.name())),
                contractEnd.minusDays(policy.renewalWindowDays()).atStartOfDay(zone).toInstant(),
                contractEnd.atStartOfDay(zone).toInstant(),
                "engagement LOW or DORMANT within "
                    + policy.renewalWindowDays()
                    + " days of the contract end",
                at));
      }
    }
    EvidenceEvent pause = state.getPause();
    if (pause != null) {
      Instant deadline = pause.getEventTime().plus(Duration.ofDays(risk.pauseDays()));
      if (!at.isBefore(deadline)) {
        found.add(
            detection(
                ChurnPattern.PAUSE_NOT_RESUMED,
                List.of(pause),
                pause.getEventTime(),
                deadline,
                "paused for " + risk.pauseDays() + " days",
                at));
      }
    }
    found.sort(
        (a, b) ->
            Integer.compare(
                ChurnPattern.valueOf(a.getPattern()).ordinal(),
                ChurnPattern.valueOf(b.getPattern()).ordinal()));
    return found;
  }

  /**
   * The conditions an event sets and time does not change: a chargeback, a cancellation request.
   */
  private static void eventConditions(CustomerState state, List<Detection> found, Instant at) {
    if (state.getChargeback() != null) {
      found.add(
          detection(
              ChurnPattern.CHARGEBACK,
              List.of(state.getChargeback()),
              state.getChargeback().getEventTime(),
              at,
              "any chargeback",
              at));
    }
    if (state.getCancellationRequest() != null) {
      found.add(
          detection(
              ChurnPattern.CANCELLATION_REQUESTED,
              List.of(state.getCancellationRequest()),
              state.getCancellationRequest().getEventTime(),
              at,
              "any cancellation request",
              at));
    }
  }

  /**
   * Whether the customer had cancelled by {@code at}. A cancellation that arrived ahead of the
   * watermark does not hide what happened before it: the precursors up to the cancellation are
   * still judged, and the customer counts as gone once the watermark reaches it.
   */
  public static boolean goneAt(CustomerState state, Instant at) {
    if (!state.getChurned()) {
      return false;
    }
    return at == null || state.getChurnedAt() == null || !state.getChurnedAt().isAfter(at);
  }

  /**
   * The next instant after {@code at} (the watermark) at which a condition can start or end with
   * time alone: a hard decline's or a pause's deadline, the silence threshold, an overdue invoice
   * reaching the grace period or the end of the dunning ladder, the renewal window opening, a usage
   * week completing, the watermark reaching a cancellation already seen.
   */
  public static Instant nextChange(
      CustomerState state, CustomerActivity activity, Instant at, Policy policy, ZoneId zone) {
    if (state.getStartedAt() == null || goneAt(state, at)) {
      return null;
    }
    Policy.Risk risk = policy.risk();
    Instant next = null;
    if (state.getChurned()) {
      next = Deadlines.earliest(next, state.getChurnedAt(), at);
    }
    if (state.getHardDecline() != null) {
      next =
          Deadlines.earliest(
              next,
              state
                  .getHardDecline()
                  .getEventTime()
                  .plus(Duration.ofDays(risk.hardDeclineUpdateDays())),
              at);
    }
    if (state.getPause() != null) {
      next =
          Deadlines.earliest(
              next, state.getPause().getEventTime().plus(Duration.ofDays(risk.pauseDays())), at);
    }
    for (OpenInvoice invoice : state.getOpenInvoices()) {
      if (invoice.getDueDate() != null) {
        next =
            Deadlines.earliest(
                next,
                invoice
                    .getDueDate()
                    .plusDays(policy.gracePeriodDays() + 1L)
                    .atStartOfDay(zone)
                    .toInstant(),
                at);
        next =
            Deadlines.earliest(
                next,
                invoice
                    .getDueDate()
                    .plusDays(ladderEnd(state, policy))
                    .atStartOfDay(zone)
                    .toInstant(),
                at);
      }
    }
    if (state.getContractEndDate() != null) {
      next =
          Deadlines.earliest(
              next,
              state
                  .getContractEndDate()
                  .minusDays(policy.renewalWindowDays())
                  .atStartOfDay(zone)
                  .toInstant(),
              at);
    }
    next = Deadlines.earliest(next, UsageHistory.nextWeek(activity, at, zone), at);
    Instant since =
        activity.getLastActivityAt() != null ? activity.getLastActivityAt() : state.getStartedAt();
    return Deadlines.earliest(next, since.plus(Duration.ofDays(risk.silenceDays())), at);
  }

  static boolean inRenewalWindow(LocalDate contractEnd, Instant asOf, Policy policy, ZoneId zone) {
    LocalDate today = asOf.atZone(zone).toLocalDate();
    return !today.isBefore(contractEnd.minusDays(policy.renewalWindowDays()))
        && !today.isAfter(contractEnd);
  }

  private static OpenInvoice oldestOverdue(CustomerState state, LocalDate today) {
    for (OpenInvoice invoice : state.getOpenInvoices()) { // sorted by due date
      if (invoice.getDueDate() != null && today.isAfter(invoice.getDueDate())) {
        return invoice;
      }
    }
    return null;
  }

  private static EvidenceEvent invoiceEvidence(OpenInvoice invoice, int daysPastDue, ZoneId zone) {
    return new EvidenceEvent(
        invoice.getInvoiceId(),
        "INVOICE_OVERDUE",
        invoice.getDueDate().atStartOfDay(zone).toInstant(),
        daysPastDue + " days past due, " + invoice.getAmountMinor() + " " + invoice.getCurrency());
  }

  static Detection detection(
      ChurnPattern pattern,
      List<EvidenceEvent> evidence,
      Instant windowStart,
      Instant windowEnd,
      String threshold,
      Instant detectedAt) {
    return new Detection(
        pattern.name(),
        pattern.churnType(),
        new ArrayList<>(evidence),
        windowStart,
        windowEnd,
        threshold,
        detectedAt);
  }

  /**
   * Days after due at which the customer's dunning ladder ends: the one its payment history gets in
   * this policy.
   */
  public static int ladderEnd(CustomerState state, Policy policy) {
    return policy
        .dunning(Standing.paymentHistory(state, policy.punctuality()))
        .ladderEndDaysAfterDue();
  }
}
