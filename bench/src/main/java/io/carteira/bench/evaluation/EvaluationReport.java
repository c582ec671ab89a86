package io.carteira.bench.evaluation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.carteira.bench.evaluation.Evaluation.CurvePoint;
import io.carteira.bench.evaluation.Evaluation.PatternScore;
import io.carteira.bench.evaluation.Evaluation.Result;
import io.carteira.bench.evaluation.Evaluation.Scope;
import io.carteira.bench.evaluation.Evaluation.SystemScore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Writes an evaluation's results: JSON, markdown tables, and a precision–recall plot. */
public final class EvaluationReport {

  private EvaluationReport() {}

  /** The markdown report of one or more runs (one per seed), and their mean for all churn. */
  public static String markdown(String title, List<Result> runs, String plot) {
    StringBuilder md = new StringBuilder("# ").append(title).append("\n\n");
    md.append(
        "Recall: churners of a kind with an alert of that kind opened before they churned."
            + " Precision: alerted customers who churned (of that kind) within 60 days of the first"
            + " alert; alerts younger than 60 days at the end on customers who stayed are left out."
            + " Lead: days from the first right alert to the churn. Budget: open alerts per 100"
            + " customers (max, mean) and alerts opened per 100 customers per 30 days.\n\n");
    if (runs.size() > 1) {
      md.append("## Mean over the runs\n\n").append(header());
      for (int s = 0; s < runs.get(0).systems().size(); s++) {
        for (Scope scope : Scope.values()) {
          md.append(meanRow(runs, s, scope));
        }
      }
      md.append('\n');
    }
    for (Result run : runs) {
      md.append("## ").append(run.portfolio()).append("\n\n");
      md.append(churners(run));
      md.append(header());
      for (SystemScore system : run.systems()) {
        for (Scope scope : Scope.values()) {
          md.append(row(system.system(), scope, system.scores().get(scope), system.budget()));
        }
      }
      md.append("\nPer pattern (Carteira): precision of all churn within 60 days.\n\n");
      md.append("| pattern | opened | customers judged | churned in time | precision |\n");
      md.append("|---|---:|---:|---:|---:|\n");
      for (PatternScore p : run.patterns()) {
        md.append(
            String.format(
                Locale.ROOT,
                "| %s | %d | %d | %d | %.2f |%n",
                p.pattern(),
                p.opened(),
                p.score().alertedCustomers(),
                p.score().alertedWhoChurned(),
                p.score().precision()));
      }
      md.append("\nRisk score threshold (all churn):\n\n");
      md.append("| min risk score | precision | recall | new per 100 per 30 d |\n");
      md.append("|---:|---:|---:|---:|\n");
      for (CurvePoint c : run.curve()) {
        md.append(
            String.format(
                Locale.ROOT,
                "| %d | %.2f | %.2f | %.1f |%n",
                c.minRiskScore(),
                c.precision(),
                c.recall(),
                c.newPer100()));
      }
      md.append('\n');
    }
    if (plot != null) {
      md.append("![precision and recall](").append(plot).append(")\n");
    }
    return md.toString();
  }

  /**
   * A run's churners by kind, and the base rate beside which a precision is read: the share of the
   * scored customers who churned (of a kind: among the customers whose kind is known).
   */
  static String churners(Result run) {
    int all = run.churners().get(Scope.ALL);
    int voluntary = run.churners().get(Scope.VOLUNTARY);
    int involuntary = run.churners().get(Scope.INVOLUNTARY);
    int unknown = all - voluntary - involuntary;
    double known = Math.max(1, run.customers() - unknown);
    return String.format(
        Locale.ROOT,
        "%,d customers; churners: %d voluntary, %d involuntary%s. Base rate (churners ÷"
            + " customers): all %.2f, voluntary %.2f, involuntary %.2f%s.%n%n",
        run.customers(),
        voluntary,
        involuntary,
        unknown == 0 ? "" : ", " + unknown + " of unknown type (all churn only)",
        (double) all / Math.max(1, run.customers()),
        voluntary / known,
        involuntary / known,
        unknown == 0 ? "" : " (of a kind: among the customers whose kind is known)");
  }

  /** A lead in days, or a dash when there is none (no churner recalled). */
  static String days(double days) {
    return Double.isNaN(days) ? "–" : String.format(Locale.ROOT, "%.1f", days);
  }

  private static String header() {
    return "| system | churn | churners | recall | precision | F1 | lead median (d) | lead p25 (d)"
        + " | open max /100 | open mean /100 | new /100/30 d |\n"
        + "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n";
  }

