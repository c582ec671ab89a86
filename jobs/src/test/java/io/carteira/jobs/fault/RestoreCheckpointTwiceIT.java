package io.carteira.jobs.fault;

import static org.assertj.core.api.Assertions.assertThat;

import io.carteira.jobs.config.CarteiraConfig;
import io.carteira.jobs.config.Knobs;
import io.carteira.jobs.support.Drain;
import io.carteira.jobs.support.EndOfInput;
import io.carteira.jobs.support.GeneratedInput;
import io.carteira.jobs.support.JobProgress;
import io.carteira.jobs.support.MiniClusters;
import io.carteira.jobs.support.RunOutputs;
import io.carteira.jobs.support.TestRuntime;
import io.carteira.schemas.DeadLetter;
import io.carteira.schemas.registry.HttpSchemaRegistryClient;
import io.carteira.schemas.wire.AvroWireDecoder;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.test.junit5.InjectClusterClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Restoring one checkpoint twice (transaction settings): a task fails mid-run, the job restores its
 * latest checkpoint, reads and writes on (its sinks open transactions under the ids that follow
 * that checkpoint) and fails again before completing a checkpoint, so it restores the same
 * checkpoint a second time and reuses those transactional ids. The sinks must abort what the lost
 * attempt left open (or {@code read_committed} readers would stall behind it) and carry on without
 * fencing errors: two restarts, no crash loop, and outputs byte-identical to a failure-free run, so
 * nothing twice and nothing missing.
 */
class RestoreCheckpointTwiceIT {

  private static final int CUSTOMERS = 1_000;
  private static final long EVENTS = 100_000;
  private static final long POLLS_BEFORE_SECOND_FAILURE = 5_000;

  @RegisterExtension static final MiniClusterExtension FLINK = MiniClusters.twoSlots();

  @Test
  void theSameCheckpointRestoredTwice_outputsEqualAFailureFreeRun(
      @InjectClusterClient ClusterClient<?> flink) throws Exception {
    try (TestRuntime runtime = MiniClusters.runtimeForTwoSlots()) {
      GeneratedInput.Written input =
          GeneratedInput.write(runtime.config(), 42, CUSTOMERS, EVENTS, 0);
      URI rest = URI.create(flink.getWebInterfaceURL());
      FailOnDemandSource.reset();

      JobClient baseline =
          RunOutputs.submit(
              config(runtime.config(), "baseline"), "baseline", FailOnDemandSource::wrap);
      try {
        new JobProgress(rest, baseline.getJobID().toHexString())
            .awaitWatermarkAndCommit(input.end(), Duration.ofMinutes(5));
      } finally {
        baseline.cancel().get();
      }

      CarteiraConfig config = config(runtime.config(), "twice");
      JobClient job = RunOutputs.submit(config, "twice", FailOnDemandSource::wrap);
      JobProgress progress = new JobProgress(rest, job.getJobID().toHexString());
      JobProgress.Restore secondRestore;
      try {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
        while (JobProgress.committedInputOffsets(config, "twice") < input.events() / 2) {
          assertThat(Instant.now()).as("half the input read in time").isBefore(deadline);
          Thread.sleep(100);
        }
        FailOnDemandSource.failOnce();
        FailOnDemandSource.failOnceInNextReaders(POLLS_BEFORE_SECOND_FAILURE);
        while (progress.restarts() < 2 || !progress.running()) {
          assertThat(Instant.now()).as("two restarts, running again, in time").isBefore(deadline);
          Thread.sleep(100);
        }
        secondRestore = progress.latestRestore();
        EndOfInput.markAgain(
            config, input.end()); // restored from a checkpoint that may have read them already
        progress.awaitWatermarkAndCommit(input.end(), Duration.ofMinutes(5));
        assertThat(progress.restarts()).as("restarts: no crash loop").isEqualTo(2);
      } finally {
        job.cancel().get();
      }

      List<Set<String>> restoredFrom = FailOnDemandSource.startingSplitsOfNextAttempts(2);
      System.out.printf(
          "restore twice: %,d events, %,d customers; %d failures; the second restore %s; restored"
              + " readers started at %s%n",
          input.events(), CUSTOMERS, FailOnDemandSource.injected(), secondRestore, restoredFrom);
      assertThat(FailOnDemandSource.injected()).isEqualTo(2);
      assertThat(secondRestore).as("the second restore, a checkpoint's").isNotNull();
      assertThat(restoredFrom).as("the source state each restored attempt started from").hasSize(2);
      // a checkpoint's offset for each of the 6 partitions; a partition its reader had not yet read
      // from when the checkpoint was taken is recorded with its initial offset, the earliest (-2)
      assertThat(restoredFrom.get(0))
          .as("the first restore's starting splits: a checkpoint's offsets for the 6 partitions")
          .hasSize(6)
          .allMatch(split -> split.matches(".*StartingOffset: (\\d+|-2),.*"))
          .anyMatch(split -> split.matches(".*StartingOffset: \\d+,.*"));
      assertThat(restoredFrom.get(1))
          .as("the second restore started where the first did")
          .isEqualTo(restoredFrom.get(0));
      System.out.println(
          "  dead letters: baseline "
              + deadLetterKinds(runtime.config(), "baseline")
              + ", twice "
              + deadLetterKinds(runtime.config(), "twice"));
      RunOutputs.assertIdentical(runtime.config(), "baseline", "twice")
          .forEach(line -> System.out.println("  identical " + line));
    }
  }

  private static CarteiraConfig config(CarteiraConfig base, String run) throws Exception {
    return RunOutputs.config(base, run)
        .set(Knobs.CHECKPOINT_INTERVAL, "1s")
        .set(
            Knobs.CHECKPOINT_DIR,
            Files.createTempDirectory("carteira-twice-" + run).toUri().toString())
        .build();
  }

  /** The run's dead letters by kind. */
  private static Map<String, Long> deadLetterKinds(CarteiraConfig config, String run) {
    AvroWireDecoder<DeadLetter> decoder =
        new AvroWireDecoder<>(
            DeadLetter.class, new HttpSchemaRegistryClient(config.get(Knobs.SCHEMA_REGISTRY_URL)));
    return Drain.committed(config.get(Knobs.KAFKA_BOOTSTRAP), run + "-dead-letters").stream()
        .map(r -> decoder.decode(r.value()).record())
        .collect(
            Collectors.groupingBy(
                d -> d.getErrorKind().name(), TreeMap::new, Collectors.counting()));
  }
}
