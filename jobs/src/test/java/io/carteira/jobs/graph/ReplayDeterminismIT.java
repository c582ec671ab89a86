package io.carteira.jobs.graph;

import io.carteira.jobs.config.CarteiraConfig;
import io.carteira.jobs.config.Knobs;
import io.carteira.jobs.support.GeneratedInput;
import io.carteira.jobs.support.JobProgress;
import io.carteira.jobs.support.MiniClusters;
import io.carteira.jobs.support.RunOutputs;
import io.carteira.jobs.support.TestRuntime;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.test.junit5.InjectClusterClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Replay determinism: the same input, read twice from empty state by the real job graph
 * (parallelism 2, RocksDB, exactly-once sinks), gives byte-identical snapshots, alerts, dunning
 * actions, metrics and dead letters, key by key in the same order. The two runs differ in pace: one
 * advances the watermark with the usual 100 ms cadence, the other every 10 ms, so events meet the
 * watermark at different points. Both are unbounded jobs, stopped once every operator's watermark
 * has reached the input's end ({@code EndOfInput}) and that is committed.
 */
class ReplayDeterminismIT {

  @RegisterExtension static final MiniClusterExtension FLINK = MiniClusters.twoSlots();

  @Test
  void theSameInputTwice_byteIdenticalOutputs(@InjectClusterClient ClusterClient<?> flink)
      throws Exception {
    try (TestRuntime runtime = MiniClusters.runtimeForTwoSlots()) {
      GeneratedInput.Written input = GeneratedInput.write(runtime.config(), 11, 300, 150_000, 0);
      URI rest = URI.create(flink.getWebInterfaceURL());
      run(runtime.config(), rest, "first", "100 ms", input);
      run(runtime.config(), rest, "second", "10 ms", input);
      System.out.printf("replay determinism: %,d events, read twice:%n", input.events());
      RunOutputs.assertIdentical(runtime.config(), "first", "second")
          .forEach(line -> System.out.println("  identical " + line));
    }
  }

  private static void run(
      CarteiraConfig base,
      URI rest,
      String name,
      String watermarkInterval,
      GeneratedInput.Written input)
      throws Exception {
    CarteiraConfig config =
        RunOutputs.config(base, name)
            .set(Knobs.CHECKPOINT_INTERVAL, "500ms")
            // provisional figures of every open day, so the comparison covers them too
            .set(Knobs.METRICS_PROVISIONAL, "every-day")
            .set(
                Knobs.CHECKPOINT_DIR,
                Files.createTempDirectory("carteira-replay-" + name).toUri().toString())
            .set("flink.pipeline.auto-watermark-interval", watermarkInterval)
            .build();
    JobClient job = RunOutputs.submit(config, name, source -> source);
    try {
      new JobProgress(rest, job.getJobID().toHexString())
          .awaitWatermarkAndCommit(input.end(), Duration.ofMinutes(4));
    } finally {
      job.cancel().get();
    }
  }
}
