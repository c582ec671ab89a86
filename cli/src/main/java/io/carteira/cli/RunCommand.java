package io.carteira.cli;

import io.carteira.jobs.CarteiraJob;
import io.carteira.jobs.JobEnvironment;
import io.carteira.jobs.config.CarteiraConfig;
import io.carteira.jobs.kafka.KafkaClients;
import io.carteira.jobs.kafka.KafkaEndpoints;
import io.carteira.jobs.kafka.RegistryClients;
import io.carteira.jobs.kafka.Topics;
import java.util.concurrent.Callable;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.core.execution.DetachedJobExecutionResult;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Runs the job against a configured Kafka and registry, locally or on the cluster `flink run`
 * submits to.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description =
        "Run the job against the configured Kafka and schema registry (locally, or on a cluster via"
            + " `flink run`).")
final class RunCommand implements Callable<Integer> {

  @Mixin ConfigOptions options;

  @Option(
      names = "--create-topics",
      description = "Create missing topics first (partitions and replication from the config).")
  boolean createTopics;

  @Override
  public Integer call() throws Exception {
    CarteiraConfig config = options.load();
    KafkaEndpoints.checkTransactionSettings(config);
    KafkaEndpoints.checkTopicsAreDistinct(config);
    Preflight.check(config);
    if (createTopics) {
      Topics.create(config);
    }
    StreamExecutionEnvironment env = JobEnvironment.create(config);
    CarteiraJob.assemble(
        env, KafkaEndpoints.inputs(config), KafkaEndpoints.outputs(config), config);
    System.err.printf(
        "carteira: running against Kafka %s, registry %s%n",
        KafkaClients.describe(config), RegistryClients.access(config));
    JobExecutionResult result = env.execute("carteira");
    if (result instanceof DetachedJobExecutionResult) {
      System.out.println(
          "carteira: submitted job "
              + result.getJobID()); // detached: the job runs on without this client
    }
    return 0;
  }
}
