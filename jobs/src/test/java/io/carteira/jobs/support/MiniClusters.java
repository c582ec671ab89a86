package io.carteira.jobs.support;

import io.carteira.jobs.JobEnvironment;
import io.carteira.jobs.config.CarteiraConfig;
import io.carteira.jobs.config.Knobs;
import java.time.Duration;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.configuration.WebOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;

/** The Flink MiniCluster the graph tests run the real job on. */
public final class MiniClusters {

  private MiniClusters() {}

  /**
   * The REST API's metrics (restarts, counters) refreshed every 200 ms instead of every 10 s, and
   * its job and checkpoint views cached for 100 ms instead of 3 s: a test that watches restores or
   * task states must not read a view older than what it waits for. Managed memory for RocksDB as a
   * local run of the job gets ({@link JobEnvironment#LOCAL_MANAGED_MEMORY}), not the test default
   * of 80 MB.
   */
  private static Configuration configuration() {
    Configuration configuration = new Configuration();
    configuration.setString("metrics.fetcher.update-interval", "200 ms");
    configuration.set(RestOptions.CACHE_CHECKPOINT_STATISTICS_TIMEOUT, Duration.ofMillis(100));
    configuration.set(WebOptions.REFRESH_INTERVAL, Duration.ofMillis(100));
    configuration.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, JobEnvironment.LOCAL_MANAGED_MEMORY);
    return configuration;
  }

  /**
   * The embedded broker and schema registry for a job on {@link #twoSlots()}: input topics of two
   * partitions, the job at parallelism 2, so each source reader has a partition of every topic.
   */
  public static TestRuntime runtimeForTwoSlots() throws Exception {
    return TestRuntime.start(
        CarteiraConfig.builder()
            .set(Knobs.TOPIC_PARTITIONS, "2")
            .set(Knobs.PARALLELISM, "2")
            .build());
  }

  /** One TaskManager with two slots: the job at parallelism 2. */
  public static MiniClusterExtension twoSlots() {
    return new MiniClusterExtension(
        new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .setConfiguration(configuration())
            .build());
  }
}
