package io.carteira.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/** The options of the live mode, and the mode itself: every run, then the report. */
final class LiveOptions {

  static final double DEFAULT_HALF_RATE = 5_000;

  @Option(
      names = "--live",
      description =
          "Run only the live mode: wall-clock latency per output topic, inputs stamped with now.")
  boolean live;

  @Option(
      names = "--live-seconds",
      defaultValue = "30",
      description = "Seconds of live traffic per rate and run (default ${DEFAULT-VALUE}).")
  int seconds;

  @Option(
      names = "--live-go-live-seconds",
      defaultValue = "25",
      description =
          "Seconds of live traffic at the first rate right after the history, reported apart and"
              + " not held to the targets: the job's passage from history to live (default"
              + " ${DEFAULT-VALUE}; 0: none).")
  int goLiveSeconds;

  @Option(
      names = "--live-runs",
      defaultValue = "3",
      description = "Runs per configuration; medians are quoted (default ${DEFAULT-VALUE}).")
  int runs;

  @Option(
      names = "--live-rates",
      split = ",",
      defaultValue = "10,1000",
      description = "Steady rates in events/s, before the half rate (default ${DEFAULT-VALUE}).")
  List<Double> rates;

  @Option(
      names = "--live-half-rate",
      description =
          "The last rate, half the engine's throughput (default: half the Carteira events/s at"
              + " the smallest size in bench/results/latest.md, else 5000; 0 leaves it out).")
  Double halfRate;

  @Option(
      names = "--live-delivery",
      split = ",",
      defaultValue = "exactly-once,at-least-once",
      description = "Guarantees, each set on every sink (default ${DEFAULT-VALUE}).")
  List<String> deliveries;

  @Option(
      names = "--live-customers",
      defaultValue = "2000",
      description = "Customers of the portfolio (default ${DEFAULT-VALUE}).")
  int customers;

  @Option(
      names = "--live-history-days",
      defaultValue = "21",
      description = "Days of history loaded before the job starts (default ${DEFAULT-VALUE}).")
  int historyDays;

  Integer run(Path out, long seed, Map<String, String> knobs, String tag) throws Exception {
    List<LiveRun.Phase> phases = new ArrayList<>();
    if (goLiveSeconds > 0) {
      phases.add(
          new LiveRun.Phase(
              String.format("go-live, %,.0f/s, first %d s", rates.get(0), goLiveSeconds),
              rates.get(0),
              goLiveSeconds,
              true));
    }
    for (double rate : rates) {
      phases.add(new LiveRun.Phase(String.format("%,.0f/s", rate), rate, seconds, false));
    }
    Path latest = out.resolve("latest.md");
    if (!Files.exists(latest)) {
      latest = Path.of("bench", "results", "latest.md");
    }
    double half = halfRate != null ? halfRate : halfFromLatest(latest);
    if (half > 0) {
      phases.add(new LiveRun.Phase(String.format("%,.0f/s (half)", half), half, seconds, false));
    }
    Progress.phase(
        String.format(
            "Carteira live latency: %,d customers, %d days of history, %d s per rate %s, %d run(s)"
                + " × %s, checkpoints every %d ms",
            customers,
            historyDays,
            seconds,
            phases.stream().map(LiveRun.Phase::label).toList(),
            runs,
            deliveries,
            LiveRun.CHECKPOINT_INTERVAL.toMillis()));
    List<LiveRun.Outcome> outcomes = new ArrayList<>();
    for (int run = 1; run <= runs; run++) {
      for (String delivery : deliveries) {
        outcomes.add(
            LiveRun.run(
                new LiveRun.Setup(
                    delivery, phases, seconds, customers, historyDays, seed + run, run, knobs)));
      }
    }
    Path md =
        LiveReport.write(
            LiveReport.rows(outcomes, phases),
            new LiveReport.Conditions(customers, historyDays, seconds, runs, phases, knobs),
            out,
            tag);
    Progress.phase("\nresults: " + md);
    System.out.println(Files.readString(md));
    return 0;
  }

  /** Half the Carteira events/s of the first row of the throughput table, if there is one. */
  static double halfFromLatest(Path latest) {
    try {
      Matcher row =
          Pattern.compile("(?m)^\\| [\\d,]+ \\| [\\d,]+ \\| ([\\d,]+) \\|")
              .matcher(Files.readString(latest));
      if (row.find()) {
        return Math.round(Double.parseDouble(row.group(1).replace(",", "")) / 2);
      }
    } catch (Exception e) {
      // no latest results: the default
    }
    return DEFAULT_HALF_RATE;
  }
}
