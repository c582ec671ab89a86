package io.carteira.jobs.graph;

import static org.assertj.core.api.Assertions.assertThat;

import io.carteira.jobs.config.CarteiraConfig;
import io.carteira.jobs.config.Knobs;
import io.carteira.jobs.support.Drain;
import io.carteira.jobs.support.GeneratedInput;
import io.carteira.jobs.support.JobProgress;
import io.carteira.jobs.support.MiniClusters;
import io.carteira.jobs.support.RunOutputs;
import io.carteira.jobs.support.SettledOutputs;
import io.carteira.jobs.support.TestRuntime;
import io.carteira.schemas.DeadLetter;
import io.carteira.schemas.registry.HttpSchemaRegistryClient;
import io.carteira.schemas.wire.AvroWireDecoder;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.test.junit5.InjectClusterClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A backlog published into a running job: the job (unbounded, the production watermark settings but
 * a short idleness) starts on empty input topics and waits until every partition has long been
 * idle; then months of a generated portfolio arrive on the three topics at once, interleaved in
 * time order as an upstream replay publishes them. No event may turn late on the way (0 {@code
 * LATE} dead letters: every partition wakes up before any of them moves time ahead), and the
 * outputs must settle where a second job settles that reads the same input from the start, once it
 * is all in its topics, with the production idleness (30 s). (Read from the start with an idleness
 * of 2 s, a partition whose first records wait behind another's in the reader's fetches is taken
 * for idle before it gives any, and the others run ahead of it.)
 *
 * <p>Both jobs are unbounded and end at the same watermark ({@link
 * io.carteira.jobs.support.EndOfInput}'s marks); they are compared as a reader who upserts sees
 * them ({@link SettledOutputs}).
 */
class BacklogIntoRunningJobIT {

  @RegisterExtension static final MiniClusterExtension FLINK = MiniClusters.twoSlots();

  private static final Duration IDLENESS = Duration.ofSeconds(2);
  private static final Duration SETTLE = Duration.ofMinutes(8);

  @Test
  void monthsOfBacklogIntoAJobOnIdleTopics_nothingLate_andTheOutputsOfAReadFromTheStart(
      @InjectClusterClient ClusterClient<?> flink) throws Exception {
    try (TestRuntime runtime = MiniClusters.runtimeForTwoSlots()) {
      URI rest = URI.create(flink.getWebInterfaceURL());

      CarteiraConfig running =
          RunOutputs.config(runtime.config(), "running")
              .set(Knobs.CHECKPOINT_INTERVAL, "1s")
              .set(
                  Knobs.CHECKPOINT_DIR,
                  Files.createTempDirectory("carteira-backlog-running").toUri().toString())
              .set(Knobs.IDLENESS, IDLENESS.toString())
              .build();
      JobClient job = RunOutputs.submit(running, "running", source -> source);
      GeneratedInput.Written backlog;
      long late;
      try {
        JobProgress progress = new JobProgress(rest, job.getJobID().toHexString());
        awaitRunning(progress);
        Thread.sleep(IDLENESS.multipliedBy(3).toMillis()); // every empty partition is idle now
        Instant published = Instant.now();
        backlog = GeneratedInput.writeDays(runtime.config(), 23, 300, 120);
        System.out.printf(
            "backlog: %,d events of 300 customers over 120 days published in %,d ms%n",
            backlog.events(), Duration.between(published, Instant.now()).toMillis());
        progress.awaitWatermarkAndCommit(backlog.end(), SETTLE);
        late = progress.counter(".deadLetters.LATE");
      } finally {
        job.cancel().get();
      }

      // the reference: a read from the start as any catch-up reads, with the production idleness
      CarteiraConfig fromStart =
          RunOutputs.config(runtime.config(), "from-start")
              .set(Knobs.CHECKPOINT_INTERVAL, "1s")
              .set(
                  Knobs.CHECKPOINT_DIR,
                  Files.createTempDirectory("carteira-backlog-from-start").toUri().toString())
              .build();
      JobClient second = RunOutputs.submit(fromStart, "from-start", source -> source);
      try {
        new JobProgress(rest, second.getJobID().toHexString())
            .awaitWatermarkAndCommit(backlog.end(), SETTLE);
      } finally {
        second.cancel().get();
      }

      Map<String, Integer> deadLetters = deadLetters(runtime.config(), "running");
      System.out.printf(
          "backlog: dead letters of the running job %s (LATE counter %d)%n", deadLetters, late);
      assertThat(deadLetters)
          .as("dead letters of the job the backlog was published into")
          .isEmpty();
      assertThat(late).as("events turned LATE").isZero();
      assertThat(deadLetters(runtime.config(), "from-start"))
          .as("dead letters of the job that read from the start")
          .isEmpty();
      SettledOutputs.assertSame(runtime.config(), "running", "from-start")
          .forEach(line -> System.out.println("  same " + line));
    }
  }

  private static void awaitRunning(JobProgress progress) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
    while (!progress.running()) {
      assertThat(Instant.now()).as("the job runs").isBefore(deadline);
      Thread.sleep(100);
    }
  }

  /** The run's dead letters, counted by kind and input partition ("LATE payments-0"). */
  private static Map<String, Integer> deadLetters(CarteiraConfig config, String run) {
    AvroWireDecoder<DeadLetter> decoder =
        new AvroWireDecoder<>(
            DeadLetter.class, new HttpSchemaRegistryClient(config.get(Knobs.SCHEMA_REGISTRY_URL)));
    Map<String, Integer> counts = new TreeMap<>();
    for (ConsumerRecord<byte[], byte[]> r :
        Drain.committed(config.get(Knobs.KAFKA_BOOTSTRAP), run + "-dead-letters")) {
      DeadLetter letter = decoder.decode(r.value()).record();
      counts.merge(
          letter.getErrorKind() + " " + letter.getSourceTopic() + "-" + letter.getSourcePartition(),
          1,
          Integer::sum);
    }
    return counts;
  }
}
