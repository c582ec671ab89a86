package io.carteira.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Writes the results: JSON for machines, a markdown table for people, PNG plots. */
final class Report {

  static final double TARGET_RATIO = 0.25;
  static final double TARGET_EVENTS_PER_SECOND = 70_000;
  static final long TARGET_P99_MILLIS = 1_000;
  static final double TARGET_STATE_BYTES = 1_024;
  static final double TARGET_SCALING_LOSS = 0.20;

  private Report() {}

  static Path write(Benchmark.Results results, Path dir) throws Exception {
    Files.createDirectories(dir);
    String commit = commit();
    String name =
        LocalDate.now()
            + "-"
            + commit
            + (results.mode.equals("quick") ? "-quick" : "")
            + (results.tag.isEmpty() ? "" : "-" + results.tag);
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = json.createObjectNode();
    root.put("date", LocalDate.now().toString())
        .put("commit", commit)
        .put("mode", results.mode)
        .put("events_loaded_per_size", results.eventsLoaded)
        .put("runs_per_job", results.runs)
        .put("run_limit_seconds", results.runLimit.toSeconds())
        .put("cores", cores())
        .put("machine", machine())
        .put("parallelism", 2)
        .put("state_backend", "rocksdb")
        .put("sinks", "exactly-once");
    ObjectNode settings = root.putObject("settings_besides_the_bench");
    results.knobs.forEach(settings::put);
    ArrayNode throughput = root.putArray("throughput");
    for (Benchmark.Results.Throughput t : results.throughput) {
      ObjectNode size =
          throughput
              .addObject()
              .put("customers", t.customers())
              .put("events_loaded", t.events())
              .put("run_limit_seconds", t.runLimit().toSeconds())
              .put("bare_events_per_second", Math.round(t.bare().eventsPerSecond()))
              .put("carteira_events_per_second", Math.round(t.full().eventsPerSecond()))
              .put(
                  "carteira_events_per_second_per_core",
                  Math.round(t.full().eventsPerSecond() / cores()))
              .put("ratio", round(t.ratio(), 3))
              .put("bare_live_state_bytes_per_customer", Math.round(t.bareStateBytesPerCustomer()))
              .put(
                  "carteira_live_state_bytes_per_customer",
                  Math.round(t.fullStateBytesPerCustomer()));
      runs(size.putArray("bare_runs"), t.bareRuns());
      runs(size.putArray("carteira_runs"), t.fullRuns());
    }
    ArrayNode latency = root.putArray("latency");
    for (LatencyRun.Result l : results.latency) {
      latency
          .addObject()
          .put("job", l.job())
          .put("delivery", l.delivery())
          .put("events_per_second", Math.round(l.eventsPerSecond()))
          .put("checkpoint_interval_ms", l.checkpointMillis())
          .put("samples", l.samples())
          .put("p50_ms", l.p50())
          .put("p95_ms", l.p95())
          .put("p99_ms", l.p99())
          .put("max_ms", l.max());
    }
    root.put("peak_rss_bytes", results.peakRssBytes);
    Benchmark.Results.Throughput smallest = results.throughput.get(0);
    Benchmark.Results.Throughput largest = results.throughput.get(results.throughput.size() - 1);
    double scalingLoss = 1 - largest.full().eventsPerSecond() / smallest.full().eventsPerSecond();
    double worstRatio =
        results.throughput.stream()
            .mapToDouble(Benchmark.Results.Throughput::ratio)
            .min()
            .orElse(0);
    // judged at the largest portfolio: at small ones, the events held for the watermark during a
    // catch-up are shared among few customers
    double largestState = largest.fullStateBytesPerCustomer();
    long eoP99 =
        results.latency.stream()
            .filter(l -> l.job().equals("carteira") && l.delivery().equals("exactly-once"))
            .mapToLong(LatencyRun.Result::p99)
            .findFirst()
            .orElse(-1);
    double smallestRate = smallest.full().eventsPerSecond();
    ObjectNode targets = root.putObject("targets");
    targets
        .put(
            "events_per_second_at_least_70000_at_" + smallest.customers(),
            smallestRate >= TARGET_EVENTS_PER_SECOND)
        .put("events_per_second_at_" + smallest.customers(), Math.round(smallestRate));
    targets
        .put("ratio_at_least_0_25", worstRatio >= TARGET_RATIO)
        .put("worst_ratio", round(worstRatio, 3));
    targets
        .put("p99_exactly_once_under_1s", eoP99 >= 0 && eoP99 < TARGET_P99_MILLIS)
        .put("p99_exactly_once_ms", eoP99);
    targets
        .put(
            "state_at_most_1kb_per_customer_at_" + largest.customers(),
            largestState <= TARGET_STATE_BYTES)
        .put("state_bytes_per_customer_at_" + largest.customers(), Math.round(largestState));
    targets
        .put("scaling_within_20_percent", scalingLoss <= TARGET_SCALING_LOSS)
        .put(
            "throughput_change_" + smallest.customers() + "_to_" + largest.customers(),
            round(-scalingLoss, 3));
    Path jsonFile = dir.resolve(name + ".json");
    json.writeValue(jsonFile.toFile(), root);

    StringBuilder md = new StringBuilder();
    md.append("# Carteira benchmark ")
        .append(name)
        .append("\n\n")
        .append(root.get("machine").asText())
        .append("; parallelism 2, RocksDB, exactly-once Kafka sinks, checkpoints every 1 s; ")
        .append(
            String.format(
                "%,d events loaded per portfolio size; %d runs of each job, bare and Carteira"
                    + " alternating, each from the start of the input until all is applied or"
                    + " %s; Kafka broker, registry and Flink MiniCluster in one JVM.%n%n",
                results.eventsLoaded, results.runs, runLimits(results)))
        .append(
            results.knobs.isEmpty()
                ? ""
                : "Settings besides the bench's: " + results.knobs + ".\n\n")
        .append(
            "| customers | bare job events/s | Carteira events/s | Carteira per core | ratio |"
                + " bare live state B/customer | Carteira live state B/customer |\n")
        .append("|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Benchmark.Results.Throughput t : results.throughput) {
      md.append(
          String.format(
              "| %,d | %,.0f | %,.0f | %,.0f | %.3f | %,.0f | %,.0f |%n",
              t.customers(),
              t.bare().eventsPerSecond(),
              t.full().eventsPerSecond(),
              t.full().eventsPerSecond() / cores(),
              t.ratio(),
              t.bareStateBytesPerCustomer(),
              t.fullStateBytesPerCustomer()));
    }
    md.append(
        "\nMedians of the runs. Events/s: the steady rate at which a job applied its input, the"
            + " least-squares slope of its applied-events curve (its keyed operator's"
            + " `eventsApplied` counter, sampled every 200 ms) between 10% and 90% of what the run"
            + " applied. Per core: over the machine's cores, which the broker shares. Live state:"
            + " a canonical savepoint (the state's entries and timers, none of the tombstones and"
            + " obsolete versions that RocksDB files hold) over the customers the job holds.\n\n"
            + "Every run:\n\n"
            + "| customers | job | run | events/s | steady window s | CPU µs/event | applied | all"
            + " applied after s | live state B/customer |\n"
            + "|---:|---|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Benchmark.Results.Throughput t : results.throughput) {
      runRows(md, t.customers(), "bare", t.bareRuns());
      runRows(md, t.customers(), "Carteira", t.fullRuns());
    }
    if (!results.latency.isEmpty()) {
      md.append(
              "\n"
                  + "Event-to-output latency (broker ack of the input → a read_committed consumer"
                  + " receives the output), ")
          .append(
              String.format(
                  "paced at half the Carteira rate at %,d customers, checkpoints every %d ms:%n%n",
                  smallest.customers(), LatencyRun.CHECKPOINT_INTERVAL.toMillis()))
          .append(
              "| job | delivery | events/s | samples | p50 ms | p95 ms | p99 ms | max ms |\n"
                  + "|---|---|---:|---:|---:|---:|---:|---:|\n");
      for (LatencyRun.Result l : results.latency) {
        md.append(
            String.format(
                "| %s | %s | %,.0f | %,d | %,d | %,d | %,d | %,d |%n",
                l.job(),
                l.delivery(),
                l.eventsPerSecond(),
                l.samples(),
                l.p50(),
                l.p95(),
                l.p99(),
                l.max()));
      }
    }
    md.append(
            String.format(
                "%nPeak RSS of the bench JVM: %,d MiB.%n%n", results.peakRssBytes / (1024 * 1024)))
        .append("| target | reached |\n|---|---|\n")
        .append(
            String.format(
                "| Carteira ≥ 70,000 events/s at %,d customers | %s (%,.0f) |%n",
                smallest.customers(), mark(smallestRate >= TARGET_EVENTS_PER_SECOND), smallestRate))
        .append(
            String.format(
                "| Carteira ≥ 0.25 of the bare job | %s (worst %.3f) |%n",
                mark(worstRatio >= TARGET_RATIO), worstRatio))
        .append(
            String.format(
                "| p99 exactly-once < 1 s at half load | %s (%,d ms) |%n",
                mark(eoP99 >= 0 && eoP99 < TARGET_P99_MILLIS), eoP99))
        .append(
            String.format(
                "| ≤ 1 KB state per customer at %,d customers | %s (%,.0f B) |%n",
                largest.customers(), mark(largestState <= TARGET_STATE_BYTES), largestState))
        .append(
            String.format(
                "| throughput at %,d within 20%% of %,d | %s (%+.0f%%) |%n",
                largest.customers(),
                smallest.customers(),
                mark(scalingLoss <= TARGET_SCALING_LOSS),
                -scalingLoss * 100))
        .append("\n![throughput](")
        .append(name)
        .append("-throughput.png) ![latency](")
        .append(name)
        .append("-latency.png)\n\n![throughput over time](")
        .append(name)
        .append("-curves.png)\n");
    Files.writeString(dir.resolve(name + ".md"), md);
    if (results.tag.isEmpty() && results.knobs.isEmpty()) {
      Files.writeString(dir.resolve("latest.md"), md.toString());
    }
    plots(results, dir, name);
    return jsonFile;
  }

