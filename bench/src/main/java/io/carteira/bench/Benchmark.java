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
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.ExceptionUtils;
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
      description =
          "10k and 100k customers, runs of at most 90 s, 15 s of latency (about half an hour).")
  boolean quick;

  @Option(
      names = "--customers",
      split = ",",
      description = "Portfolio sizes (default: 10000,100000 quick; 10000,100000,1000000 full).")
  List<Integer> sizes;

  @Option(
      names = "--events",
      description =
          "Input events loaded per portfolio size (default 10000000); a run reads them from the"
              + " start until it has applied them all or its time limit.")
  Long events;

  @Option(
      names = "--runs",
      defaultValue = "3",
      description =
          "Runs of each job per size, bare and Carteira alternating; figures are medians.")
  int runs;

  @Option(
      names = "--run-seconds",
      description =
          "Time limit of a throughput run (default 90 quick; 150 full, and "
              + LARGE_RUN_SECONDS
              + " at "
              + LARGE_PORTFOLIO
              + " customers or more).")
  Integer runSeconds;

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
    if (runs < 1) {
      throw new CommandLine.ParameterException(
          new CommandLine(this), "--runs must be at least 1, got " + runs);
    }
    long eventCount = events != null ? events : 10_000_000;
    Duration runLimit = Duration.ofSeconds(runSeconds != null ? runSeconds : quick ? 90 : 150);
    int latencyFor = latencySeconds != null ? latencySeconds : quick ? 15 : 30;
    Results results = new Results(quick ? "quick" : "full", eventCount, runs, runLimit, knobs, tag);
    Progress.phase(
        String.format(
            "Carteira bench (%s): %s customers, %,d events loaded, %d alternating runs of each job"
                + " of at most %d s, parallelism 2, RocksDB, exactly-once sinks",
            results.mode, sizes, eventCount, runs, runLimit.toSeconds()));

    boolean warm = false;
    for (int customers : sizes) {
      Progress.phase(String.format("%n%,d customers", customers));
      try (LocalRuntime runtime = LocalRuntime.start(benchConfig(knobs).build())) {
        long loaded = InputLoader.load(runtime.config(), customers, eventCount, seed);
        settle();
        if (!warm) {
          // the first jobs in a cold JVM pay for class loading and JIT: warm up with both jobs,
          // discard the figures. The full job's code takes a minute to compile: with 20 s, each
          // of three runs after it was faster than the one before.
          throughput(Job.BARE, runtime, loaded, customers, "warm-up", Duration.ofSeconds(20));
          throughput(Job.FULL, runtime, loaded, customers, "warm-up", Duration.ofSeconds(60));
          warm = true;
        }
        Duration sizeLimit = runLimit(customers, runLimit);
        List<Run> bare = new ArrayList<>();
        List<Run> full = new ArrayList<>();
        for (int run = 1; run <= runs; run++) {
          String name = "run-" + run;
          if (!"full".equals(only)) {
            bare.add(throughput(Job.BARE, runtime, loaded, customers, name, sizeLimit));
          }
          if (!"bare".equals(only)) {
            full.add(throughput(Job.FULL, runtime, loaded, customers, name, sizeLimit));
          }
        }
        results.throughput.add(new Results.Throughput(customers, loaded, sizeLimit, bare, full));
      }
    }

    Results.Throughput first = results.throughput.get(0);
    if (latencyFor > 0) {
      latency(results, first, latencyFor);
    }
    results.peakRssBytes = PeakRss.bytes();
    Path written = Report.write(results, out);
    Progress.phase("\nresults: " + written);
    System.out.println(
        Files.readString(
            written.resolveSibling(written.getFileName().toString().replace(".json", ".md"))));
    return 0;
  }

  private void latency(Results results, Results.Throughput first, int latencyFor) throws Exception {
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
  }

  /**
   * A run's time limit at a portfolio size. The input signs the whole portfolio up in its first
   * hour, and at a million customers Carteira spends its first two minutes or so reading and
   * holding that hour: a full run there gets {@value #LARGE_RUN_SECONDS} s, so that its steady
   * window lies past the sign-ups. {@code --run-seconds} sets every size's.
   */
  private Duration runLimit(int customers, Duration limit) {
    return runSeconds == null && !quick && customers >= LARGE_PORTFOLIO
        ? Duration.ofSeconds(LARGE_RUN_SECONDS)
        : limit;
  }

  static final int LARGE_PORTFOLIO = 1_000_000;
  static final int LARGE_RUN_SECONDS = 450;

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
   * One throughput run.
   *
   * @param eventsPerSecond the steady rate at which the job applied its input: the least-squares
   *     slope of its applied-events curve across the steady window
   * @param steadySeconds how long that window was
   * @param cpuMicrosPerEvent CPU time of the whole JVM per event applied across that window
   * @param applied events the job applied in the run
   * @param complete whether it read and applied all of its input within the run's time limit
   * @param secondsToOutputs when complete: from the start until the outputs stopped growing
   * @param stateBytesPerCustomer live state (a canonical savepoint: entries, no RocksDB files) per
   *     customer the job holds
   * @param curve the applied-events curve, for the plot
   */
  record Run(
      double eventsPerSecond,
      double steadySeconds,
      double cpuMicrosPerEvent,
      long applied,
      boolean complete,
      double secondsToOutputs,
      long stateBytes,
      double stateBytesPerCustomer,
      List<AppliedCurve.Sample> curve) {}

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

  /**
   * Runs one job over the loaded input from its start, until it has read all of it and its outputs
   * stand still, or until {@code limit}; then takes a canonical savepoint for its live state.
   */
  static Run throughput(
      Job job, LocalRuntime runtime, long total, int customers, String tag, Duration limit)
      throws Exception {
    String group = "bench-" + job.name().toLowerCase() + "-" + customers + "-" + tag;
    Path checkpoints = Files.createTempDirectory("bench-checkpoints");
    CarteiraConfig config =
        runtime.config().toBuilder()
            .set(Knobs.CONSUMER_GROUP, group)
            .set(Knobs.CHECKPOINT_DIR, checkpoints.toUri().toString())
            .build();
    var flink = JobEnvironment.localFlinkConfiguration(config);
    AppliedEvents.configure(flink);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2, flink);
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
    AppliedEvents.reset();
    long started = System.nanoTime();
    JobClient client = env.executeAsync("bench-" + group);
    String label =
        String.format(
            "%s job, %,d customers (%s)", job == Job.FULL ? "Carteira" : "bare", customers, tag);
    AppliedCurve curve = new AppliedCurve(started);
    boolean complete;
    double secondsToOutputs = Double.NaN;
    try (OffsetProbe read = new OffsetProbe(runtime.bootstrapServers(), group);
        OutputProbe outputs =
            new OutputProbe(runtime.bootstrapServers(), outputTopics(job, config))) {
      long deadline = started + limit.toNanos();
      long consumed = 0;
      long lastOutputs = -1;
      long outputsGrewAt = System.nanoTime();
      while (true) {
        if (client.getJobStatus().get().isGloballyTerminalState()) {
          throw new IllegalStateException(
              label + " stopped at " + consumed + " of " + total + " events read");
        }
        Thread.sleep(200);
        long now = System.nanoTime();
        curve.add(now, AppliedEvents.applied(), cpuSeconds());
        consumed = read.sample();
        if (consumed >= total) {
          // all read: done once the outputs stand still
          long committed = outputs.committed();
          if (committed != lastOutputs) {
            lastOutputs = committed;
            outputsGrewAt = now;
          } else if (now - outputsGrewAt >= OUTPUTS_QUIET.toNanos()) {
            complete = true;
            secondsToOutputs = (outputsGrewAt - started) / 1e9;
            break;
          }
        } else {
          outputsGrewAt = now;
        }
        if (now > deadline) {
          complete = false; // all may be read, but not yet known to be applied
          break;
        }
        Progress.bar(label + " applied", Math.min(curve.last(), total), total);
      }
    }
    Path savepoints = Files.createTempDirectory("bench-savepoint");
    // stopped with the savepoint, so its sinks commit their last transactions: one left open
    // would hold the next run's read_committed view of the output topics
    String savepoint = stopWithSavepoint(client, savepoints);
    long stateBytes =
        directorySize(
            Path.of(URI.create(savepoint.startsWith("file:") ? savepoint : "file:" + savepoint)));
    settle();
    // a run stopped before every customer came holds the customers it started; one that applied
    // nothing yet holds only events waiting for the watermark, and is counted over all customers
    long customersStarted = AppliedEvents.customersStarted();
    long holding =
        job == Job.FULL && !complete && customersStarted > 0
            ? Math.min(customers, customersStarted)
            : customers;
    AppliedCurve.Steady steady = curve.steady();
    Progress.done(
        String.format(
            "%-40s %,9.0f events/s applied over %.0f s steady, %.0f µs CPU per event; %,d"
                + " applied%s; live state %,.0f B/customer",
            label,
            steady.eventsPerSecond(),
            steady.seconds(),
            steady.cpuMicrosPerEvent(),
            curve.last(),
            complete
                ? String.format(", all read and applied after %.1f s", secondsToOutputs)
                : String.format(" in the %d s limit", limit.toSeconds()),
            (double) stateBytes / holding));
    return new Run(
        steady.eventsPerSecond(),
        steady.seconds(),
        steady.cpuMicrosPerEvent(),
        curve.last(),
        complete,
        secondsToOutputs,
        stateBytes,
        (double) stateBytes / holding,
        curve.samples());
  }

  /**
   * Waits, after a run, until the JVM is nearly idle (under a fifth of a core for 2 s, at most 30
   * s): a cancelled job's RocksDB instances close, their files are deleted and its heap is
   * collected in the background, and the next run would otherwise pay for that.
   */
  static void settle() throws InterruptedException {
    System.gc();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    double cpu = cpuSeconds();
    long wall = System.nanoTime();
    int quietSeconds = 0;
    while (quietSeconds < 2 && System.nanoTime() < deadline) {
      Thread.sleep(1_000);
      double nowCpu = cpuSeconds();
      long nowWall = System.nanoTime();
      double cores = (nowCpu - cpu) / ((nowWall - wall) / 1e9);
      quietSeconds = cores < 0.2 ? quietSeconds + 1 : 0;
      cpu = nowCpu;
      wall = nowWall;
    }
  }

  /** CPU time the bench's JVM has used: every thread, the broker's and the job's. */
  static double cpuSeconds() {
    return ((com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean())
            .getProcessCpuTime()
        / 1e9;
  }

  static long directorySize(Path dir) throws Exception {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }

  /** Collected figures. */
  static final class Results {
    final String mode;
    final long eventsLoaded;
    final int runs;
    final Duration runLimit;
    final Map<String, String> knobs;
    final String tag;
    final List<Throughput> throughput = new ArrayList<>();
    final List<LatencyRun.Result> latency = new ArrayList<>();
    long peakRssBytes;

    Results(
        String mode,
        long eventsLoaded,
        int runs,
        Duration runLimit,
        Map<String, String> knobs,
        String tag) {
      this.mode = mode;
      this.eventsLoaded = eventsLoaded;
      this.runs = runs;
      this.runLimit = runLimit;
      this.knobs = knobs;
      this.tag = tag;
    }

    /** Each job's runs at one portfolio size; the figures are their medians. */
    record Throughput(
        int customers, long events, Duration runLimit, List<Run> bareRuns, List<Run> fullRuns) {
      Run bare() {
        return median(bareRuns);
      }

      Run full() {
        return median(fullRuns);
      }

      double ratio() {
        return full().eventsPerSecond() / bare().eventsPerSecond();
      }

      double fullStateBytesPerCustomer() {
        return medianOf(fullRuns, Run::stateBytesPerCustomer);
      }

      double bareStateBytesPerCustomer() {
        return medianOf(bareRuns, Run::stateBytesPerCustomer);
      }
    }

    /** The run with the median rate (the lower middle one of an even count); NaN-run when none. */
    static Run median(List<Run> runs) {
      if (runs.isEmpty()) {
        return new Run(Double.NaN, 0, Double.NaN, 0, false, Double.NaN, 0, Double.NaN, List.of());
      }
      List<Run> sorted = new ArrayList<>(runs);
      sorted.sort(java.util.Comparator.comparingDouble(Run::eventsPerSecond));
      return sorted.get((sorted.size() - 1) / 2);
    }

    static double medianOf(List<Run> runs, java.util.function.ToDoubleFunction<Run> figure) {
      if (runs.isEmpty()) {
        return Double.NaN;
      }
      double[] values = runs.stream().mapToDouble(figure).sorted().toArray();
      return values[(values.length - 1) / 2];
    }
  }

  /**
   * Stops the job with a canonical savepoint, asking again while a task is not running (being
   * restarted, or still being deployed on a busy machine): Flink refuses the savepoint then, and a
   * run that measured well would otherwise be lost to that moment.
   */
  private static String stopWithSavepoint(JobClient client, Path savepoints) throws Exception {
    for (int attempt = 1; ; attempt++) {
      try {
        return client
            .stopWithSavepoint(false, savepoints.toUri().toString(), SavepointFormatType.CANONICAL)
            .get();
      } catch (ExecutionException e) {
        boolean taskNotRunning =
            ExceptionUtils.findThrowableWithMessage(e, "is not being executed at the moment")
                .isPresent();
        if (!taskNotRunning || attempt == 30) {
          throw e;
        }
        Thread.sleep(1_000);
      }
    }
  }
}
