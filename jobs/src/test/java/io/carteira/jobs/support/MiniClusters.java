package io.carteira.jobs.support;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;

/** The Flink MiniCluster the graph tests run the real job on. */
public final class MiniClusters {

  private MiniClusters() {}

  /** The REST API's metrics (restarts, counters) refreshed every 200 ms instead of every 10 s. */
  private static Configuration restMetricsEvery200Ms() {
    Configuration configuration = new Configuration();
    configuration.setString("metrics.fetcher.update-interval", "200 ms");
    return configuration;
  }

  /** One TaskManager with two slots: the job at parallelism 2. */
  public static MiniClusterExtension twoSlots() {
    return new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
        .setNumberTaskManagers(1)
        .setNumberSlotsPerTaskManager(2)
        .setConfiguration(restMetricsEvery200Ms())
        .build());
  }
}
