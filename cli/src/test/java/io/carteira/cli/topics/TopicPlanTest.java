package io.carteira.cli.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.carteira.cli.CarteiraCli.CliException;
import io.carteira.cli.topics.TopicPlan.Change;
import io.carteira.cli.topics.TopicPlan.ExistingTopic;
import io.carteira.cli.topics.TopicsFile.DesiredTopic;
import io.carteira.jobs.config.CarteiraConfig;
import io.carteira.jobs.kafka.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** deploy/topics.yaml as read, and the plan that makes a cluster match it. */
class TopicPlanTest {

  @Test
  void theFileNamesEveryTopicOfTheJobWithItsSettings() {
    List<DesiredTopic> topics =
        TopicsFile.read(Path.of("../deploy/topics.yaml"), CarteiraConfig.defaults());
    assertThat(topics.stream().map(DesiredTopic::name))
        .containsExactlyInAnyOrder(
            "payments",
            "usage",
            "subscriptions",
            "policies",
            "customer-health",
            "risk-alerts",
            "dunning-actions",
            "risk-alerts-shadow",
            "dunning-actions-shadow",
            "portfolio-metrics",
            "dead-letters");
    DesiredTopic health = find(topics, "customer-health");
    assertThat(health.config())
        .containsEntry("cleanup.policy", "compact")
        .containsEntry("min.insync.replicas", "2")
        .containsEntry("message.timestamp.type", "LogAppendTime");
    assertThat(health.partitions()).isEqualTo(12);
    assertThat(health.replicationFactor()).isEqualTo((short) 3);
    assertThat(find(topics, "policies").partitions()).isEqualTo(1);
    assertThat(find(topics, "dead-letters").config()).containsEntry("retention.ms", "2592000000");
  }

  @Test
  void theFileAgreesWithWhatRunCreateTopicsCreates() {
    CarteiraConfig defaults = CarteiraConfig.defaults();
    List<DesiredTopic> file = TopicsFile.read(Path.of("../deploy/topics.yaml"), defaults);
    for (Topics.TopicSpec spec : Topics.all(defaults)) {
      assertThat(find(file, spec.name()).config())
          .as("deploy/topics.yaml states %s as `carteira run --create-topics` does", spec.name())
          .containsAllEntriesOf(spec.settings());
    }
  }

  @Test
  void unknownFieldsAndTopicsAreRefused(@TempDir Path dir) throws Exception {
    Path file =
        Files.writeString(dir.resolve("t.yaml"), "topics:\n  payments:\n    partition: 3\n");
    assertThatThrownBy(() -> TopicsFile.read(file, CarteiraConfig.defaults()))
        .isInstanceOf(CliException.class)
        .hasMessageContaining("topics.payments: unknown field 'partition'");
  }

  @Test
  void thePlanCreatesAddsAndSetsButNeverShrinksOrReplicates() {
    DesiredTopic payments =
        new DesiredTopic(
            "topics.payments",
            "payments",
            12,
            (short) 3,
            Map.of("retention.ms", "100", "cleanup.policy", "delete"));
    DesiredTopic usage = new DesiredTopic("topics.usage", "usage", 12, (short) 3, Map.of());
    DesiredTopic alerts =
        new DesiredTopic("topics.risk-alerts", "risk-alerts", 4, (short) 3, Map.of());

    TopicPlan plan =
        TopicPlan.of(
            List.of(payments, usage, alerts),
            Map.of(
                "payments",
                    new ExistingTopic(
                        8, 3, mapOf("retention.ms", "200", "cleanup.policy", "delete")),
                "risk-alerts", new ExistingTopic(6, 1, Map.of())));
    assertThat(plan.changes().stream().map(Change::line))
        .containsExactlyInAnyOrder(
            "~ payments: partitions 8 -> 12",
            "~ payments: retention.ms 200 -> 100",
            "+ usage: create with 12 partitions, replication 3, {}");
    assertThat(plan.refusals())
        .containsExactly(
            "risk-alerts: has 6 partitions, the file says 4 (Kafka cannot remove partitions: create"
                + " a new topic and migrate)",
            "risk-alerts: replication factor 1, the file says 3 (a partition reassignment,"
                + " kafka-reassign-partitions, not an apply)");

    TopicPlan again =
        TopicPlan.of(
            List.of(payments),
            Map.of(
                "payments",
                new ExistingTopic(
                    12, 3, mapOf("retention.ms", "100", "cleanup.policy", "delete"))));
    assertThat(again.changes()).isEmpty();
    assertThat(again.unchanged()).containsExactly("payments");
  }

  private static Map<String, String> mapOf(String... kv) {
    return Map.of(kv[0], kv[1], kv[2], kv[3]);
  }

  private static DesiredTopic find(List<DesiredTopic> topics, String name) {
    return topics.stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
  }
}
