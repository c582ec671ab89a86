package io.carteira.jobs.fault;

import static org.assertj.core.api.Assertions.assertThat;

import io.carteira.jobs.config.CarteiraConfig;
import io.carteira.jobs.config.Knobs;
import io.carteira.jobs.embedded.EmbeddedRuntime;
import io.carteira.jobs.generator.EventPublisher;
import io.carteira.jobs.generator.GeneratedEvent;
import io.carteira.jobs.generator.PortfolioGenerator;
import io.carteira.schemas.registry.HttpSchemaRegistryClient;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * The process-kill test of RELIABILITY.md: the job on a real multi-process Flink cluster
 * ({@code deploy/local-cluster}: a JobManager and a TaskManager JVM), its TaskManager killed with
 * SIGKILL several times mid-run and replaced (as Kubernetes would), against a failure-free run of
 * the same input on a cluster of its own. Both read the input to its end offsets and finish
 * ({@code kafka.bounded}), so both end with every day closed and every timer fired. Outputs drained {@code read_committed} and compared by id:
 * 0 missing, 0 duplicate, 0 differing; running again within 60 s of each kill.
 *
 * <p>Runs in the {@code faults} Maven profile ({@code mvn -Pfaults verify}); the size by
 * {@code -Dfaults.customers}, {@code -Dfaults.events} and {@code -Dfaults.kills} (default 10,000,
 * 1,000,000 and 3). It fails today, and is not yet run by CI: two failure-free runs of the same
 * input do not give identical outputs yet (what customer-state and the dunning ladder do depends
 * on where the watermark was when an event arrived; issue 9, replay determinism). With
 * {@code -Dfaults.kills=0} it measures exactly that.
 */
class TaskManagerKillFaultIT {

  private static final int CUSTOMERS = Integer.getInteger("faults.customers", 10_000);
  private static final long EVENTS = Long.getLong("faults.events", 1_000_000L);
  private static final int KILLS = Integer.getInteger("faults.kills", 3);
  private static final Duration RECOVERY_LIMIT = Duration.ofSeconds(60);
  private static final List<String> OUTPUTS = List.of("customer-health", "risk-alerts", "dunning-actions", "portfolio-metrics", "dead-letters");

  @Test
  void killedTaskManagers_outputsEqualAFailureFreeRun_andTheJobRunsAgainWithinAMinute() throws Exception {
    try (EmbeddedRuntime runtime = EmbeddedRuntime.start(CarteiraConfig.builder()
        .set(Knobs.TOPIC_PARTITIONS, "2")
        .build())) {
      long events = load(runtime.config());
      Run baseline;
      try (LocalCluster cluster = LocalCluster.start(Files.createTempDirectory("carteira-baseline-cluster"), 1)) {
        baseline = run(cluster, runtime, "baseline", events, 0);
      }
      Run faults;
      try (LocalCluster cluster = LocalCluster.start(Files.createTempDirectory("carteira-fault-cluster"), 1)) {
        faults = run(cluster, runtime, "faults", events, KILLS);
      }
      {

        List<OutputComparison.Difference> differences = new OutputComparison(runtime.bootstrapServers(),
            new HttpSchemaRegistryClient(runtime.registryUrl())).compare("baseline", "faults");
        System.out.printf("process kills: %,d events, %,d customers; baseline %s s; with %d TaskManager kills %s s, running again %s s "
                + "after each%n", events, CUSTOMERS, baseline.seconds(), faults.recoveries().size(), faults.seconds(),
            faults.recoveries().stream().map(d -> String.format("%.1f", d.toMillis() / 1000.0)).collect(Collectors.joining(", ")));
        differences.forEach(d -> System.out.println("  " + d));
        assertThat(faults.recoveries()).hasSize(KILLS).allSatisfy(d -> assertThat(d).isLessThanOrEqualTo(RECOVERY_LIMIT));
        assertThat(differences).allSatisfy(d -> assertThat(d.none()).as(d.toString()).isTrue());
        assertThat(differences).filteredOn(d -> !d.output().equals("dead-letters"))
            .allSatisfy(d -> assertThat(d.baseline()).as(d.output() + " has records to compare").isPositive());
      }
    }
  }

  /** What one run took, and how long the job took to run again after each kill. */
  record Run(String seconds, List<Duration> recoveries) {}

