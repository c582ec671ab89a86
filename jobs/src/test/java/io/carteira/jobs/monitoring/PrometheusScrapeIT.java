package io.carteira.jobs.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.carteira.jobs.JobEnvironment;
import io.carteira.jobs.config.CarteiraConfig;
import io.carteira.jobs.config.Knobs;
import io.carteira.jobs.support.GeneratedInput;
import io.carteira.jobs.support.MiniClusters;
import io.carteira.jobs.support.RunOutputs;
import io.carteira.jobs.support.TestRuntime;
import io.carteira.jobs.support.WireProducer;
import io.carteira.operators.policy.PolicyParser;
import io.carteira.operators.risk.ChurnPattern;
import io.carteira.schemas.DeadLetterKind;
import io.carteira.schemas.DunningActionType;
import io.carteira.schemas.PolicyDocument;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The real job on a MiniCluster with Flink's Prometheus reporter, as the deployments configure it:
 * a scrape finds Carteira's metrics with their labels (dead letters by kind, alerts by pattern,
 * churn type and status, dunning actions by type, the policy version per segment, the event-time
 * lag per operator) and Flink's and Kafka's own (checkpoints, restarts, consumer lag); and every
 * metric the Grafana dashboard and the alert rules in {@code deploy/grafana} query is one of them.
 */
class PrometheusScrapeIT {

