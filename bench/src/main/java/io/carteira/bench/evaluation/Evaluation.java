package io.carteira.bench.evaluation;

import io.carteira.schemas.ChurnType;
import io.carteira.schemas.CustomerHealth;
import io.carteira.schemas.RiskAlert;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Scores what the job wrote for a labelled portfolio, beside the naive baselines computed from the
 * same input and outputs: per churn kind, per pattern, the alert budget, and precision against
 * recall as the risk score an alert must reach to be shown rises.
 */
public final class Evaluation {

  /** How soon after an alert a churn makes it right. */
  public static final Duration HORIZON = Duration.ofDays(60);

  /** The scope of a score: all churn, or one kind. */
  public enum Scope {
    ALL,
    VOLUNTARY,
    INVOLUNTARY
  }

  /** One point of the precision–recall curve: alerts shown from {@code minRiskScore} up. */
  public record CurvePoint(int minRiskScore, double precision, double recall, double newPer100) {}

  /** One pattern's reach: alerts it opened, on how many customers, and how many of them churned. */
  public record PatternScore(String pattern, int opened, AlertScorer.Score score) {}

  /**
   * @param system "carteira" or a baseline's name
   * @param scores by scope
   */
  public record SystemScore(
      String system, Map<Scope, AlertScorer.Score> scores, AlertScorer.Budget budget) {}

  /** Everything a run measured. */
  public record Result(
      String portfolio,
      int customers,
      Map<Scope, Integer> churners,
      List<SystemScore> systems,
      List<PatternScore> patterns,
      List<CurvePoint> curve) {

    public SystemScore carteira() {
      return systems.get(0);
    }

    /** The baseline with the best F1 over all churn. */
    public SystemScore bestBaseline() {
      return systems.subList(1, systems.size()).stream()
          .max(Comparator.comparingDouble(s -> s.scores().get(Scope.ALL).f1()))
          .orElseThrow();
    }
  }

  private Evaluation() {}

  /** Scores the job's outputs for {@code portfolio}. */
  public static Result score(
      LabelledPortfolio portfolio, List<RiskAlert> riskAlerts, List<CustomerHealth> health) {
    AlertScorer scorer =
        new AlertScorer(
            portfolio.labels(), HORIZON, portfolio.observedFrom(), portfolio.observedUntil());
    List<AlertChange> carteira = riskAlerts.stream().map(Evaluation::change).toList();
    Map<String, List<AlertChange>> systems = new LinkedHashMap<>();
    systems.put("carteira", carteira);
    var events = portfolio.customerEvents();
    systems.put(
        NaiveBaselines.NO_LOGIN_30_DAYS,
        NaiveBaselines.noLoginFor30Days(events, portfolio.observedUntil()));
    systems.put(NaiveBaselines.TWO_FAILED_PAYMENTS, NaiveBaselines.twoFailedPaymentsInARow(events));
    systems.put(NaiveBaselines.HEALTH_AT_RISK, NaiveBaselines.healthAtRisk(health));
    List<SystemScore> scored = new ArrayList<>();
    systems.forEach(
        (name, alerts) -> {
          Map<Scope, AlertScorer.Score> byScope = new LinkedHashMap<>();
          byScope.put(Scope.ALL, scorer.all(alerts));
          byScope.put(Scope.VOLUNTARY, scorer.of(ChurnKind.VOLUNTARY, alerts));
          byScope.put(Scope.INVOLUNTARY, scorer.of(ChurnKind.INVOLUNTARY, alerts));
          scored.add(new SystemScore(name, byScope, scorer.budget(alerts)));
        });
    List<PatternScore> patterns = new ArrayList<>();
    for (String pattern : new TreeSet<>(carteira.stream().map(AlertChange::pattern).toList())) {
      int opened =
          (int)
              carteira.stream()
                  .filter(a -> a.pattern().equals(pattern))
                  .filter(a -> a.status() == AlertChange.Status.OPEN)
                  .count();
      patterns.add(new PatternScore(pattern, opened, scorer.ofPattern(pattern, carteira)));
    }
    Map<Scope, Integer> churners = new LinkedHashMap<>();
    AlertScorer.Score all = scored.get(0).scores().get(Scope.ALL);
    churners.put(Scope.ALL, all.churners());
    churners.put(Scope.VOLUNTARY, scored.get(0).scores().get(Scope.VOLUNTARY).churners());
    churners.put(Scope.INVOLUNTARY, scored.get(0).scores().get(Scope.INVOLUNTARY).churners());
    return new Result(
        portfolio.name(),
        portfolio.labels().size(),
        churners,
        scored,
        patterns,
        curve(scorer, carteira));
  }

  /**
   * Precision and recall (all churn) if only alerts whose risk score reached a threshold were
   * shown: each alert counts from its first change at or above it.
   */
  static List<CurvePoint> curve(AlertScorer scorer, List<AlertChange> alerts) {
    List<CurvePoint> points = new ArrayList<>();
    for (int threshold = 0; threshold <= 100; threshold += 5) {
      List<AlertChange> shown = atLeast(alerts, threshold);
      AlertScorer.Score s = scorer.all(shown);
      points.add(
          new CurvePoint(
              threshold, s.precision(), s.recall(), scorer.budget(shown).newPer100Per30Days()));
    }
    return points;
  }

  /** The alerts as shown only from their first change with a risk score of {@code min} or more. */
  static List<AlertChange> atLeast(List<AlertChange> alerts, int min) {
    Map<String, List<AlertChange>> byAlert = new HashMap<>();
    for (AlertChange a : alerts) {
      byAlert.computeIfAbsent(a.alertId(), id -> new ArrayList<>()).add(a);
    }
    List<AlertChange> shown = new ArrayList<>();
    for (List<AlertChange> life : new TreeMap<>(byAlert).values()) {
      life.sort(Comparator.comparing(AlertChange::at));
      boolean open = false;
      for (AlertChange a : life) {
        if (!open && a.status() != AlertChange.Status.RESOLVED && a.riskScore() >= min) {
          open = true;
          shown.add(
              new AlertChange(
                  a.alertId(),
                  a.customerId(),
                  a.pattern(),
                  a.churnType(),
                  AlertChange.Status.OPEN,
                  a.riskScore(),
                  a.at()));
        } else if (open && a.status() == AlertChange.Status.RESOLVED) {
          shown.add(a);
        }
      }
    }
    return shown;
  }

  /** One record of {@code risk-alerts} as the scorer reads it. */
  static AlertChange change(RiskAlert alert) {
    return new AlertChange(
        alert.getAlertId(),
        alert.getCustomerId(),
        alert.getPattern(),
        alert.getChurnType() == ChurnType.INVOLUNTARY ? ChurnKind.INVOLUNTARY : ChurnKind.VOLUNTARY,
        AlertChange.Status.valueOf(alert.getStatus().name()),
        alert.getRiskScore(),
        alert.getEventTime());
  }
}
