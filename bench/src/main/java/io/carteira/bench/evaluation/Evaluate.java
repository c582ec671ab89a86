package io.carteira.bench.evaluation;

import io.carteira.embedded.replay.Dataset;
import io.carteira.embedded.replay.LabelledDataset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The alert-quality evaluation: replays labelled portfolios through the real job and scores its
 * risk alerts beside the naive baselines. {@code bench/evaluate --help}.
 */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    description =
        "Replays labelled portfolios through the real job (MiniCluster, in-process Kafka and"
            + " registry) and scores risk-alerts against how each customer ended, beside naive"
            + " baselines.")
public final class Evaluate implements Callable<Integer> {

  @Option(
      names = "--seeds",
      split = ",",
      defaultValue = "7,8,9",
      description = "Generator seeds, one run each (default: ${DEFAULT-VALUE}).")
  List<Long> seeds;

  @Option(names = "--customers", defaultValue = "1500")
  int customers;

  @Option(names = "--days", defaultValue = "240")
  int days;

  @Option(
      names = "--no-noise",
      description = "The demo's portfolio instead of the evaluation profile with noise.")
  boolean noNoise;

  @Option(
      names = "--dataset",
      description = "A labelled data set instead of the generator: " + "its name (with --from).")
  String dataset;

  @Option(names = "--from", description = "The data set's folder.")
  Path from;

  @Option(names = "--zone", defaultValue = "America/Sao_Paulo")
  ZoneId zone;

  @Option(names = "--out", defaultValue = "bench/results")
  Path out;

  @Option(names = "--tag", description = "Appended to the result files' names.")
  String tag;

  @Option(
      names = "--knob",
      description = "A job setting for an experiment, key=value (repeatable).")
  Map<String, String> knobs = new LinkedHashMap<>();

  public static void main(String[] args) {
    System.exit(new CommandLine(new Evaluate()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    List<LabelledPortfolio> portfolios = new ArrayList<>();
    if (dataset != null) {
      if (from == null) {
        throw new CommandLine.ParameterException(
            new CommandLine(this), "--dataset needs --from DIR");
      }
      Dataset named = Dataset.named(dataset);
      if (!(named instanceof LabelledDataset labelled)) {
        throw new CommandLine.ParameterException(
            new CommandLine(this), dataset + " has no churn labels: it cannot be scored");
      }
      portfolios.add(LabelledPortfolio.of(labelled, from, zone));
    } else {
      for (long seed : seeds) {
        portfolios.add(LabelledPortfolio.generated(seed, customers, days, !noNoise));
      }
    }
    List<Evaluation.Result> results = new ArrayList<>();
    for (LabelledPortfolio portfolio : portfolios) {
      System.err.println("evaluating " + portfolio.summary());
      long started = System.nanoTime();
      JobReplay.Outputs outputs = JobReplay.run(portfolio.events(), portfolio.zone(), knobs);
      System.err.printf(
          "  the job wrote %,d alert changes and %,d health snapshots in %d s%n",
          outputs.alerts().size(),
          outputs.health().size(),
          (System.nanoTime() - started) / 1_000_000_000L);
      Evaluation.Result result = Evaluation.score(portfolio, outputs.alerts(), outputs.health());
      results.add(result);
      var all = result.carteira().scores().get(Evaluation.Scope.ALL);
      System.err.printf(
          "  carteira: recall %.2f precision %.2f F1 %.2f; best baseline %s F1 %.2f%n",
          all.recall(),
          all.precision(),
          all.f1(),
          result.bestBaseline().system(),
          result.bestBaseline().scores().get(Evaluation.Scope.ALL).f1());
    }
    String base =
        LocalDate.now()
            + "-evaluation"
            + (dataset != null ? "-" + dataset : "")
            + (tag != null ? "-" + tag : "");
    Files.createDirectories(out);
    String title =
        "Alert quality: "
            + (dataset != null ? dataset : (noNoise ? "generator" : "generator with noise"))
            + (knobs.isEmpty() ? "" : ", " + knobs);
    EvaluationReport.plot(results, out.resolve(base + ".png"));
    Files.writeString(out.resolve(base + ".json"), EvaluationReport.json(title, results));
    String md = EvaluationReport.markdown(title, results, base + ".png");
    Files.writeString(out.resolve(base + ".md"), md);
    System.out.print(md);
    System.err.println("results: " + out.resolve(base + ".md"));
    return 0;
  }
}
