package io.carteira.jobs.fault;

import static org.assertj.core.api.Assertions.assertThat;

import io.carteira.jobs.config.CarteiraConfig;
import io.carteira.jobs.config.Knobs;
import io.carteira.jobs.support.EndOfInput;
import io.carteira.jobs.support.GeneratedInput;
import io.carteira.jobs.support.JobProgress;
import io.carteira.jobs.support.MiniClusters;
import io.carteira.jobs.support.RunOutputs;
import io.carteira.jobs.support.TestRuntime;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.test.junit5.InjectClusterClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * In-job failures: the real job graph on a MiniCluster (parallelism 2, RocksDB, exactly-once sinks)
 * reads a generated portfolio; a task fails right after a completed checkpoint, several times at
 * even steps of the input, and the job restarts from that checkpoint each time. Its outputs,
 * drained {@code read_committed}, equal those of a failure-free run byte for byte, key by key in
 * order: nothing missing, nothing twice, nothing different. Size by {@code -Dfailures.customers},
 * {@code -Dfailures.events}, {@code -Dfailures.count} (10,000, 1,000,000 and 5).
 *
 * <p>The MiniCluster's TaskManager has 512 MB of managed memory, as a TaskManager of {@code
 * deploy/local-cluster} has (the test default of 80 MB starved RocksDB: releasing the catch-up held
 * after a restore then outlasted the checkpoint timeout, again and again).
 */
class InJobFailureFaultIT {

  private static final int CUSTOMERS = Integer.getInteger("failures.customers", 10_000);
  private static final long EVENTS = Long.getLong("failures.events", 1_000_000L);
  private static final int FAILURES = Integer.getInteger("failures.count", 5);

  @RegisterExtension static final MiniClusterExtension FLINK = MiniClusters.twoSlots();

  @Test
  void failuresAfterCheckpoints_outputsEqualAFailureFreeRun(
      @InjectClusterClient ClusterClient<?> flink) throws Exception {
    try (TestRuntime runtime = MiniClusters.runtimeForTwoSlots()) {
      GeneratedInput.Written input =
          GeneratedInput.write(runtime.config(), 42, CUSTOMERS, EVENTS, 0);
      URI rest = URI.create(flink.getWebInterfaceURL());
      FailOnDemandSource.reset();
      Instant started = Instant.now();
      run(runtime.config(), rest, "baseline", input, 0);
      Duration baseline = Duration.between(started, Instant.now());
      started = Instant.now();
      long restarts = run(runtime.config(), rest, "failures", input, FAILURES);
      Duration withFailures = Duration.between(started, Instant.now());

      List<String> compared = RunOutputs.assertIdentical(runtime.config(), "baseline", "failures");
      System.out.printf(
          "in-job failures: %,d events, %,d customers; baseline %d s; %d failures injected after"
              + " checkpoints, %d restarts, %d s%n",
          input.events(),
          CUSTOMERS,
          baseline.toSeconds(),
          FailOnDemandSource.injected(),
          restarts,
          withFailures.toSeconds());
      compared.forEach(line -> System.out.println("  identical " + line));
      assertThat(FailOnDemandSource.injected()).isEqualTo(FAILURES);
      assertThat(restarts).isEqualTo(FAILURES);
    }
  }

  /**
   * Runs the job with its own group and output topics until its watermark reaches the input's end
   * and that is committed, asking for a failure each time the group's committed offsets (the source
   * commits them when a checkpoint completes) pass another step of the input; returns the job's
   * restarts.
   */
  private static long run(
      CarteiraConfig base, URI rest, String name, GeneratedInput.Written input, int failures)
      throws Exception {
    CarteiraConfig config =
        RunOutputs.config(base, name)
            .set(Knobs.CHECKPOINT_INTERVAL, "1s")
            .set(
                Knobs.CHECKPOINT_DIR,
                Files.createTempDirectory("carteira-failures-" + name).toUri().toString())
            .build();
    JobClient job = RunOutputs.submit(config, name, FailOnDemandSource::wrap);
    JobProgress progress = new JobProgress(rest, job.getJobID().toHexString());
    try {
      List<Long> steps = new ArrayList<>();
      for (int i = 1; i <= failures; i++) {
        steps.add(input.events() * i / (failures + 1));
      }
      Instant deadline = Instant.now().plus(Duration.ofMinutes(10));
      for (long step : steps) {
        while (JobProgress.committedInputOffsets(base, name) < step) {
          assertThat(Instant.now())
              .as(name + ": input read to " + step + " in time")
              .isBefore(deadline);
          Thread.sleep(100);
        }
        long restartsBefore = progress.restarts();
        FailOnDemandSource.failOnce();
        progress.awaitRunningAfterRestart(restartsBefore, Duration.ofMinutes(2));
      }
      if (failures > 0) {
        EndOfInput.markAgain(
            config, input.end()); // restored from a checkpoint that may have read them already
      }
      progress.awaitWatermarkAndCommit(
          input.end(), Duration.ofMinutes(Long.getLong("failures.minutes", 10)));
      return progress.restarts();
    } finally {
      job.cancel().get();
    }
  }
}
