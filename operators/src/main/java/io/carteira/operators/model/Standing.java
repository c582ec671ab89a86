package io.carteira.operators.model;

import io.carteira.schemas.CustomerState;
import io.carteira.schemas.Engagement;
import io.carteira.schemas.OpenInvoice;
import io.carteira.schemas.PaymentBehaviour;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

/**
 * A customer's standing read from its state: days past due, payment history and behaviour,
 * engagement, plan utilisation and punctuality. Pure functions; the thresholds come from the policy
 * in force.
 */
public final class Standing {

  /** The thresholds that classify payment behaviour. */
  public interface PunctualityRules {
    double occasionallyLateShare();

    double chronicallyLateShare();

    int delinquentAfterDays();
  }

  /** The thresholds that classify engagement. */
  public interface EngagementRules {
    int dormantAfterDays();

    double highTrend();

    double mediumTrend();
  }

  private Standing() {}

  /** Days the oldest unpaid invoice is past its due date on {@code today}; 0 when none is. */
  public static int daysPastDue(CustomerState state, LocalDate today) {
    int worst = 0;
    for (OpenInvoice invoice : state.getOpenInvoices()) {
      if (invoice.getDueDate() != null && today.isAfter(invoice.getDueDate())) {
        worst = Math.max(worst, (int) ChronoUnit.DAYS.between(invoice.getDueDate(), today));
      }
    }
    return worst;
  }

  /**
   * Payment behaviour from the invoices paid so far alone, never {@code DELINQUENT}: what picks the
   * customer's dunning ladder, so the ladder does not change because the invoice it chases ages.
   */
  public static PaymentBehaviour paymentHistory(CustomerState state, PunctualityRules rules) {
    return paymentBehaviour(state, 0, rules);
  }

  public static PaymentBehaviour paymentBehaviour(
      CustomerState state, int daysPastDue, PunctualityRules rules) {
    if (daysPastDue > rules.delinquentAfterDays()) {
      return PaymentBehaviour.DELINQUENT;
    }
    int paid = state.getInvoicesPaidOnTime() + state.getInvoicesPaidLate();
    if (paid == 0) {
      return daysPastDue > 0 ? PaymentBehaviour.OCCASIONALLY_LATE : PaymentBehaviour.UNKNOWN;
    }
    double lateShare = (double) state.getInvoicesPaidLate() / paid;
    if (lateShare <= rules.occasionallyLateShare()) {
      return PaymentBehaviour.PUNCTUAL;
    }
    return lateShare < rules.chronicallyLateShare()
        ? PaymentBehaviour.OCCASIONALLY_LATE
        : PaymentBehaviour.CHRONICALLY_LATE;
  }

  public static Engagement engagement(
      CustomerState state,
      Instant asOf,
      Integer daysSinceActivity,
      Double trend,
      Double utilisation,
      EngagementRules rules) {
    if (daysSinceActivity == null) {
      boolean longSinceStart =
          state.getStartedAt() != null
              && Duration.between(state.getStartedAt(), asOf).toDays() > rules.dormantAfterDays();
      return longSinceStart ? Engagement.DORMANT : Engagement.UNKNOWN;
    }
    if (daysSinceActivity > rules.dormantAfterDays()) {
      return Engagement.DORMANT;
    }
    Engagement byUsage;
    if (trend == null) {
      byUsage =
          daysSinceActivity <= 3
              ? Engagement.HIGH
              : daysSinceActivity <= 10 ? Engagement.MEDIUM : Engagement.LOW;
    } else {
      byUsage =
          trend >= rules.highTrend()
              ? Engagement.HIGH
              : trend >= rules.mediumTrend() ? Engagement.MEDIUM : Engagement.LOW;
    }
    // a customer using a sliver of what it pays for is not highly engaged, whatever its own trend
    if (byUsage == Engagement.HIGH && utilisation != null && utilisation < 0.25) {
      return Engagement.MEDIUM;
    }
    return byUsage;
  }

  /** Seats in use over the plan's limit; null when either is unknown. */
  public static Double planUtilisation(CustomerState state) {
    if (state.getSeatsInUse() == null
        || state.getPlanLimit() == null
        || state.getPlanLimit() <= 0) {
      return null;
    }
    return (double) state.getSeatsInUse() / state.getPlanLimit();
  }

  /** The share of paid invoices paid on time; null before the first is paid. */
  public static Double punctuality(CustomerState state) {
    int paid = state.getInvoicesPaidOnTime() + state.getInvoicesPaidLate();
    return paid == 0 ? null : (double) state.getInvoicesPaidOnTime() / paid;
  }
}