  private static String row(
      String system, Scope scope, AlertScorer.Score s, AlertScorer.Budget budget) {
    boolean all = scope == Scope.ALL;
    return String.format(
        Locale.ROOT,
        "| %s | %s | %d | %.2f | %.2f | %.2f | %s | %s | %s | %s | %s |%n",
        all ? system : "",
        scope.name().toLowerCase(Locale.ROOT),
        s.churners(),
        s.recall(),
        s.precision(),
        s.f1(),
        days(s.medianLeadDays()),
        days(s.p25LeadDays()),
        all ? String.format(Locale.ROOT, "%.1f", budget.maxOpenPer100()) : "",
        all ? String.format(Locale.ROOT, "%.1f", budget.meanOpenPer100()) : "",
        all ? String.format(Locale.ROOT, "%.1f", budget.newPer100Per30Days()) : "");
  }

  private static String meanRow(List<Result> runs, int system, Scope scope) {
    boolean all = scope == Scope.ALL;
    String name = runs.get(0).systems().get(system).system();
    return String.format(
        Locale.ROOT,
        "| %s | %s | %.0f | %.2f | %.2f | %.2f | %.1f | %.1f | %s | %s | %s |%n",
        all ? name : "",
        scope.name().toLowerCase(Locale.ROOT),
        mean(runs, r -> r.systems().get(system).scores().get(scope).churners()),
        mean(runs, r -> r.systems().get(system).scores().get(scope).recall()),
        mean(runs, r -> r.systems().get(system).scores().get(scope).precision()),
        mean(runs, r -> r.systems().get(system).scores().get(scope).f1()),
        mean(runs, r -> r.systems().get(system).scores().get(scope).medianLeadDays()),
        mean(runs, r -> r.systems().get(system).scores().get(scope).p25LeadDays()),
        all
            ? String.format(
                Locale.ROOT,
                "%.1f",
                max(runs, r -> r.systems().get(system).budget().maxOpenPer100()))
            : "",
        all
            ? String.format(
                Locale.ROOT,
                "%.1f",
                mean(runs, r -> r.systems().get(system).budget().meanOpenPer100()))
            : "",
        all
            ? String.format(
                Locale.ROOT,
                "%.1f",
                mean(runs, r -> r.systems().get(system).budget().newPer100Per30Days()))
            : "");
  }

  /** The mean of a figure over the runs (NaN figures, such as a lead with no recall, left out). */
  static double mean(List<Result> runs, java.util.function.ToDoubleFunction<Result> figure) {
    return runs.stream().mapToDouble(figure).filter(d -> !Double.isNaN(d)).average().orElse(0);
  }

  static double max(List<Result> runs, java.util.function.ToDoubleFunction<Result> figure) {
    return runs.stream().mapToDouble(figure).max().orElse(0);
  }

  /** The results as JSON. */
  public static String json(String title, List<Result> runs) throws IOException {
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = mapper.createObjectNode().put("title", title);
    ArrayNode array = root.putArray("runs");
    for (Result run : runs) {
      array.add(mapper.valueToTree(run));
    }
    return mapper.writeValueAsString(root).replace("NaN", "null");
  }

  /**
   * Precision against recall (all churn) as the risk-score threshold rises, one line per run, with
   * each naive baseline as a point.
   */
  public static void plot(List<Result> runs, Path png) throws IOException {
    XYChart chart =
        new XYChartBuilder()
            .width(900)
            .height(600)
            .title("Alert quality: precision against recall (all churn, 60-day horizon)")
            .xAxisTitle("recall")
            .yAxisTitle("precision")
            .build();
    chart.getStyler().setXAxisMin(0.0).setXAxisMax(1.0).setYAxisMin(0.0).setYAxisMax(1.0);
    chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideS);
    for (Result run : runs) {
      List<CurvePoint> curve = run.curve();
      XYSeries series =
          chart.addSeries(
              "Carteira, risk score threshold 0-100: " + shortName(run.portfolio()),
              curve.stream().map(CurvePoint::recall).toList(),
              curve.stream().map(CurvePoint::precision).toList());
      series.setMarker(SeriesMarkers.CIRCLE);
    }
    for (int s = 1; s < runs.get(0).systems().size(); s++) {
      final int system = s;
      XYSeries point =
          chart.addSeries(
              runs.get(0).systems().get(s).system(),
              runs.stream()
                  .map(r -> r.systems().get(system).scores().get(Scope.ALL).recall())
                  .toList(),
              runs.stream()
                  .map(r -> r.systems().get(system).scores().get(Scope.ALL).precision())
                  .toList());
      point.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
      point.setMarker(SeriesMarkers.DIAMOND);
    }
    Files.createDirectories(png.toAbsolutePath().getParent());
    BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
  }

  private static String shortName(String portfolio) {
    int seed = portfolio.indexOf("seed");
    return seed < 0 ? portfolio : portfolio.substring(seed, portfolio.indexOf(',', seed));
  }
}
