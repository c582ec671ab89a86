package io.carteira.jobs;

import io.carteira.jobs.config.CarteiraConfig;
import io.carteira.jobs.config.Knobs;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The Flink settings Carteira runs with: RocksDB, exactly-once checkpoints, no Kryo, a finite
 * restart strategy.
 */
public final class JobEnvironment {

  private JobEnvironment() {}

  public static Configuration flinkConfiguration(CarteiraConfig config) {
    Configuration flink = new Configuration();
    flink.setString("state.backend.type", "rocksdb");
    flink.setString("execution.checkpointing.incremental", "true");
    // timers in RocksDB, beside the keyed state, so an incremental checkpoint carries only what
    // changed. Heap timers are all written, synchronously in the task thread, at every checkpoint
    // (one a second): a customer holds one timer per event waiting for the watermark besides its
    // own, and at 1,000,000 customers writing them took 62% of customer-state's CPU
    flink.setString("state.backend.rocksdb.timer-service.factory", "ROCKSDB");
    flink.setString(
        "execution.checkpointing.interval",
        config.get(Knobs.CHECKPOINT_INTERVAL).toMillis() + " ms");
    flink.setString(
        "execution.checkpointing.timeout", config.get(Knobs.CHECKPOINT_TIMEOUT).toMillis() + " ms");
    flink.setString("execution.checkpointing.mode", "EXACTLY_ONCE");
    flink.setString("execution.checkpointing.min-pause", "0 ms");
    flink.setString(
        "execution.checkpointing.tolerable-failed-checkpoints",
        String.valueOf(config.get(Knobs.CHECKPOINT_TOLERABLE_FAILURES)));
    flink.setString(
        "execution.checkpointing.externalized-checkpoint-retention", "RETAIN_ON_CANCELLATION");
    String checkpointDir = config.get(Knobs.CHECKPOINT_DIR);
    if (checkpointDir.isEmpty()) {
      checkpointDir =
          Path.of(System.getProperty("java.io.tmpdir"), "carteira-checkpoints").toUri().toString();
    }
    flink.setString("execution.checkpointing.dir", checkpointDir);
    flink.setString("pipeline.generic-types", "false");
    flink.setString("pipeline.object-reuse", "true");
    flink.setString("pipeline.auto-watermark-interval", "100 ms");
    // live outputs: a network buffer that is not full goes out after 20 ms rather than Flink's
    // 100 ms, at each of the graph's shuffles; a full one goes at once either way
    flink.setString("execution.buffer-timeout.interval", "20 ms");
    flink.setString("restart-strategy.type", "fixed-delay");
    flink.setString(
        "restart-strategy.fixed-delay.attempts",
        String.valueOf(config.get(Knobs.RESTART_ATTEMPTS)));
    flink.setString("restart-strategy.fixed-delay.delay", "2 s");
    flink.setString("parallelism.default", String.valueOf(config.get(Knobs.PARALLELISM)));
    flink.addAll(config.flinkOptions());
    return flink;
  }

  /**
   * Managed memory of a local MiniCluster's TaskManager, shared by the RocksDB instances of the
   * job's stateful operators, unless {@code flink.taskmanager.memory.managed.size} says otherwise:
   * about what a TaskManager of {@code deploy/local-cluster} has (1600m process size). Flink gives
   * a local run 128 MB and a test MiniCluster 80 MB; split between the job's RocksDB instances,
   * that is write buffers of a few hundred KB (RocksDB warns "performance will be poor"), memtables
   * flushed all the time and reads across piles of small files. On 80 MB, releasing the catch-up
   * held after a restore outlasted the checkpoint timeout and the job restarted into it again.
   */
  public static final MemorySize LOCAL_MANAGED_MEMORY = MemorySize.ofMebiBytes(512);

  /**
   * The settings of a job on a local MiniCluster (demo, benchmark, {@code run} with no cluster):
   * RocksDB gets memory.
   */
  public static Configuration localFlinkConfiguration(CarteiraConfig config) {
    Configuration flink = flinkConfiguration(config);
    if (!flink.contains(TaskManagerOptions.MANAGED_MEMORY_SIZE)) {
      flink.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, LOCAL_MANAGED_MEMORY);
    }
    return flink;
  }

  /**
   * The environment of wherever this runs: the cluster {@code flink run} submits to, a cluster
   * named by Flink's own {@code execution.target} (e.g. {@code remote} with {@code rest.address}
   * and {@code rest.port}: what {@code deploy/local-cluster submit} sets), else a local
   * MiniCluster.
   */
  public static StreamExecutionEnvironment create(CarteiraConfig config) {
    Configuration flink = flinkConfiguration(config);
    if (flink.getOptional(DeploymentOptions.TARGET).isPresent()) {
      return new StreamExecutionEnvironment(
          flink); // the executor of that target, not the local fallback
    }
    return StreamExecutionEnvironment.getExecutionEnvironment(localFlinkConfiguration(config));
  }

  static Duration checkpointInterval(CarteiraConfig config) {
    return config.get(Knobs.CHECKPOINT_INTERVAL);
  }
}
