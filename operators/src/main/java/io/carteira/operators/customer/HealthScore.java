package io.carteira.operators.customer;

import io.carteira.operators.policy.Policy;
import io.carteira.schemas.CustomerState;
import io.carteira.schemas.HealthBand;
import io.carteira.schemas.HealthContribution;
import io.carteira.schemas.Lifecycle;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * An explainable health score: 100 plus named contributions (mostly penalties), each scaled by its
 * weight in the policy, clamped to 0–100 and banded by the policy's cut-offs. Each contribution
 * carries the value behind it, so a person can see why.
 */
public final class HealthScore {

  private HealthScore() {}

  /** The facts the score reads, already worked out by {@link CustomerSnapshots}. */
  public record Facts(
      Lifecycle lifecycle,
      int daysPastDue,
      Integer daysSinceActivity,
      Double usageTrend,
      Double planUtilisation,
      Instant asOf) {}

  public record Result(int score, HealthBand band, List<HealthContribution> contributions) {}

  public static Result score(CustomerState state, Facts facts, Policy policy) {
    List<HealthContribution> parts = new ArrayList<>();
    if (facts.lifecycle() == Lifecycle.CHURNED) {
      parts.add(new HealthContribution("churned", -100, "the customer has cancelled"));
      return new Result(0, HealthBand.CRITICAL, parts);
    }
    int dpd = facts.daysPastDue();
    if (dpd > 0) {
      add(parts, policy, "days_past_due", -Math.min(40, 10 + 2 * dpd), dpd + " days past due");
    }
    int paid = state.getInvoicesPaidOnTime() + state.getInvoicesPaidLate();
    if (paid >= 2 && state.getInvoicesPaidLate() > 0) {
      double lateShare = (double) state.getInvoicesPaidLate() / paid;
      add(
          parts,
          policy,
          "punctuality",
          -(int) Math.round(lateShare * 20),
          state.getInvoicesPaidLate() + " of " + paid + " invoices paid late");
    }
    int failedOnOpen = state.getOpenInvoices().stream().mapToInt(i -> i.getFailedAttempts()).sum();
    if (failedOnOpen > 0) {
      add(
          parts,
          policy,
          "failed_payments",
          -Math.min(15, 5 * failedOnOpen),
          failedOnOpen + " failed attempts on open invoices");
    }
    Integer idle = facts.daysSinceActivity();
    if (idle == null) {
      if (state.getStartedAt() != null
          && Duration.between(state.getStartedAt(), facts.asOf()).toDays() > 14) {
        add(parts, policy, "engagement", -25, "no activity since the start");
      }
    } else if (idle > 30) {
      add(parts, policy, "engagement", -25, "no activity for " + idle + " days");
    } else if (idle > 14) {
      add(parts, policy, "engagement", -15, "no activity for " + idle + " days");
    } else if (idle > 7) {
      add(parts, policy, "engagement", -5, "no activity for " + idle + " days");
    }
    Double trend = facts.usageTrend();
    if (trend != null && trend < policy.engagement().mediumTrend()) {
      add(
          parts,
          policy,
          "engagement_trend",
          trend < policy.engagement().mediumTrend() / 2 ? -20 : -10,
          "usage at " + Math.round(trend * 100) + "% of its usual");
    }
    if (state.getOpenTickets() > 0) {
      add(
          parts,
          policy,
          "support_load",
          -Math.min(15, 5 * state.getOpenTickets()),
          state.getOpenTickets() + " support tickets open");
    }
    Integer survey = state.getLastSurveyScore();
    if (survey != null && survey <= 6) {
      add(parts, policy, "survey_score", -15, "detractor (NPS " + survey + ")");
    } else if (survey != null && survey <= 8) {
      add(parts, policy, "survey_score", -5, "passive (NPS " + survey + ")");
    }
    Double utilisation = facts.planUtilisation();
    if (utilisation != null && utilisation < 0.25) {
      add(
          parts,
          policy,
          "plan_utilisation",
          -5,
          state.getSeatsInUse() + " of " + state.getPlanLimit() + " seats in use");
    }
    if (state.getCancellationRequested()) {
      add(parts, policy, "cancellation_requested", -30, "the customer asked to cancel");
    }
    if (state.getStartedAt() != null
        && Duration.between(state.getStartedAt(), facts.asOf()).toDays() >= 365) {
      add(parts, policy, "tenure", 5, "customer for over a year");
    }
    int score = 100;
    for (HealthContribution part : parts) {
      score += part.getPoints();
    }
    score = Math.max(0, Math.min(100, score));
    return new Result(score, band(score, policy.bands()), parts);
  }

  public static HealthBand band(int score, Policy.Bands bands) {
    if (score >= bands.healthy()) {
      return HealthBand.HEALTHY;
    }
    if (score >= bands.attention()) {
      return HealthBand.ATTENTION;
    }
    return score >= bands.atRisk() ? HealthBand.AT_RISK : HealthBand.CRITICAL;
  }

  private static void add(
      List<HealthContribution> parts, Policy policy, String name, int basePoints, String detail) {
    int points = (int) Math.round(basePoints * policy.weight(name));
    if (points != 0) {
      parts.add(new HealthContribution(name, points, detail));
    }
  }
}
