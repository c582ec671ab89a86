package io.carteira.bench.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import io.carteira.bench.evaluation.Evaluation.Scope;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The alert-quality evaluation on a small portfolio of the generator's evaluation profile (noise of
 * customers who stay included), through the real job: recall and precision per churn kind must not
 * fall under the floors, the alerts open at once must stay within the desk's budget (5 per 100
 * customers) and the median lead at 14 days or more, set a little under what the job reached when
 * they were last raised. A change that makes the alerts worse by the numbers fails here; one that
 * makes them better should raise the floors. Seed 5 is neither a tuning seed (1, 2) nor a held-out
 * one (7, 8, 9).
 */
class AlertQualityIT {

  static final long SEED = 5;
  static final int CUSTOMERS = 400;
  static final int DAYS = 180;

  /**
   * Floors: recall, precision. Measured with the built-in policy (one alert per customer and churn
   * type, {@code risk.open_from} 50 voluntary and 70 involuntary): all 1.00 / 0.98, voluntary 1.00
   * / 0.97, involuntary 1.00 / 1.00.
   */
  static final Map<Scope, double[]> FLOORS =
      Map.of(
          Scope.ALL, new double[] {0.95, 0.95},
          Scope.VOLUNTARY, new double[] {0.95, 0.94},
          Scope.INVOLUNTARY, new double[] {0.95, 0.97});

  /** Alerts open at once, per 100 customers, at most: the desk's budget (measured 4.3). */
  static final double OPEN_AT_MOST_PER_100 = 5.0;

  /** Median lead of all churn, days: the target (measured 17.1). */
  static final double LEAD_MEDIAN_FLOOR_DAYS = 14;

  @Test
  void recallAndPrecisionPerChurnKindStayAboveTheirFloors() throws Exception {
    LabelledPortfolio portfolio = LabelledPortfolio.generated(SEED, CUSTOMERS, DAYS, true);
    JobReplay.Outputs outputs = JobReplay.run(portfolio.events(), portfolio.zone(), Map.of());
    Evaluation.Result result = Evaluation.score(portfolio, outputs.alerts(), outputs.health());
    System.out.print(
        EvaluationReport.markdown(portfolio.summary(), java.util.List.of(result), null));

    assertThat(result.churners().get(Scope.VOLUNTARY)).as("voluntary churners").isPositive();
    assertThat(result.churners().get(Scope.INVOLUNTARY)).as("involuntary churners").isPositive();
    FLOORS.forEach(
        (scope, floor) -> {
          AlertScorer.Score score = result.carteira().scores().get(scope);
          assertThat(score.recall()).as(scope + " recall").isGreaterThanOrEqualTo(floor[0]);
          assertThat(score.precision()).as(scope + " precision").isGreaterThanOrEqualTo(floor[1]);
        });
    assertThat(result.carteira().budget().maxOpenPer100())
        .as("open alerts per 100 customers, at most")
        .isLessThanOrEqualTo(OPEN_AT_MOST_PER_100);
    assertThat(result.carteira().scores().get(Scope.ALL).medianLeadDays())
        .as("median lead, days")
        .isGreaterThanOrEqualTo(LEAD_MEDIAN_FLOOR_DAYS);
  }
}