  private static final int PORT = freePort();

  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .setConfiguration(reporter())
              .build());

  static final Path GRAFANA = Path.of("../deploy/grafana");

  @Test
  void aScrapeFindsCarteirasMetricsWithTheirLabels_andEveryMetricTheDashboardQueries()
      throws Exception {
    try (TestRuntime runtime = MiniClusters.runtimeForTwoSlots()) {
      GeneratedInput.write(runtime.config(), 3, 300, 40_000, 0.005);
      publishPolicy(runtime.config());
      CarteiraConfig config =
          RunOutputs.config(runtime.config(), "scrape")
              .set(
                  Knobs.CHECKPOINT_DIR,
                  Files.createTempDirectory("carteira-scrape").toUri().toString())
              .build();
      JobClient job = RunOutputs.submit(config, "scrape", source -> source);
      try {
        List<PrometheusText.Sample> samples = scrapeUntilPresent();
        Set<String> names =
            samples.stream().map(PrometheusText.Sample::name).collect(Collectors.toSet());

        assertThat(
                labelValues(
                    samples, "flink_taskmanager_job_task_operator_kind_deadLetters", "kind"))
            .containsAll(List.of(DeadLetterKind.values()).stream().map(Enum::name).toList());
        assertThat(labelValues(samples, ALERTS, "pattern"))
            .containsAll(List.of(ChurnPattern.values()).stream().map(Enum::name).toList());
        assertThat(labelValues(samples, ALERTS, "churn_type"))
            .containsExactlyInAnyOrder("VOLUNTARY", "INVOLUNTARY");
        assertThat(labelValues(samples, ALERTS, "status"))
            .containsExactlyInAnyOrder("OPEN", "ESCALATED", "RESOLVED");
        assertThat(sum(samples, ALERTS, Map.of("status", "OPEN"))).isPositive();
        assertThat(labelValues(samples, ACTIONS, "action_type"))
            .containsAll(List.of(DunningActionType.values()).stream().map(Enum::name).toList());
        assertThat(sum(samples, ACTIONS, Map.of())).isPositive();
        assertThat(sum(samples, READ, Map.of())).isPositive();
        assertThat(
                samples.stream()
                    .filter(s -> s.name().equals(POLICY_VERSION))
                    .filter(s -> "default".equals(s.labels().get("segment")))
                    .map(PrometheusText.Sample::value)
                    .toList())
            .isNotEmpty()
            .allMatch(v -> v == 1.0);
        assertThat(labelValues(samples, LAG, "operator_name"))
            .contains(
                "ingest_validation", "alert_lifecycle", "dunning_ladder", "portfolio_metrics");
        assertThat(names)
            .contains(
                "flink_jobmanager_job_numRestarts",
                "flink_jobmanager_job_lastCheckpointDuration",
                "flink_jobmanager_job_numberOfFailedCheckpoints",
                "flink_taskmanager_job_task_operator_KafkaSourceReader_KafkaConsumer_records_lag_max");

        for (Path file :
            List.of(
                GRAFANA.resolve("carteira-dashboard.json"),
                GRAFANA.resolve("carteira-alerts.yaml"))) {
          Set<String> queried = PrometheusText.metricNames(Files.readString(file));
          assertThat(queried).as("%s queries metrics", file).isNotEmpty();
          Set<String> missing = new TreeSet<>(queried);
          missing.removeAll(names);
          assertThat(missing).as("metrics %s queries that the job does not export", file).isEmpty();
        }
      } finally {
        job.cancel().get();
      }
    }
  }

  static final String ALERTS =
      "flink_taskmanager_job_task_operator_pattern_churn_type_status_alerts";
  static final String ACTIONS = "flink_taskmanager_job_task_operator_action_type_dunningActions";
  static final String READ = "flink_taskmanager_job_task_operator_eventsRead";
  static final String POLICY_VERSION = "flink_taskmanager_job_task_operator_segment_policyVersion";
  static final String LAG = "flink_taskmanager_job_task_operator_eventTimeLagMs";

  /** Scrapes until every metric the checks need is there (some appear with the first records). */
  private static List<PrometheusText.Sample> scrapeUntilPresent() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    Instant deadline = Instant.now().plus(Duration.ofMinutes(4));
    Set<String> needed =
        Set.of(
            ALERTS,
            ACTIONS,
            READ,
            POLICY_VERSION,
            LAG,
            "flink_jobmanager_job_lastCheckpointDuration",
            "flink_taskmanager_job_task_operator_KafkaSourceReader_KafkaConsumer_records_lag_max");
    String last = "";
    while (Instant.now().isBefore(deadline)) {
      last =
          http.send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORT + "/metrics"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      List<PrometheusText.Sample> samples = PrometheusText.parse(last);
      Set<String> names =
          samples.stream().map(PrometheusText.Sample::name).collect(Collectors.toSet());
      boolean alertsOpened = sum(samples, ALERTS, Map.of("status", "OPEN")) > 0;
      boolean actionsSent = sum(samples, ACTIONS, Map.of()) > 0;
      if (names.containsAll(needed) && alertsOpened && actionsSent) {
        Files.writeString(Path.of("target/prometheus-scrape.txt"), last);
        return samples;
      }
      Thread.sleep(2_000);
    }
    Files.writeString(Path.of("target/prometheus-scrape.txt"), last);
    throw new AssertionError("the scrape never held every metric (target/prometheus-scrape.txt)");
  }

  private static Set<String> labelValues(
      List<PrometheusText.Sample> samples, String name, String label) {
    return samples.stream()
        .filter(s -> s.name().equals(name))
        .map(s -> s.labels().get(label))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static double sum(
      List<PrometheusText.Sample> samples, String name, Map<String, String> labels) {
    return samples.stream()
        .filter(s -> s.name().equals(name))
        .filter(s -> s.labels().entrySet().containsAll(labels.entrySet()))
        .mapToDouble(PrometheusText.Sample::value)
        .sum();
  }

  private static void publishPolicy(CarteiraConfig config) throws Exception {
    PolicyDocument document =
        PolicyDocument.newBuilder()
            .setSegment("default")
            .setVersion(1)
            .setPublishedAt(Instant.now())
            .setPublishedBy("scrape-test")
            .setBody("{\"grace_period_days\": 2}")
            .build();
    assertThat(PolicyParser.parse(document).errors()).as("the policy is valid").isEmpty();
    try (KafkaProducer<String, SpecificRecord> producer = WireProducer.open(config)) {
      producer.send(new ProducerRecord<>(config.get(Knobs.TOPIC_POLICIES), "default", document));
      producer.flush();
    }
  }

  /** The reporter as deploy/k8s and deploy/local-cluster configure it, on a free port. */
  private static Configuration reporter() {
    Configuration configuration = new Configuration();
    configuration.setString(
        "metrics.reporter.prom.factory.class",
        "org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
    configuration.setString("metrics.reporter.prom.port", String.valueOf(PORT));
    configuration.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, JobEnvironment.LOCAL_MANAGED_MEMORY);
    return configuration;
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
