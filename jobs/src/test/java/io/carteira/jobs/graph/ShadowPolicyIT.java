package io.carteira.jobs.graph;

import static org.assertj.core.api.Assertions.assertThat;

import io.carteira.jobs.config.CarteiraConfig;
import io.carteira.jobs.config.Knobs;
import io.carteira.jobs.support.Drain;
import io.carteira.jobs.support.GeneratedInput;
import io.carteira.jobs.support.JobProgress;
import io.carteira.jobs.support.MiniClusters;
import io.carteira.jobs.support.RunOutputs;
import io.carteira.jobs.support.TestRuntime;
import io.carteira.jobs.support.WireProducer;
import io.carteira.operators.policy.PolicyAdmission;
import io.carteira.operators.telemetry.PolicyVersions;
import io.carteira.schemas.DunningAction;
import io.carteira.schemas.PolicyDocument;
import io.carteira.schemas.PolicyStatus;
import io.carteira.schemas.RiskAlert;
import io.carteira.schemas.registry.HttpSchemaRegistryClient;
import io.carteira.schemas.wire.AvroWireDecoder;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.test.junit5.InjectClusterClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A shadow policy on the real job graph (parallelism 2, RocksDB, exactly-once sinks), over one
 * fixed input read three times from empty state, each run with topics of its own:
 *
 * <ul>
 *   <li>{@code live-and-shadow}: live policy P, and Q as the segment's shadow;
 *   <li>{@code live-only}: P alone;
 *   <li>{@code promoted}: P, then Q published live (what {@code carteira policy promote} does).
 * </ul>
 *
 * The live outputs of the first run are those of the second, byte for byte: a shadow changes
 * nothing live. Its shadow outputs are the live outputs of the third: the shadow operators apply Q
 * as the job would were it live. And Q differs from P where the shadow operators apply it (a
 * failed-payment streak of 2, not 3; alerts from a risk of 40, not from any; a pre-due reminder 6
 * days before, not 3), so the second and third runs alert and send otherwise, beyond the policy
 * version their records carry, and the comparisons above can fail.
 *
 * <p>Policies are not ordered by event time: a run publishes its policies, starts the job, waits
 * until every dunning-ladder subtask (live and shadow) has them in force, and only then writes the
 * input, so the same policies apply to every event in each run.
 */
class ShadowPolicyIT {

  @RegisterExtension static final MiniClusterExtension FLINK = MiniClusters.twoSlots();

  private static final String P = "{\"grace_period_days\": 4}";
  private static final String Q =
      "{\"grace_period_days\": 4, \"risk\": {\"failed_payment_streak\": 2, \"open_from\": 40},"
          + " \"dunning\": {\"pre_due_days\": 6}}";
  private static final List<String> ALERTS_AND_ACTIONS = List.of("risk-alerts", "dunning-actions");

  /**
   * The run's shadow outputs are named {@code <this>-risk-alerts}, … to compare them as outputs.
   */
  private static final String SHADOW_OF_FIRST_RUN = "shadow-of-live-and-shadow";

  @Test
  void theShadowChangesNothingLive_andWritesWhatThePolicyWouldLive(
      @InjectClusterClient ClusterClient<?> flink) throws Exception {
    try (TestRuntime runtime = MiniClusters.runtimeForTwoSlots()) {
      URI rest = URI.create(flink.getWebInterfaceURL());
      CarteiraConfig base = runtime.config();
      run(
          base,
          rest,
          "live-and-shadow",
          1,
          2,
          document(1, P, PolicyStatus.LIVE),
          document(2, Q, PolicyStatus.SHADOW));
      run(base, rest, "live-only", 1, 0, document(1, P, PolicyStatus.LIVE));
      run(
          base,
          rest,
          "promoted",
          2,
          0,
          document(1, P, PolicyStatus.LIVE),
          document(2, Q, PolicyStatus.LIVE));

      System.out.println("shadow policy: live outputs with and without the shadow:");
      RunOutputs.assertIdentical(base, "live-and-shadow", "live-only", ALERTS_AND_ACTIONS)
          .forEach(line -> System.out.println("  identical " + line));
      System.out.println("shadow outputs of the first run, live outputs of Q published live:");
      RunOutputs.assertIdentical(base, SHADOW_OF_FIRST_RUN, "promoted", ALERTS_AND_ACTIONS)
          .forEach(line -> System.out.println("  identical " + line));
      // not only in the policy_version each record carries: in what is alerted and sent, and when
      Set<String> alertsUnderP = alerts(base, "live-only-risk-alerts");
      Set<String> alertsUnderQ = alerts(base, "promoted-risk-alerts");
      Set<String> actionsUnderP = actions(base, "live-only-dunning-actions");
      Set<String> actionsUnderQ = actions(base, "promoted-dunning-actions");
      System.out.printf(
          "  alerts (customer, pattern, status, instant): %,d under P, %,d under Q, %,d in"
              + " common; actions (customer, type, instant): %,d under P, %,d under Q, %,d in"
              + " common%n",
          alertsUnderP.size(),
          alertsUnderQ.size(),
          common(alertsUnderP, alertsUnderQ),
          actionsUnderP.size(),
          actionsUnderQ.size(),
          common(actionsUnderP, actionsUnderQ));
      assertThat(alertsUnderQ)
          .as("Q (open_from 40, streaks of 2) alerts otherwise")
          .isNotEqualTo(alertsUnderP);
      assertThat(actionsUnderQ)
          .as("Q (pre-due reminders 6 days before) sends otherwise")
          .isNotEqualTo(actionsUnderP);
      for (String output : ALERTS_AND_ACTIONS) {
        assertThat(
                Drain.committed(base.get(Knobs.KAFKA_BOOTSTRAP), "live-only-" + output + "-shadow"))
            .as("without a shadow in force, nothing is written to the shadow %s", output)
            .isEmpty();
      }
    }
  }

