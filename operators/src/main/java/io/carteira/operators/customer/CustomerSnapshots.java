package io.carteira.operators.customer;

import io.carteira.schemas.CustomerHealth;
import io.carteira.schemas.CustomerState;
import io.carteira.schemas.Engagement;
import io.carteira.schemas.HealthContribution;
import io.carteira.schemas.Lifecycle;
import io.carteira.schemas.OpenInvoice;
import io.carteira.schemas.PaymentBehaviour;
import io.carteira.schemas.PortfolioStatus;
import io.carteira.schemas.SegmentSnapshot;
import io.carteira.schemas.ValueTier;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * What a customer looks like at an instant: lifecycle, portfolio status, segment, days past
 * due, open balance and health. A pure function of (state, instant, policy).
 */
public final class CustomerSnapshots {

  private CustomerSnapshots() {}

  public static CustomerHealth snapshot(CustomerState state, Instant asOf, CustomerPolicy policy, String causeId) {
    LocalDate today = asOf.atZone(policy.zone()).toLocalDate();
    int daysPastDue = daysPastDue(state, today);
    long openBalance = 0;
    for (OpenInvoice invoice : state.getOpenInvoices()) {
      openBalance += invoice.getAmountMinor();
    }
    Lifecycle lifecycle = lifecycle(state, asOf, today, daysPastDue, policy);
    Integer daysSinceActivity = state.getLastActivityAt() == null
        ? null
        : (int) Duration.between(state.getLastActivityAt(), asOf).toDays();
    HealthScore.Result health = HealthScore.score(state, lifecycle, daysPastDue, daysSinceActivity, asOf);
    return CustomerHealth.newBuilder()
        .setCustomerId(state.getCustomerId())
        .setCustomerName(state.getCustomerName())
        .setPlanId(state.getPlanId())
        .setMrrMinor(state.getMrrMinor())
        .setCurrency(state.getCurrency())
        .setLifecycle(lifecycle)
        .setPortfolioStatus(portfolioStatus(lifecycle))
        .setSegment(SegmentSnapshot.newBuilder()
            .setValueTier(ValueTier.UNRANKED)
            .setPaymentBehaviour(paymentBehaviour(state, daysPastDue))
            .setEngagement(engagement(daysSinceActivity))
            .setLifecycle(lifecycle)
            .build())
        .setHealthScore(health.score())
        .setHealthBand(health.band())
        .setContributions(health.contributions())
        .setDaysPastDue(daysPastDue)
        .setOpenBalanceMinor(openBalance)
        .setOpenInvoices(state.getOpenInvoices().size())
        .setOpenAlerts(0)
        .setUsageTrend(null)
        .setPaymentPunctuality(punctuality(state))
        .setLastActivityAt(state.getLastActivityAt())
        .setAccountOwner(state.getAccountOwner())
        .setPreferredChannel(state.getPreferredChannel())
        .setPolicyVersion(policy.version())
        .setAsOf(asOf)
        .setLastEventId(causeId)
        .build();
  }

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
   * The next instant at which the snapshot changes with time alone (an invoice falls due, or one
   * more day past due), or null when nothing is pending.
   */
  public static Instant nextChange(CustomerState state, Instant asOf, CustomerPolicy policy) {
    LocalDate today = asOf.atZone(policy.zone()).toLocalDate();
    LocalDate next = null;
    for (OpenInvoice invoice : state.getOpenInvoices()) {
      if (invoice.getDueDate() == null) {
        continue;
      }
      LocalDate candidate = today.isAfter(invoice.getDueDate()) ? today.plusDays(1) : invoice.getDueDate().plusDays(1);
      if (next == null || candidate.isBefore(next)) {
        next = candidate;
      }
    }
    return next == null ? null : next.atStartOfDay(policy.zone()).toInstant();
  }

  static Lifecycle lifecycle(CustomerState state, Instant asOf, LocalDate today, int daysPastDue, CustomerPolicy policy) {
    if (state.getStartedAt() == null) {
      return Lifecycle.PROSPECT;
    }
    if (state.getChurned()) {
      return Lifecycle.CHURNED;
    }
    if (daysPastDue > policy.gracePeriodDays()) {
      return Lifecycle.PAST_DUE;
    }
    LocalDate contractEnd = state.getContractEndDate();
    if (contractEnd != null && !today.isAfter(contractEnd)
        && ChronoUnit.DAYS.between(today, contractEnd) <= policy.renewalWindowDays()) {
      return Lifecycle.RENEWAL;
    }
    if (state.getEverChurned()) {
      return Lifecycle.REACTIVATED;
    }
    if (asOf.isBefore(state.getStartedAt().plus(Duration.ofDays(policy.onboardingDays())))) {
      return Lifecycle.ONBOARDING;
    }
    return Lifecycle.ACTIVE;
  }

  static PortfolioStatus portfolioStatus(Lifecycle lifecycle) {
    return switch (lifecycle) {
      case PROSPECT -> PortfolioStatus.PROSPECT;
      case CHURNED -> PortfolioStatus.INACTIVE;
      case RENEWAL -> PortfolioStatus.IN_RENEWAL;
      default -> PortfolioStatus.ACTIVE;
    };
  }

  static PaymentBehaviour paymentBehaviour(CustomerState state, int daysPastDue) {
    if (daysPastDue > 30) {
      return PaymentBehaviour.DELINQUENT;
    }
    int paid = state.getInvoicesPaidOnTime() + state.getInvoicesPaidLate();
    if (paid == 0) {
      return daysPastDue > 0 ? PaymentBehaviour.OCCASIONALLY_LATE : PaymentBehaviour.UNKNOWN;
    }
    double lateShare = (double) state.getInvoicesPaidLate() / paid;
    if (lateShare <= 0.1) {
      return PaymentBehaviour.PUNCTUAL;
    }
    return lateShare <= 0.4 ? PaymentBehaviour.OCCASIONALLY_LATE : PaymentBehaviour.CHRONICALLY_LATE;
  }

  static Engagement engagement(Integer daysSinceActivity) {
    if (daysSinceActivity == null) {
      return Engagement.UNKNOWN;
    }
    if (daysSinceActivity <= 3) {
      return Engagement.HIGH;
    }
    if (daysSinceActivity <= 10) {
      return Engagement.MEDIUM;
    }
    return daysSinceActivity <= 30 ? Engagement.LOW : Engagement.DORMANT;
  }

  static Double punctuality(CustomerState state) {
    int paid = state.getInvoicesPaidOnTime() + state.getInvoicesPaidLate();
    return paid == 0 ? null : (double) state.getInvoicesPaidOnTime() / paid;
  }

  /** The contributions, for tests and readers. */
  static List<HealthContribution> contributions(CustomerHealth health) {
    return health.getContributions();
  }
}
