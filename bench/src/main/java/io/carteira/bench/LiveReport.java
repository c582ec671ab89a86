package io.carteira.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.carteira.bench.LiveOutputs.Probe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

/** Writes the live mode's results: JSON, a markdown table per guarantee, PNG bars. */
final class LiveReport {

  static final long TARGET_AT_LEAST_ONCE_MS = 1_000;
  static final long TARGET_EXACTLY_ONCE_MS = LiveRun.CHECKPOINT_INTERVAL.toMillis() + 500;
  static final long TARGET_TIME_DRIVEN_MS = 2_000;
  static final List<String> DELIVERIES = List.of("exactly-once", "at-least-once");

  /** One probe at one rate under one guarantee: the median over the runs of each percentile. */
  record Row(
      String delivery,
      Probe probe,
      String phase,
      long samples,
      int runsWithSamples,
      int runs,
      long missing,
      long p50,
      long p95,
      long p99,
      long max) {
    boolean measured() {
      return runsWithSamples > 0;
    }
  }

  /** What the markdown says about the conditions. */
  record Conditions(
      int customers,
      int historyDays,
      int seconds,
      int runs,
      List<LiveRun.Phase> phases,
      Map<String, String> knobs) {}

  private LiveReport() {}

  static List<Row> rows(List<LiveRun.Outcome> outcomes, List<LiveRun.Phase> phases) {
    List<String> labels = new ArrayList<>(phases.stream().map(LiveRun.Phase::label).toList());
    labels.add(LiveRun.SILENT);
    List<Row> rows = new ArrayList<>();
    for (String delivery : DELIVERIES) {
      List<LiveRun.Outcome> runs =
          outcomes.stream().filter(o -> o.delivery().equals(delivery)).toList();
      if (runs.isEmpty()) {
        continue;
      }
      for (Probe probe : Probe.values()) {
        for (String phase : labels) {
          if (probe.timeDriven != phase.equals(LiveRun.SILENT)) {
            continue;
          }
          List<Long> p50 = new ArrayList<>();
          List<Long> p95 = new ArrayList<>();
          List<Long> p99 = new ArrayList<>();
          long samples = 0;
          long missing = 0;
          long max = -1;
          for (LiveRun.Outcome run : runs) {
            List<Long> sorted =
                new ArrayList<>(
                    run.samples().getOrDefault(phase, Map.of()).getOrDefault(probe, List.of()));
            missing += run.missing().getOrDefault(phase, Map.of()).getOrDefault(probe, 0);
            if (sorted.isEmpty()) {
              continue;
            }
            Collections.sort(sorted);
            samples += sorted.size();
            p50.add(LatencyRun.percentile(sorted, 0.50));
            p95.add(LatencyRun.percentile(sorted, 0.95));
            p99.add(LatencyRun.percentile(sorted, 0.99));
            max = Math.max(max, sorted.get(sorted.size() - 1));
          }
          rows.add(
              new Row(
                  delivery,
                  probe,
                  phase,
                  samples,
                  p50.size(),
                  runs.size(),
                  missing,
                  median(p50),
                  median(p95),
                  median(p99),
                  max));
        }
      }
    }
    return rows;
  }

