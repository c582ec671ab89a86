package io.carteira.operators.customer;

import io.carteira.schemas.CustomerState;
import io.carteira.schemas.HealthBand;
import io.carteira.schemas.HealthContribution;
import io.carteira.schemas.Lifecycle;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A first, explainable health score: 100 minus named penalties, clamped to 0–100. Each
 * contribution is listed with the value behind it, so a person can see why.
 */
public final class HealthScore {

  public static final int HEALTHY_FROM = 75;
  public static final int ATTENTION_FROM = 50;
  public static final int AT_RISK_FROM = 25;

  private HealthScore() {}

  public record Result(int score, HealthBand band, List<HealthContribution> contributions) {}

  public static Result score(CustomerState state, Lifecycle lifecycle, int daysPastDue, Integer daysSinceActivity, Instant asOf) {
    List<HealthContribution> parts = new ArrayList<>();
    if (lifecycle == Lifecycle.CHURNED) {
      parts.add(part("churned", -100, "the customer has cancelled"));
      return new Result(0, HealthBand.CRITICAL, parts);
    }
    if (daysPastDue > 0) {
      parts.add(part("days_past_due", -Math.min(40, 10 + 2 * daysPastDue), daysPastDue + " days past due"));
    }
    int paid = state.getInvoicesPaidOnTime() + state.getInvoicesPaidLate();
    if (paid >= 2 && state.getInvoicesPaidLate() > 0) {
      double punctuality = (double) state.getInvoicesPaidOnTime() / paid;
      parts.add(part("punctuality", -(int) Math.round((1 - punctuality) * 20),
          state.getInvoicesPaidLate() + " of " + paid + " invoices paid late"));
    }
    int failedOnOpen = state.getOpenInvoices().stream().mapToInt(i -> i.getFailedAttempts()).sum();
    if (failedOnOpen > 0) {
      parts.add(part("failed_payments", -Math.min(15, 5 * failedOnOpen), failedOnOpen + " failed attempts on open invoices"));
    }
    if (daysSinceActivity == null) {
      if (state.getStartedAt() != null && Duration.between(state.getStartedAt(), asOf).toDays() > 14) {
        parts.add(part("engagement", -25, "no activity since the start"));
      }
    } else if (daysSinceActivity > 30) {
      parts.add(part("engagement", -25, "no activity for " + daysSinceActivity + " days"));
    } else if (daysSinceActivity > 14) {
      parts.add(part("engagement", -15, "no activity for " + daysSinceActivity + " days"));
    } else if (daysSinceActivity > 7) {
      parts.add(part("engagement", -5, "no activity for " + daysSinceActivity + " days"));
    }
    if (state.getOpenTickets() > 0) {
      parts.add(part("support_load", -Math.min(15, 5 * state.getOpenTickets()), state.getOpenTickets() + " support tickets open"));
    }
    Integer survey = state.getLastSurveyScore();
    if (survey != null && survey <= 6) {
      parts.add(part("survey_score", -15, "detractor (NPS " + survey + ")"));
    } else if (survey != null && survey <= 8) {
      parts.add(part("survey_score", -5, "passive (NPS " + survey + ")"));
    }
    if (state.getCancellationRequested()) {
      parts.add(part("cancellation_requested", -30, "the customer asked to cancel"));
    }
    if (state.getStartedAt() != null && Duration.between(state.getStartedAt(), asOf).toDays() >= 365) {
      parts.add(part("tenure", 5, "customer for over a year"));
    }
    int score = 100;
    for (HealthContribution part : parts) {
      score += part.getPoints();
    }
    score = Math.max(0, Math.min(100, score));
    return new Result(score, band(score), parts);
  }

  public static HealthBand band(int score) {
    if (score >= HEALTHY_FROM) {
      return HealthBand.HEALTHY;
    }
    if (score >= ATTENTION_FROM) {
      return HealthBand.ATTENTION;
    }
    return score >= AT_RISK_FROM ? HealthBand.AT_RISK : HealthBand.CRITICAL;
  }

  private static HealthContribution part(String name, int points, String detail) {
    return new HealthContribution(name, points, detail);
  }
}