  /**
   * Runs the job on the cluster with its own consumer group and output topics ({@code name}-…),
   * killing the TaskManager {@code kills} times at even steps of the input, until every input
   * offset is committed (so the checkpoint covering all input has completed); then cancels it.
   */
  private static Run run(LocalCluster cluster, EmbeddedRuntime runtime, String name, long events, int kills) throws Exception {
    CarteiraConfig config = runtime.config();
    List<String> options = new ArrayList<>(List.of(
        "--create-topics",
        "--set", "kafka.bootstrap-servers=" + runtime.bootstrapServers(),
        "--set", "schema-registry.url=" + runtime.registryUrl(),
        "--set", "kafka.group-id=" + name,
        "--set", "kafka.bounded=true",
        "--set", "topics.partitions=2",
        "--set", "job.parallelism=2",
        "--set", "checkpoint.interval=2s",
        "--set", "checkpoint.dir=" + Files.createTempDirectory("carteira-fault-checkpoints").toUri()));
    for (String output : OUTPUTS) {
      options.addAll(List.of("--set", "topics." + output + "=" + name + "-" + output));
    }
    Instant started = Instant.now();
    String job = cluster.submit(options);
    List<Duration> recoveries = new ArrayList<>();
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, runtime.bootstrapServers()))) {
      Map<TopicPartition, Long> ends = endOffsets(admin, config);
      Instant deadline = started.plus(Duration.ofMinutes(15));
      // kills at even steps of the input, by the offsets the source commits with each checkpoint
      while (recoveries.size() < kills) {
        long committed = committed(admin, name, ends);
        if (committed >= events * (recoveries.size() + 1) / (kills + 1)) {
          recoveries.add(killAndReplace(cluster, job));
        }
        assertThat(cluster.job(job).path("state").asText()).as(name + ": still running for kill " + (recoveries.size() + 1))
            .isNotIn("FINISHED", "FAILED", "CANCELED");
        assertThat(Instant.now()).as(name + ": input consumed in time (" + committed + " of " + events + ")").isBefore(deadline);
        Thread.sleep(200);
      }
      while (!cluster.job(job).path("state").asText().equals("FINISHED")) {
        assertThat(cluster.job(job).path("state").asText()).as(name + " state").isNotIn("FAILED", "CANCELED");
        assertThat(Instant.now()).as(name + ": job finished in time").isBefore(deadline);
        Thread.sleep(500);
      }
    }
    return new Run(String.format("%.0f", Duration.between(started, Instant.now()).toMillis() / 1000.0), recoveries);
  }

  /** SIGKILLs the TaskManager, starts a replacement, and measures until the job and all its tasks run again. */
  private static Duration killAndReplace(LocalCluster cluster, String job) throws Exception {
    Instant killed = Instant.now();
    cluster.killTaskManager();
    cluster.addTaskManager();
    Instant deadline = killed.plus(Duration.ofMinutes(3));
    while (Instant.now().isBefore(deadline)) {
      Instant restarting = cluster.lastTimeIn(job, "RESTARTING");
      if (restarting != null && restarting.isAfter(killed.minusSeconds(1)) && cluster.running(job)) {
        return Duration.between(killed, Instant.now());
      }
      Thread.sleep(200);
    }
    throw new AssertionError("the job did not run again within 3 minutes of the kill: " + cluster.job(job));
  }

  private static Map<TopicPartition, Long> endOffsets(Admin admin, CarteiraConfig config) throws Exception {
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    for (String topic : List.of(config.get(Knobs.TOPIC_PAYMENTS), config.get(Knobs.TOPIC_USAGE), config.get(Knobs.TOPIC_SUBSCRIPTIONS))) {
      for (int p = 0; p < 2; p++) {
        latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
      }
    }
    Map<TopicPartition, Long> ends = new HashMap<>();
    admin.listOffsets(latest).all().get().forEach((tp, info) -> ends.put(tp, info.offset()));
    return ends;
  }

  /** Input records whose offsets the group has committed (the source commits on each completed checkpoint). */
  private static long committed(Admin admin, String group, Map<TopicPartition, Long> ends) throws Exception {
    Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
    long total = 0;
    for (TopicPartition tp : ends.keySet()) {
      OffsetAndMetadata at = offsets.get(tp);
      total += at == null ? 0 : at.offset();
    }
    return total;
  }

  /** Writes the generated portfolio to the input topics: exactly {@code faults.events} events. */
  private static long load(CarteiraConfig config) {
    PortfolioGenerator generator = new PortfolioGenerator(42, CUSTOMERS, PortfolioGenerator.DEFAULT_START, ZoneId.of("America/Sao_Paulo"), 1);
    long written = 0;
    try (EventPublisher publisher = new EventPublisher(config, 0, 42)) {
      while (written < EVENTS) {
        List<GeneratedEvent> day = generator.nextDayEvents();
        List<GeneratedEvent> batch = day.size() > EVENTS - written ? day.subList(0, (int) (EVENTS - written)) : day;
        publisher.publish(batch);
        written += batch.size();
      }
      publisher.flush();
    }
    return written;
  }
}
