package io.carteira.bench;

import io.carteira.cli.LocalRuntime;
import io.carteira.jobs.CarteiraJob;
import io.carteira.jobs.JobEnvironment;
import io.carteira.jobs.config.CarteiraConfig;
import io.carteira.jobs.config.Knobs;
import io.carteira.jobs.kafka.KafkaEndpoints;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Carteira's full job beside a bare Flink job (Kafka source → keyBy → one RocksDB value state →
 * exactly-once Kafka sink), in one invocation, on one machine, over the same pre-generated input in
 * the in-process broker. Writes bench/results/&lt;date&gt;-&lt;commit&gt;.{json,md} and plots.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Measure Carteira beside a bare Flink job.")
public final class Benchmark implements Callable<Integer> {

  @Option(
      names = "--quick",
      description = "A few minutes: 10k and 100k customers, 1M events, 15 s of latency.")
  boolean quick;

  @Option(
      names = "--customers",
      split = ",",
      description = "Portfolio sizes (default: 10000,100000 quick; 10000,100000,1000000 full).")
  List<Integer> sizes;

  @Option(
      names = "--events",
      description = "Input events per throughput run (default 1000000 quick, 3000000 full).")
  Long events;

  @Option(
      names = "--latency-seconds",
      description = "Seconds of paced input per latency run (default 15 quick, 30 full).")
  Integer latencySeconds;

  @Option(
      names = "--latency-rate",
      description =
          "Events/s of the latency runs (default: half the full job's measured rate), "
              + "to compare latency across builds at one load.")
  Double latencyRate;

  @Option(
      names = "--out",
      defaultValue = "bench/results",
      description = "Where results are written (default ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--seed", defaultValue = "42")
  long seed;

  @Option(names = "--only", description = "Run one job only, for profiling: bare or full.")
  String only;

  @Option(
      names = "--knob",
      description =
          "key=value: a setting of the job besides the bench's, for experiments (repeatable);"
              + " the results name it.")
  Map<String, String> knobs = new LinkedHashMap<>();

  @Option(
      names = "--tag",
      defaultValue = "",
      description = "Appended to the results' names, e.g. before: <date>-<commit>-quick-before.md.")
  String tag;

  @CommandLine.Mixin LiveOptions live = new LiveOptions();