  static Path write(List<Row> rows, Conditions conditions, Path dir, String tag) throws Exception {
    Files.createDirectories(dir);
    String commit = Report.commit();
    String name = LocalDate.now() + "-" + commit + "-live" + (tag.isEmpty() ? "" : "-" + tag);
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = json.createObjectNode();
    root.put("date", LocalDate.now().toString())
        .put("commit", commit)
        .put("mode", "live" + (tag.isEmpty() ? "" : "-" + tag))
        .put("machine", Report.machine())
        .put("parallelism", 2)
        .put("checkpoint_interval_ms", LiveRun.CHECKPOINT_INTERVAL.toMillis())
        .put("customers", conditions.customers())
        .put("history_days", conditions.historyDays())
        .put("live_seconds_per_rate", conditions.seconds())
        .put("runs", conditions.runs());
    ObjectNode knobs = root.putObject("settings_besides_defaults");
    knobs.put("checkpoint.interval", LiveRun.CHECKPOINT_INTERVAL.toString());
    conditions.knobs().forEach(knobs::put);
    ArrayNode rates = root.putArray("rates");
    conditions
        .phases()
        .forEach(p -> rates.addObject().put("label", p.label()).put("events_per_second", p.rate()));
    ArrayNode results = root.putArray("results");
    for (Row r : rows) {
      results
          .addObject()
          .put("delivery", r.delivery())
          .put("topic", r.probe().topic)
          .put("probe", r.probe().name().toLowerCase())
          .put("what", r.probe().what)
          .put("rate", r.phase())
          .put("samples", r.samples())
          .put("runs_with_samples", r.runsWithSamples())
          .put("runs", r.runs())
          .put("not_seen", r.missing())
          .put("p50_ms", r.p50())
          .put("p95_ms", r.p95())
          .put("p99_ms", r.p99())
          .put("max_ms", r.max());
    }
    List<String> targets = targets(rows, root.putObject("targets"));
    json.writeValue(dir.resolve(name + ".json").toFile(), root);

    StringBuilder md = new StringBuilder();
    md.append("# Carteira live latency ")
        .append(name)
        .append("\n\n")
        .append(Report.machine())
        .append(
            String.format(
                "; parallelism 2, RocksDB, checkpoints every %d ms, otherwise the job's default"
                    + " settings; Kafka broker, registry and MiniCluster in one JVM. %,d customers"
                    + " with %d days of history, then %d s of live traffic per rate (the first %d s"
                    + " not measured), %d run(s) per configuration; figures are medians over the"
                    + " runs. Latency: from the broker's acknowledgement of the input (time-driven:"
                    + " from the wall-clock instant) to a read_committed consumer receiving the"
                    + " output. \"not seen\": awaited outputs that never came in the run.%n%n",
                LiveRun.CHECKPOINT_INTERVAL.toMillis(),
                conditions.customers(),
                conditions.historyDays(),
                conditions.seconds(),
                LiveRun.WARM_UP.toSeconds(),
                conditions.runs()));
    md.append(
        "`time.zone` is a fixed offset chosen per job: local noon while the rates run (the built-in"
            + " policy holds dunning messages in its quiet hours, 21:00–08:00), and local midnight"
            + " about a minute after the time-driven job starts: its probe customers' invoices fall"
            + " due and the day closes then, with no input for the last "
            + LiveRun.SILENCE_BEFORE_MIDNIGHT.toSeconds()
            + " s.\n\n");
    md.append(
        "Every input partition gets one live event as the live traffic starts. The go-live rows are"
            + " the first seconds of live traffic right after the history, when the watermark jumps"
            + " from the history's newest event to the wall clock and every timer in between"
            + " fires; they are not held to the targets.\n\n");
    if (!conditions.knobs().isEmpty()) {
      md.append("Settings besides the defaults for this experiment: `")
          .append(conditions.knobs())
          .append("`.\n\n");
    }
    for (String delivery : DELIVERIES) {
      List<Row> of = rows.stream().filter(r -> r.delivery().equals(delivery)).toList();
      if (of.isEmpty()) {
        continue;
      }
      md.append("## ")
          .append(delivery)
          .append(
              "\n\n| output | probe | rate | p50 ms | p95 ms | p99 ms | max ms | samples |"
                  + " not seen | runs |\n|---|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
      for (Row r : of) {
        md.append(
            String.format(
                "| %s | %s | %s | %s | %s | %s | %s | %,d | %,d | %d of %d |%n",
                r.probe().topic,
                r.probe().what,
                r.phase(),
                ms(r, r.p50()),
                ms(r, r.p95()),
                ms(r, r.p99()),
                ms(r, r.max()),
                r.samples(),
                r.missing(),
                r.runsWithSamples(),
                r.runs()));
      }
      md.append("\n![")
          .append(delivery)
          .append("](")
          .append(name)
          .append("-")
          .append(delivery)
          .append(".png)\n\n");
    }
    md.append("| target | reached |\n|---|---|\n");
    targets.forEach(t -> md.append(t).append('\n'));
    Files.writeString(dir.resolve(name + ".md"), md);
    plots(rows, dir, name);
    return dir.resolve(name + ".md");
  }

  private static List<String> targets(List<Row> rows, ObjectNode json) {
    List<String> lines = new ArrayList<>();
    lines.add(
        target(
            json,
            "at_least_once_p99_within_1s",
            "at-least-once: p99 ≤ 1 s, every input-driven output and rate",
            worst(rows, "at-least-once", false),
            TARGET_AT_LEAST_ONCE_MS));
    lines.add(
        target(
            json,
            "exactly_once_p99_within_checkpoint_plus_500ms",
            "exactly-once: p99 ≤ checkpoint interval + 0.5 s = "
                + TARGET_EXACTLY_ONCE_MS / 1000.0
                + " s, every input-driven output and rate",
            worst(rows, "exactly-once", false),
            TARGET_EXACTLY_ONCE_MS));
    for (String delivery : DELIVERIES) {
      lines.add(
          target(
              json,
              delivery.replace('-', '_') + "_time_driven_p99_within_2s",
              delivery + ": time-driven p99 ≤ 2 s after the wall-clock instant, no input",
              worst(rows, delivery, true),
              TARGET_TIME_DRIVEN_MS));
    }
    return lines;
  }

  private static String target(ObjectNode json, String key, String text, long worst, long limit) {
    if (worst == NOT_MEASURED) {
      return String.format("| %s | not measured in this run |", text);
    }
    boolean met = worst >= 0 && worst <= limit;
    json.put(key, met).put(key + "_worst_p99_ms", worst);
    return String.format(
        "| %s | %s (worst p99 %s) |",
        text, met ? "yes" : "no", worst < 0 ? "none: an output never came" : worst + " ms");
  }

  private static final long NOT_MEASURED = -2;
  static final String GO_LIVE = "go-live";

  /**
   * The worst median p99; -1 when an awaited output was not measured at all, {@link #NOT_MEASURED}
   * when the guarantee did not run.
   */
  private static long worst(List<Row> rows, String delivery, boolean timeDriven) {
    long worst = 0;
    boolean any = false;
    for (Row r : rows) {
      if (!r.delivery().equals(delivery)
          || r.probe().timeDriven != timeDriven
          || r.phase().startsWith(GO_LIVE)) {
        continue;
      }
      any = true;
      if (!r.measured()) {
        return -1;
      }
      worst = Math.max(worst, r.p99());
    }
    return any ? worst : NOT_MEASURED;
  }

  private static void plots(List<Row> rows, Path dir, String name) throws Exception {
    for (String delivery : DELIVERIES) {
      List<Row> of = rows.stream().filter(r -> r.delivery().equals(delivery)).toList();
      if (of.isEmpty()) {
        continue;
      }
      CategoryChart chart =
          new CategoryChartBuilder()
              .width(900)
              .height(480)
              .title("Live latency, " + delivery + " (median of runs; 0 = not seen)")
              .xAxisTitle("output, rate")
              .yAxisTitle("ms")
              .build();
      chart.getStyler().setXAxisLabelRotation(45);
      List<String> labels = new ArrayList<>();
      List<Long> p50 = new ArrayList<>();
      List<Long> p99 = new ArrayList<>();
      for (Row r : of) {
        labels.add(r.probe().name().toLowerCase() + " " + r.phase());
        p50.add(Math.max(0, r.p50()));
        p99.add(Math.max(0, r.p99()));
      }
      chart.addSeries("p50", labels, p50);
      chart.addSeries("p99", labels, p99);
      BitmapEncoder.saveBitmap(
          chart, dir.resolve(name + "-" + delivery).toString(), BitmapEncoder.BitmapFormat.PNG);
    }
  }

  private static String ms(Row r, long value) {
    return r.measured() ? String.format("%,d", value) : "—";
  }

  private static long median(List<Long> values) {
    if (values.isEmpty()) {
      return -1;
    }
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }
}
