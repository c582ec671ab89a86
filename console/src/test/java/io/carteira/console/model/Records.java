package io.carteira.console.model;

import io.carteira.schemas.AlertStatus;
import io.carteira.schemas.ChurnType;
import io.carteira.schemas.CustomerHealth;
import io.carteira.schemas.Engagement;
import io.carteira.schemas.HealthBand;
import io.carteira.schemas.Lifecycle;
import io.carteira.schemas.MetricWindow;
import io.carteira.schemas.PaymentBehaviour;
import io.carteira.schemas.PortfolioMetric;
import io.carteira.schemas.PortfolioStatus;
import io.carteira.schemas.RiskAlert;
import io.carteira.schemas.SegmentSnapshot;
import io.carteira.schemas.Severity;
import io.carteira.schemas.ValueTier;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** Output records made by hand for the model's tests. */
public final class Records {

  public static final Instant T = Instant.parse("2026-12-05T12:00:00Z");

  private Records() {}

  public static SegmentSnapshot segment(ValueTier tier, Lifecycle lifecycle) {
    return SegmentSnapshot.newBuilder()
        .setValueTier(tier)
        .setPaymentBehaviour(PaymentBehaviour.PUNCTUAL)
        .setEngagement(Engagement.HIGH)
        .setLifecycle(lifecycle)
        .build();
  }

  public static CustomerHealth health(
      String id, String name, long mrr, Lifecycle lifecycle, HealthBand band, int score) {
    return CustomerHealth.newBuilder()
        .setCustomerId(id)
        .setCustomerName(name)
        .setMrrMinor(mrr)
        .setCurrency("BRL")
        .setLifecycle(lifecycle)
        .setPortfolioStatus(
            lifecycle == Lifecycle.CHURNED ? PortfolioStatus.INACTIVE : PortfolioStatus.ACTIVE)
        .setSegment(segment(ValueTier.MID_MARKET, lifecycle))
        .setHealthScore(score)
        .setHealthBand(band)
        .setPolicySegment("mid_market")
        .setAsOf(T)
        .setLastEventId("e-" + id)
        .build();
  }

  public static RiskAlert alert(
      String alertId, String customer, AlertStatus status, int score, long mrr, Severity severity) {
    return RiskAlert.newBuilder()
        .setAlertId(alertId)
        .setCustomerId(customer)
        .setPattern("FAILED_PAYMENT_STREAK")
        .setChurnType(ChurnType.INVOLUNTARY)
        .setSeverity(severity)
        .setRiskScore(score)
        .setStatus(status)
        .setMrrAtRiskMinor(mrr)
        .setCurrency("BRL")
        .setSegment(segment(ValueTier.KEY_ACCOUNT, Lifecycle.ACTIVE))
        .setRecommendedAction("call")
        .setPolicyVersion(0)
        .setEventTime(T.plus(Duration.ofMinutes(score)))
        .setDetectedAt(T)
        .build();
  }

  public static PortfolioMetric metric(
      String name, int day, Long minor, Double value, boolean provisional, Map<String, String> d) {
    Instant start = T.plus(Duration.ofDays(day));
    return PortfolioMetric.newBuilder()
        .setMetric(name)
        .setWindowKind(MetricWindow.DAY)
        .setWindowStart(start)
        .setWindowEnd(start.plus(Duration.ofDays(1)))
        .setDimensions(Map.copyOf(d))
        .setValue(value)
        .setValueMinor(minor)
        .setCurrency("BRL")
        .setDefinitionVersion(3)
        .setProvisional(provisional)
        .build();
  }
}