  private static void plots(Benchmark.Results results, Path dir, String name) throws IOException {
    XYChart throughput =
        new XYChartBuilder()
            .width(640)
            .height(400)
            .title("Throughput against portfolio size")
            .xAxisTitle("customers")
            .yAxisTitle("events/s")
            .build();
    throughput.getStyler().setXAxisLogarithmic(true);
    List<Double> x = new ArrayList<>();
    List<Double> bare = new ArrayList<>();
    List<Double> full = new ArrayList<>();
    for (Benchmark.Results.Throughput t : results.throughput) {
      x.add((double) t.customers());
      bare.add(t.bare().eventsPerSecond());
      full.add(t.full().eventsPerSecond());
    }
    throughput.addSeries("bare Flink job", x, bare).setMarker(SeriesMarkers.CIRCLE);
    throughput.addSeries("Carteira", x, full).setMarker(SeriesMarkers.DIAMOND);
    BitmapEncoder.saveBitmap(
        throughput, dir.resolve(name + "-throughput").toString(), BitmapEncoder.BitmapFormat.PNG);

    CategoryChart latency =
        new CategoryChartBuilder()
            .width(640)
            .height(400)
            .title("Event-to-output latency at half load")
            .xAxisTitle("percentile")
            .yAxisTitle("ms")
            .build();
    List<String> percentiles = List.of("p50", "p95", "p99");
    for (LatencyRun.Result l : results.latency) {
      latency.addSeries(
          l.job() + " " + l.delivery(), percentiles, List.of(l.p50(), l.p95(), l.p99()));
    }
    if (!results.latency.isEmpty()) {
      BitmapEncoder.saveBitmap(
          latency, dir.resolve(name + "-latency").toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    XYChart curves =
        new XYChartBuilder()
            .width(800)
            .height(450)
            .title("Events applied per second over each median run")
            .xAxisTitle("seconds since the job started")
            .yAxisTitle("events/s")
            .build();
    curves.getStyler().setYAxisLogarithmic(true);
    for (Benchmark.Results.Throughput t : results.throughput) {
      curve(curves, String.format("bare, %,d", t.customers()), t.bare());
      curve(curves, String.format("Carteira, %,d", t.customers()), t.full());
    }
    BitmapEncoder.saveBitmap(
        curves, dir.resolve(name + "-curves").toString(), BitmapEncoder.BitmapFormat.PNG);
  }

  private static void curve(XYChart chart, String series, Benchmark.Run run) {
    List<double[]> rates = AppliedCurve.perSecond(run.curve());
    List<Double> x = new ArrayList<>();
    List<Double> y = new ArrayList<>();
    for (double[] r : rates) {
      if (r[1] > 0) {
        x.add(r[0]);
        y.add(r[1]);
      }
    }
    if (!x.isEmpty()) {
      chart.addSeries(series, x, y).setMarker(SeriesMarkers.NONE);
    }
  }

  private static void runs(ArrayNode into, List<Benchmark.Run> runs) {
    for (Benchmark.Run run : runs) {
      ObjectNode r =
          into.addObject()
              .put("events_per_second", Math.round(run.eventsPerSecond()))
              .put("steady_window_seconds", round(run.steadySeconds(), 1))
              .put("cpu_microseconds_per_event", round(run.cpuMicrosPerEvent(), 1))
              .put("applied", run.applied())
              .put("complete", run.complete())
              .put("live_state_bytes", run.stateBytes())
              .put("live_state_bytes_per_customer", Math.round(run.stateBytesPerCustomer()));
      if (run.complete()) {
        r.put("seconds_until_all_applied", round(run.secondsToOutputs(), 1));
      }
    }
  }

  private static void runRows(
      StringBuilder md, int customers, String job, List<Benchmark.Run> runs) {
    for (int i = 0; i < runs.size(); i++) {
      Benchmark.Run run = runs.get(i);
      md.append(
          String.format(
              "| %,d | %s | %d | %,.0f | %.0f | %.0f | %,d | %s | %,.0f |%n",
              customers,
              job,
              i + 1,
              run.eventsPerSecond(),
              run.steadySeconds(),
              run.cpuMicrosPerEvent(),
              run.applied(),
              run.complete() ? String.format("%.1f", run.secondsToOutputs()) : "(limit)",
              run.stateBytesPerCustomer()));
    }
  }

  static int cores() {
    return Runtime.getRuntime().availableProcessors();
  }

  /** "150 s", or "150 s (450 s at 1,000,000 customers)" when a size had a limit of its own. */
  static String runLimits(Benchmark.Results results) {
    long common = results.runLimit.toSeconds();
    StringBuilder own = new StringBuilder();
    for (Benchmark.Results.Throughput t : results.throughput) {
      if (t.runLimit().toSeconds() != common) {
        own.append(own.isEmpty() ? " (" : ", ")
            .append(
                String.format("%d s at %,d customers", t.runLimit().toSeconds(), t.customers()));
      }
    }
    return common + " s" + (own.isEmpty() ? "" : own + ")");
  }

  private static String mark(boolean met) {
    return met ? "yes" : "no";
  }

  private static double round(double v, int places) {
    double f = Math.pow(10, places);
    return Math.round(v * f) / f;
  }

  static String machine() {
    return Runtime.getRuntime().availableProcessors()
        + " cores, "
        + System.getProperty("java.vm.name")
        + " "
        + System.getProperty("java.version");
  }

  static String commit() {
    try {
      Process git =
          new ProcessBuilder("git", "rev-parse", "--short", "HEAD")
              .redirectErrorStream(true)
              .start();
      String out = new String(git.getInputStream().readAllBytes()).trim();
      return git.waitFor() == 0 ? out : "unknown";
    } catch (Exception e) {
      return "unknown";
    }
  }
}
