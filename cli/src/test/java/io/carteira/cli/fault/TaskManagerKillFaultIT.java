package io.carteira.cli.fault;

import static org.assertj.core.api.Assertions.assertThat;

import io.carteira.jobs.config.CarteiraConfig;
import io.carteira.jobs.config.Knobs;
import io.carteira.jobs.support.EndOfInput;
import io.carteira.jobs.support.GeneratedInput;
import io.carteira.jobs.support.JobProgress;
import io.carteira.jobs.support.RunOutputs;
import io.carteira.jobs.support.TestRuntime;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The process-kill test: the job on a real multi-process Flink cluster ({@code
 * deploy/local-cluster}: a JobManager and a TaskManager JVM), its TaskManager killed with SIGKILL
 * several times mid-run and replaced (as Kubernetes would), against a failure-free run of the same
 * input on a cluster of its own. Both run until every operator's watermark has reached the input's
 * end ({@code EndOfInput}) and that is committed. Their outputs, drained {@code read_committed},
 * are byte-identical key by key in order (so 0 missing, 0 duplicate, 0 differing), and the job runs
 * again within 60 s of each kill.
 *
 * <p>Runs in the {@code faults} Maven profile ({@code mvn -Pfaults verify}); the size by {@code
 * -Dfaults.customers}, {@code -Dfaults.events} and {@code -Dfaults.kills} (default 10,000,
 * 1,000,000 and 3).
 */
class TaskManagerKillFaultIT {

  private static final int CUSTOMERS = Integer.getInteger("faults.customers", 10_000);
  private static final long EVENTS = Long.getLong("faults.events", 1_000_000L);
  private static final int KILLS = Integer.getInteger("faults.kills", 3);
  private static final Duration RECOVERY_LIMIT = Duration.ofSeconds(60);

  @Test
  void killedTaskManagers_outputsEqualAFailureFreeRun_andTheJobRunsAgainWithinAMinute()
      throws Exception {
    try (TestRuntime runtime =
        TestRuntime.start(CarteiraConfig.builder().set(Knobs.TOPIC_PARTITIONS, "2").build())) {
      GeneratedInput.Written input =
          GeneratedInput.write(runtime.config(), 42, CUSTOMERS, EVENTS, 0);
      Run baseline;
      try (LocalCluster cluster =
          LocalCluster.start(Files.createTempDirectory("carteira-baseline-cluster"), 1)) {
        baseline = run(cluster, runtime, "baseline", input, 0);
      }
      Run faults;
      try (LocalCluster cluster =
          LocalCluster.start(Files.createTempDirectory("carteira-fault-cluster"), 1)) {
        faults = run(cluster, runtime, "faults", input, KILLS);
      }
      List<String> compared = RunOutputs.assertIdentical(runtime.config(), "baseline", "faults");
      System.out.printf(
          "process kills: %,d events, %,d customers; baseline %s s; with %d TaskManager kills %s s,"
              + " running again %s s after each%n",
          input.events(),
          CUSTOMERS,
          baseline.seconds(),
          faults.recoveries().size(),
          faults.seconds(),
          faults.recoveries().stream()
              .map(d -> String.format("%.1f", d.toMillis() / 1000.0))
              .collect(Collectors.joining(", ")));
      compared.forEach(line -> System.out.println("  identical " + line));
      assertThat(faults.recoveries())
          .hasSize(KILLS)
          .allSatisfy(d -> assertThat(d).isLessThanOrEqualTo(RECOVERY_LIMIT));
    }
  }

  /** What one run took, and how long the job took to run again after each kill. */
  record Run(String seconds, List<Duration> recoveries) {}

  /**
   * Runs the job on the cluster with its own consumer group and output topics ({@code name}-…),
   * killing the TaskManager {@code kills} times at even steps of the input, until every operator's
   * watermark has reached the input's end and that is committed; then cancels it.
   */
  private static Run run(
      LocalCluster cluster,
      TestRuntime runtime,
      String name,
      GeneratedInput.Written input,
      int kills)
      throws Exception {
    CarteiraConfig config = RunOutputs.config(runtime.config(), name).build();
    RunOutputs.createTopics(config, name);
    List<String> options =
        new ArrayList<>(
            List.of(
                "--set",
                "kafka.bootstrap-servers=" + runtime.bootstrapServers(),
                "--set",
                "schema-registry.url=" + runtime.registryUrl(),
                "--set",
                "topics.partitions=2",
                "--set",
                "job.parallelism=2",
                "--set",
                "checkpoint.interval=2s",
                "--set",
                "checkpoint.dir="
                    + Files.createTempDirectory("carteira-fault-checkpoints").toUri()));
    RunOutputs.settings(name)
        .forEach((key, value) -> options.addAll(List.of("--set", key + "=" + value)));
    Instant started = Instant.now();
    String job = cluster.submit(options);
    JobProgress progress = new JobProgress(cluster.rest(), job);
    List<Duration> recoveries = new ArrayList<>();
    List<String> inputs =
        List.of(
            config.get(Knobs.TOPIC_PAYMENTS),
            config.get(Knobs.TOPIC_USAGE),
            config.get(Knobs.TOPIC_SUBSCRIPTIONS));
    Instant deadline = started.plus(Duration.ofMinutes(15));
    // kills at even steps of the input, by the offsets the source commits with each checkpoint
    while (recoveries.size() < kills) {
      long committed = JobProgress.committedOffsets(runtime.bootstrapServers(), name, inputs);
      if (committed >= input.events() * (recoveries.size() + 1) / (kills + 1)) {
        recoveries.add(killAndReplace(cluster, job));
      }
      assertThat(Instant.now())
          .as(name + ": input consumed in time (" + committed + " of " + input.events() + ")")
          .isBefore(deadline);
      Thread.sleep(200);
    }
    if (kills > 0) {
      EndOfInput.markAgain(
          config, input.end()); // restored from a checkpoint that may have read them already
    }
    progress.awaitWatermarkAndCommit(input.end(), Duration.between(Instant.now(), deadline));
    cluster.cancel(job);
    return new Run(
        String.format("%.0f", Duration.between(started, Instant.now()).toMillis() / 1000.0),
        recoveries);
  }

  /**
   * SIGKILLs the TaskManager, starts a replacement, and measures until the job and all its tasks
   * run again.
   */
  private static Duration killAndReplace(LocalCluster cluster, String job) throws Exception {
    Instant killed = Instant.now();
    cluster.killTaskManager();
    cluster.addTaskManager();
    Instant deadline = killed.plus(Duration.ofMinutes(3));
    while (Instant.now().isBefore(deadline)) {
      Instant restarting = cluster.lastTimeIn(job, "RESTARTING");
      if (restarting != null
          && restarting.isAfter(killed.minusSeconds(1))
          && new JobProgress(cluster.rest(), job).running()) {
        return Duration.between(killed, Instant.now());
      }
      Thread.sleep(200);
    }
    throw new AssertionError(
        "the job did not run again within 3 minutes of the kill: " + cluster.job(job));
  }
}
