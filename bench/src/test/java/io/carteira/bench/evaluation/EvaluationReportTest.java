package io.carteira.bench.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import io.carteira.bench.evaluation.Evaluation.Result;
import io.carteira.bench.evaluation.Evaluation.Scope;
import io.carteira.bench.evaluation.Evaluation.SystemScore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EvaluationReportTest {

  /** 100 customers, 60 churners: 30 voluntary, 10 involuntary, 20 of unknown type. */
  private static Result run() {
    Map<Scope, Integer> churners = new LinkedHashMap<>();
    churners.put(Scope.ALL, 60);
    churners.put(Scope.VOLUNTARY, 30);
    churners.put(Scope.INVOLUNTARY, 10);
    AlertScorer.Score recalledNone =
        new AlertScorer.Score(10, 0, 0, 0, 0, 0, 0, Double.NaN, Double.NaN);
    AlertScorer.Score some = new AlertScorer.Score(60, 30, 40, 30, 0.5, 0.75, 0.6, 12.5, 3.0);
    Map<Scope, AlertScorer.Score> scores = new LinkedHashMap<>();
    scores.put(Scope.ALL, some);
    scores.put(Scope.VOLUNTARY, some);
    scores.put(Scope.INVOLUNTARY, recalledNone);
    SystemScore carteira =
        new SystemScore("carteira", scores, new AlertScorer.Budget(3.0, 1.0, 2.0));
    return new Result("tiny", 100, churners, List.of(carteira), List.of(), List.of());
  }

  @Test
  void eachRunStatesTheBaseRateAPrecisionIsReadAgainst() {
    String md = EvaluationReport.markdown("t", List.of(run()), null);

    assertThat(md)
        .contains(
            "churners: 30 voluntary, 10 involuntary, 20 of unknown type (all churn only)."
                + " Base rate (churners ÷ customers): all 0.60, voluntary 0.38, involuntary"
                + " 0.13");
  }

  @Test
  void aLeadWithNoChurnerRecalledIsADashNotNaN() {
    String md = EvaluationReport.markdown("t", List.of(run()), null);

    assertThat(md).doesNotContain("NaN");
    assertThat(md).contains("| involuntary | 10 | 0.00 | 0.00 | 0.00 | – | – |");
    assertThat(md).contains("| 0.50 | 0.75 | 0.60 | 12.5 | 3.0 |");
  }
}