  public static void main(String[] args) {
    System.exit(new CommandLine(new Benchmark()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    if (live.live) {
      return live.run(out, seed, knobs, tag);
    }
    if (sizes == null) {
      sizes = quick ? List.of(10_000, 100_000) : List.of(10_000, 100_000, 1_000_000);
    }
    long eventCount = events != null ? events : quick ? 1_000_000 : 3_000_000;
    int latencyFor = latencySeconds != null ? latencySeconds : quick ? 15 : 30;
    Results results = new Results(quick ? "quick" : "full", eventCount, knobs, tag);
    Progress.phase(
        String.format(
            "Carteira bench (%s): %s customers, %,d events per run, parallelism 2, RocksDB,"
                + " exactly-once sinks",
            results.mode, sizes, eventCount));

    boolean warm = false;
    for (int customers : sizes) {
      Progress.phase(String.format("%n%,d customers", customers));
      try (LocalRuntime runtime = LocalRuntime.start(benchConfig(knobs).build())) {
        long loaded = InputLoader.load(runtime.config(), customers, eventCount, seed);
        if (!warm) {
          // the first job in a cold JVM pays for class loading and JIT: warm up with both jobs,
          // discard the figures
          throughput(Job.BARE, runtime, loaded / 4, customers, "warm-up");
          throughput(Job.FULL, runtime, loaded / 4, customers, "warm-up");
          warm = true;
        }
        Run bare =
            "full".equals(only) ? Run.NONE : throughput(Job.BARE, runtime, loaded, customers, "");
        Run full =
            "bare".equals(only) ? Run.NONE : throughput(Job.FULL, runtime, loaded, customers, "");
        results.throughput.add(new Results.Throughput(customers, loaded, bare, full));
      }
    }

    Results.Throughput first = results.throughput.get(0);
    if (latencyFor == 0) {
      return 0; // throughput only (profiling)
    }
    double halfLoad =
        latencyRate != null ? latencyRate : Math.max(1_000, first.full().eventsPerSecond() / 2);
    Progress.phase(
        String.format(
            "%nlatency at %,.0f events/s (%s at %,d customers)",
            halfLoad,
            latencyRate != null ? "as asked" : "half the full job's rate",
            first.customers()));
    for (LatencyRun.Setup setup :
        List.of(
            new LatencyRun.Setup(Job.FULL, "exactly-once"),
            new LatencyRun.Setup(Job.FULL, "at-least-once"),
            new LatencyRun.Setup(Job.BARE, "exactly-once"))) {
      try (LocalRuntime runtime = LocalRuntime.start(benchConfig(knobs).build())) {
        results.latency.add(
            LatencyRun.run(setup, runtime, first.customers(), halfLoad, latencyFor, seed));
      }
    }
    results.peakRssBytes = PeakRss.bytes();
    Path written = Report.write(results, out);
    Progress.phase("\nresults: " + written);
    System.out.println(
        Files.readString(
            written.resolveSibling(written.getFileName().toString().replace(".json", ".md"))));
    return 0;
  }

  static CarteiraConfig.Builder benchConfig(Map<String, String> knobs) {
    CarteiraConfig.Builder config =
        CarteiraConfig.builder()
            .set(Knobs.TOPIC_PARTITIONS, "2")
            .set(Knobs.PARALLELISM, "2")
            .set(Knobs.IDLENESS, "2s")
            .set(
                Knobs.CHECKPOINT_INTERVAL,
                System.getenv().getOrDefault("BENCH_CHECKPOINT_INTERVAL", "1s"));
    knobs.forEach(config::set);
    return config;
  }

  enum Job {
    BARE,
    FULL
  }

  /**
   * One throughput run: its steady rate of reading the input, the time until all of it was read,
   * the time until the outputs stopped growing (all of it applied), and its state.
   */
  record Run(
      double eventsPerSecond,
      double seconds,
      double secondsToOutputs,
      long stateBytes,
      double stateBytesPerCustomer) {
    static final Run NONE = new Run(Double.NaN, 0, Double.NaN, 0, 0);
  }

  /** How long the outputs must stand still before the work on the input counts as done. */
  static final Duration OUTPUTS_QUIET = Duration.ofSeconds(10);

  static List<String> outputTopics(Job job, CarteiraConfig config) {
    return job == Job.BARE
        ? List.of(BareJob.OUTPUT_TOPIC)
        : List.of(
            config.get(Knobs.TOPIC_CUSTOMER_HEALTH),
            config.get(Knobs.TOPIC_RISK_ALERTS),
            config.get(Knobs.TOPIC_DUNNING_ACTIONS),
            config.get(Knobs.TOPIC_PORTFOLIO_METRICS),
            config.get(Knobs.TOPIC_DEAD_LETTERS));
  }

  static Run throughput(Job job, LocalRuntime runtime, long total, int customers, String tag)
      throws Exception {
    String group =
        "bench-" + job.name().toLowerCase() + "-" + customers + (tag.isEmpty() ? "" : "-" + tag);
    Path checkpoints = Files.createTempDirectory("bench-checkpoints");
    CarteiraConfig config =
        runtime.config().toBuilder()
            .set(Knobs.CONSUMER_GROUP, group)
            .set(Knobs.CHECKPOINT_DIR, checkpoints.toUri().toString())
            .build();
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.createLocalEnvironment(
            2, JobEnvironment.localFlinkConfiguration(config));
    if (job == Job.FULL) {
      CarteiraJob.assemble(
          env, KafkaEndpoints.inputs(config), KafkaEndpoints.outputs(config), config);
    } else {
      LatencyRun.createTopic(runtime, BareJob.OUTPUT_TOPIC);
      BareJob.assemble(
          env,
          runtime.bootstrapServers(),
          List.of(
              config.get(Knobs.TOPIC_PAYMENTS),
              config.get(Knobs.TOPIC_USAGE),
              config.get(Knobs.TOPIC_SUBSCRIPTIONS)),
          group,
          group + "-out");
    }
    long started = System.nanoTime();
    JobClient client = env.executeAsync("bench-" + group);
    String label =
        String.format(
            "%s job, %,d customers%s",
            job == Job.FULL ? "Carteira" : "bare",
            customers,
            tag.isEmpty() ? "" : " (" + tag + ")");
    try (OffsetProbe probe = new OffsetProbe(runtime.bootstrapServers(), group)) {
      long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
      long consumed = 0;
      while (consumed < total) {
        if (System.nanoTime() > deadline || client.getJobStatus().get().isGloballyTerminalState()) {
          throw new IllegalStateException(
              label
                  + " stopped at "
                  + consumed
                  + " of "
                  + total
                  + " events: "
                  + client.getJobStatus().get());
        }
        Thread.sleep(100);
        consumed = probe.sample();
        Progress.bar(label, consumed, total);
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      double rate = probe.steadyRate(total);
      double secondsToOutputs;
      try (OutputProbe outputs =
          new OutputProbe(runtime.bootstrapServers(), outputTopics(job, config))) {
        secondsToOutputs =
            (outputs.settledAt(OUTPUTS_QUIET, Duration.ofMinutes(10)) - started) / 1e9;
      }
      Path savepoints = Files.createTempDirectory("bench-savepoint");
      String savepoint =
          client.triggerSavepoint(savepoints.toUri().toString(), SavepointFormatType.NATIVE).get();
      long stateBytes =
          directorySize(
              Path.of(URI.create(savepoint.startsWith("file:") ? savepoint : "file:" + savepoint)));
      client.cancel().get();
      Progress.done(
          String.format(
              "%-44s %,10.0f events/s (all %,d read in %.1f s, applied in %.1f s: %,.0f events/s)"
                  + "  state %,.0f bytes/customer",
              label,
              rate,
              total,
              seconds,
              secondsToOutputs,
              total / secondsToOutputs,
              (double) stateBytes / customers));
      return new Run(rate, seconds, secondsToOutputs, stateBytes, (double) stateBytes / customers);
    }
  }

  static long directorySize(Path dir) throws Exception {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }

  /** Collected figures. */
  static final class Results {
    final String mode;
    final long eventsPerRun;
    final Map<String, String> knobs;
    final String tag;
    final List<Throughput> throughput = new ArrayList<>();
    final List<LatencyRun.Result> latency = new ArrayList<>();
    long peakRssBytes;

    Results(String mode, long eventsPerRun, Map<String, String> knobs, String tag) {
      this.mode = mode;
      this.eventsPerRun = eventsPerRun;
      this.knobs = knobs;
      this.tag = tag;
    }

    record Throughput(int customers, long events, Run bare, Run full) {
      double ratio() {
        return full.eventsPerSecond() / bare.eventsPerSecond();
      }
    }
  }
}
