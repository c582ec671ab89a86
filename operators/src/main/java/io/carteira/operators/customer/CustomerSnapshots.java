package io.carteira.operators.customer;

import io.carteira.operators.model.Standing;
import io.carteira.operators.model.UsageHistory;
import io.carteira.operators.policy.Policy;
import io.carteira.operators.segment.ValueTiers;
import io.carteira.operators.time.Deadlines;
import io.carteira.schemas.CustomerActivity;
import io.carteira.schemas.CustomerHealth;
import io.carteira.schemas.CustomerState;
import io.carteira.schemas.Lifecycle;
import io.carteira.schemas.OpenInvoice;
import io.carteira.schemas.PortfolioStatus;
import io.carteira.schemas.SegmentSnapshot;
import io.carteira.schemas.ValueTier;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;

/**
 * What a customer looks like at an instant under a policy: lifecycle, portfolio status, segment,
 * days past due, open balance, usage trend, plan utilisation and health. A pure function of (state,
 * instant, policy, value tier); {@link #nextChange} says when time alone will change it.
 */
public final class CustomerSnapshots {

  /** Days without activity at which the engagement contribution of the health score steps. */
  static final int[] IDLE_STEPS = {7, 14, 30};

  private CustomerSnapshots() {}

  public static CustomerHealth snapshot(
      CustomerState state,
      CustomerActivity activity,
      Instant asOf,
      Policy policy,
      ZoneId zone,
      ValueTier tier,
      String causeId) {
    LocalDate today = asOf.atZone(zone).toLocalDate();
    int daysPastDue = Standing.daysPastDue(state, today);
    long openBalance = 0;
    for (OpenInvoice invoice : state.getOpenInvoices()) {
      openBalance += invoice.getAmountMinor();
    }
    Lifecycle lifecycle = lifecycle(state, asOf, today, daysPastDue, policy);
    Integer daysSinceActivity =
        activity.getLastActivityAt() == null
            ? null
            : (int) Duration.between(activity.getLastActivityAt(), asOf).toDays();
    Double trend = UsageHistory.trend(activity, asOf, zone, policy.engagement().baselineWeeks());
    Double utilisation = Standing.planUtilisation(state);
    HealthScore.Result health =
        HealthScore.score(
            state,
            new HealthScore.Facts(
                lifecycle, daysPastDue, daysSinceActivity, trend, utilisation, asOf),
            policy);
    return CustomerHealth.newBuilder()
        .setCustomerId(state.getCustomerId())
        .setCustomerName(state.getCustomerName())
        .setPlanId(state.getPlanId())
        .setMrrMinor(state.getMrrMinor())
        .setCurrency(state.getCurrency())
        .setLifecycle(lifecycle)
        .setPortfolioStatus(portfolioStatus(lifecycle))
        .setSegment(
            SegmentSnapshot.newBuilder()
                .setValueTier(tier)
                .setPaymentBehaviour(
                    Standing.paymentBehaviour(state, daysPastDue, policy.punctuality()))
                .setEngagement(
                    Standing.engagement(
                        state, asOf, daysSinceActivity, trend, utilisation, policy.engagement()))
                .setLifecycle(lifecycle)
                .build())
        .setHealthScore(health.score())
        .setHealthBand(health.band())
        .setContributions(health.contributions())
        .setDaysPastDue(daysPastDue)
        .setOpenBalanceMinor(openBalance)
        .setOpenInvoices(state.getOpenInvoices().size())
        .setOpenAlerts(0)
        .setUsageTrend(trend)
        .setPaymentPunctuality(Standing.punctuality(state))
        .setPlanUtilisation(utilisation)
        .setExpansionPotential(
            utilisation != null
                && utilisation >= policy.expansionUtilisation()
                && !state.getChurned())
        .setLastActivityAt(activity.getLastActivityAt())
        .setAccountOwner(state.getAccountOwner())
        .setPreferredChannel(state.getPreferredChannel())
        .setPolicyVersion(policy.version())
        .setPolicySegment(policy.segment())
        .setAsOf(asOf)
        .setLastEventId(causeId)
        .setUnpaidInvoices(InvoiceStandings.of(state.getOpenInvoices(), today))
        .build();
  }

  /**
   * The next instant after {@code asOf} at which the snapshot can change with time alone: an
   * invoice falls due or ages a day, onboarding ends, the renewal window opens, a week of usage
   * completes, a customer crosses a threshold of days without activity. Null when none is pending.
   */
  public static Instant nextChange(
      CustomerState state, CustomerActivity activity, Instant asOf, Policy policy, ZoneId zone) {
    LocalDate today = asOf.atZone(zone).toLocalDate();
    Instant next = null;
    for (OpenInvoice invoice : state.getOpenInvoices()) {
      if (invoice.getDueDate() != null) {
        LocalDate day =
            today.isAfter(invoice.getDueDate())
                ? today.plusDays(1)
                : invoice.getDueDate().plusDays(1);
        next = Deadlines.earliest(next, day.atStartOfDay(zone).toInstant(), asOf);
      }
    }
    if (state.getChurned() || state.getStartedAt() == null) {
      return next;
    }
    next =
        Deadlines.earliest(
            next, state.getStartedAt().plus(Duration.ofDays(policy.onboardingDays())), asOf);
    if (state.getContractEndDate() != null) {
      next =
          Deadlines.earliest(
              next,
              state
                  .getContractEndDate()
                  .minusDays(policy.renewalWindowDays())
                  .atStartOfDay(zone)
                  .toInstant(),
              asOf);
    }
    next = Deadlines.earliest(next, UsageHistory.nextWeek(activity, asOf, zone), asOf);
    Instant since =
        activity.getLastActivityAt() != null ? activity.getLastActivityAt() : state.getStartedAt();
    for (int step : IDLE_STEPS) {
      next = Deadlines.earliest(next, since.plus(Duration.ofDays(step + 1L)), asOf);
    }
    next =
        Deadlines.earliest(
            next, since.plus(Duration.ofDays(policy.engagement().dormantAfterDays() + 1L)), asOf);
    if (activity.getLastActivityAt() == null) {
      next = Deadlines.earliest(next, state.getStartedAt().plus(Duration.ofDays(15)), asOf);
    }
    return next;
  }

  /**
   * When the customer's state may be dropped: {@code retention_days} after its latest event or
   * activity.
   */
  public static Instant retentionEnds(
      CustomerState state, CustomerActivity activity, Policy policy) {
    Instant last = state.getLastEventTime();
    if (activity.getLastActivityAt() != null && activity.getLastActivityAt().isAfter(last)) {
      last = activity.getLastActivityAt();
    }
    return last.plus(Duration.ofDays(policy.retentionDays()));
  }

  static Lifecycle lifecycle(
      CustomerState state, Instant asOf, LocalDate today, int daysPastDue, Policy policy) {
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
    if (contractEnd != null
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

  /** The segment whose policy applies to a customer of {@code tier}. */
  public static String policySegment(ValueTier tier) {
    return ValueTiers.segmentOf(tier);
  }
}