  private static Set<String> alerts(CarteiraConfig config, String topic) {
    AvroWireDecoder<RiskAlert> decoder =
        new AvroWireDecoder<>(
            RiskAlert.class, new HttpSchemaRegistryClient(config.get(Knobs.SCHEMA_REGISTRY_URL)));
    Set<String> alerts = new TreeSet<>();
    for (ConsumerRecord<byte[], byte[]> r :
        Drain.committed(config.get(Knobs.KAFKA_BOOTSTRAP), topic)) {
      RiskAlert a = decoder.decode(r.value()).record();
      alerts.add(
          a.getCustomerId() + " " + a.getPattern() + " " + a.getStatus() + " " + a.getEventTime());
    }
    return alerts;
  }

  private static Set<String> actions(CarteiraConfig config, String topic) {
    AvroWireDecoder<DunningAction> decoder =
        new AvroWireDecoder<>(
            DunningAction.class,
            new HttpSchemaRegistryClient(config.get(Knobs.SCHEMA_REGISTRY_URL)));
    Set<String> actions = new TreeSet<>();
    for (ConsumerRecord<byte[], byte[]> r :
        Drain.committed(config.get(Knobs.KAFKA_BOOTSTRAP), topic)) {
      DunningAction a = decoder.decode(r.value()).record();
      actions.add(a.getCustomerId() + " " + a.getActionType() + " " + a.getEventTime());
    }
    return actions;
  }

  private static long common(Set<String> a, Set<String> b) {
    return a.stream().filter(b::contains).count();
  }

  private static PolicyDocument document(long version, String body, PolicyStatus status) {
    return PolicyDocument.newBuilder()
        .setSegment("default")
        .setVersion(version)
        .setPublishedAt(Instant.parse("2026-01-01T00:00:00Z"))
        .setPublishedBy("shadow-policy-test")
        .setBody(body)
        .setStatus(status)
        .build();
  }

  private static void run(
      CarteiraConfig base,
      URI rest,
      String name,
      long liveVersion,
      long shadowVersion,
      PolicyDocument... policies)
      throws Exception {
    String shadows = name.equals("live-and-shadow") ? SHADOW_OF_FIRST_RUN : name;
    CarteiraConfig config =
        RunOutputs.config(base, name)
            .set(Knobs.TOPIC_RISK_ALERTS_SHADOW, shadows + "-risk-alerts" + suffix(name))
            .set(Knobs.TOPIC_DUNNING_ACTIONS_SHADOW, shadows + "-dunning-actions" + suffix(name))
            .set(Knobs.TOPIC_POLICIES, name + "-policies")
            .set(Knobs.TOPIC_PAYMENTS, name + "-payments")
            .set(Knobs.TOPIC_USAGE, name + "-usage")
            .set(Knobs.TOPIC_SUBSCRIPTIONS, name + "-subscriptions")
            .set(Knobs.CHECKPOINT_INTERVAL, "500ms")
            .set(
                Knobs.CHECKPOINT_DIR,
                Files.createTempDirectory("carteira-shadow-" + name).toUri().toString())
            .build();
    RunOutputs.createTopics(config, name);
    try (KafkaProducer<String, SpecificRecord> producer = WireProducer.open(config)) {
      for (PolicyDocument policy : policies) {
        producer.send(
            new ProducerRecord<>(
                config.get(Knobs.TOPIC_POLICIES), PolicyAdmission.label(policy), policy));
      }
      producer.flush();
    }
    JobClient job = RunOutputs.submit(config, name, source -> source);
    try {
      JobProgress progress = new JobProgress(rest, job.getJobID().toHexString());
      awaitPolicies(progress, liveVersion, shadowVersion);
      GeneratedInput.Written input = GeneratedInput.write(config, 7, 200, 60_000, 0);
      progress.awaitWatermarkAndCommit(input.end(), Duration.ofMinutes(4));
    } finally {
      job.cancel().get();
    }
  }

  /** The live runs' shadow topics keep the {@code -shadow} suffix; the first run's are renamed. */
  private static String suffix(String name) {
    return name.equals("live-and-shadow") ? "" : "-shadow";
  }

  /**
   * Waits until both subtasks of the live dunning ladder have {@code live} in force and both of the
   * shadow one {@code shadow} (0: none), as their policy-version gauges say.
   */
  private static void awaitPolicies(JobProgress progress, long live, long shadow) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
    while (progress.counter("." + PolicyVersions.NAME) != 2 * live
        || progress.counter("." + PolicyVersions.SHADOW_NAME) != 2 * shadow) {
      assertThat(Instant.now()).as("the policies come into force").isBefore(deadline);
    }
  }
}
