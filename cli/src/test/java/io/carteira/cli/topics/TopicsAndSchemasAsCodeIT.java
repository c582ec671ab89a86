package io.carteira.cli.topics;

import static org.assertj.core.api.Assertions.assertThat;

import io.carteira.cli.CarteiraCli;
import io.carteira.cli.LocalRuntime;
import io.carteira.jobs.config.CarteiraConfig;
import io.carteira.schemas.registry.HttpSchemaRegistryClient;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code carteira topics apply} and {@code carteira schemas register} against the embedded broker
 * and registry: the first apply creates every topic of {@code deploy/topics.yaml} (its replication
 * lowered to the one broker here), a second changes nothing, an edited file is applied as its
 * difference; schemas are registered once, BACKWARD, and an incompatible one is refused.
 */
class TopicsAndSchemasAsCodeIT {

  static LocalRuntime runtime;

  @BeforeAll
  static void start() throws Exception {
    runtime = LocalRuntime.start(CarteiraConfig.defaults());
  }

  @AfterAll
  static void stop() {
    runtime.close();
  }

  @Test
  void applyCreatesThenChangesNothingThenAppliesTheDifference(@TempDir Path dir) throws Exception {
    String file =
        Files.readString(Path.of("../deploy/topics.yaml"))
            .replace("replication-factor: 3", "replication-factor: 1")
            .replace("min.insync.replicas: \"2\"", "min.insync.replicas: \"1\"");
    Path topics =
        Files.writeString(
            dir.resolve("topics.yaml"), file.replace("payments: {}", "cohort-payments: {}"));
    Result unknown = run("topics", "apply", "--file", topics.toString());
    assertThat(unknown.code()).isEqualTo(CarteiraCli.FAILED);
    assertThat(unknown.err().trim())
        .isEqualTo(
            "carteira: error: "
                + topics
                + ": topics.cohort-payments names no topic setting (topics.cohort-payments)");

    // the prefix keeps these topics apart from those LocalRuntime created
    Files.writeString(topics, file);
    String[] renamed = {
      "--set", "topics.payments=iac-payments", "--set", "topics.customer-health=iac-customer-health"
    };
    Result dry =
        run(
            concat(
                new String[] {"topics", "apply", "-f", topics.toString(), "--dry-run"}, renamed));
    assertThat(dry.code()).as(dry.err()).isZero();
    assertThat(dry.out()).contains("+ iac-payments: create with 12 partitions, replication 1");
    assertThat(dry.out()).contains("(dry run: none made)");
    assertThat(topicNames()).doesNotContain("iac-payments");

    Result first = run(concat(new String[] {"topics", "apply", "-f", topics.toString()}, renamed));
    assertThat(first.code()).as(first.err()).isZero();
    assertThat(first.out()).contains("+ iac-customer-health: create with 12 partitions");
    assertThat(config("iac-customer-health").get("cleanup.policy").value()).isEqualTo("compact");
    assertThat(config("iac-payments").get("message.timestamp.type").value())
        .isEqualTo("LogAppendTime");
    assertThat(config("iac-payments").get("retention.ms").value()).isEqualTo("7776000000");

    Result second = run(concat(new String[] {"topics", "apply", "-f", topics.toString()}, renamed));
    assertThat(second.code()).as(second.err()).isZero();
    assertThat(second.out())
        .contains("= iac-payments: up to date")
        .contains("topics: nothing to change");

    Files.writeString(
        topics,
        file.replace(
            "  payments: {}",
            "  payments:\n    partitions: 16\n    config:\n      retention.ms: \"86400000\""));
    Result third = run(concat(new String[] {"topics", "apply", "-f", topics.toString()}, renamed));
    assertThat(third.code()).as(third.err()).isZero();
    assertThat(third.out())
        .contains("~ iac-payments: partitions 12 -> 16")
        .contains("~ iac-payments: retention.ms 7776000000 -> 86400000")
        .contains("topics: 2 changes applied");
    assertThat(config("iac-payments").get("retention.ms").value()).isEqualTo("86400000");
    try (Admin admin = admin()) {
      assertThat(
              admin
                  .describeTopics(List.of("iac-payments"))
                  .allTopicNames()
                  .get()
                  .get("iac-payments")
                  .partitions())
          .hasSize(16);
    }

    Files.writeString(topics, file.replace("partitions: 12", "partitions: 8"));
    Result fewer = run(concat(new String[] {"topics", "apply", "-f", topics.toString()}, renamed));
    assertThat(fewer.code()).isEqualTo(CarteiraCli.FAILED);
    assertThat(fewer.err().lines().toList()).hasSize(1);
    assertThat(fewer.err())
        .contains(
            "iac-payments: has 16 partitions, the file says 8 (Kafka cannot remove partitions");
  }

  @Test
  void schemasAreRegisteredOnceWithBackwardCompatibility() throws Exception {
    String[] renamed = {"--set", "topics.risk-alerts=iac-risk-alerts"};
    Result first = run(concat(new String[] {"schemas", "register"}, renamed));
    assertThat(first.code()).as(first.err()).isZero();
    assertThat(first.out()).contains("+ iac-risk-alerts-value: RiskAlert registered (id ");
    HttpSchemaRegistryClient registry = new HttpSchemaRegistryClient(runtime.registryUrl());
    assertThat(registry.compatibility("iac-risk-alerts-value")).isEqualTo("BACKWARD");

    Result second = run(concat(new String[] {"schemas", "register"}, renamed));
    assertThat(second.code()).as(second.err()).isZero();
    assertThat(second.out())
        .contains("= iac-risk-alerts-value: RiskAlert is version 1")
        .contains("schemas: 0 registered");

    // a schema the build's RiskAlert cannot read what it wrote with: a required field added
    org.apache.avro.Schema other =
        new org.apache.avro.Schema.Parser()
            .parse(
                "{\"type\":\"record\",\"name\":\"RiskAlert\",\"namespace\":\"io.carteira.schemas\","
                    + "\"fields\":[{\"name\":\"alert_id\",\"type\":\"string\"},"
                    + "{\"name\":\"required_extra\",\"type\":\"long\"}]}");
    registry.setCompatibility("iac-dunning-actions-value", "BACKWARD");
    registry.register("iac-dunning-actions-value", other);
    Result refused =
        run("schemas", "register", "--set", "topics.dunning-actions=iac-dunning-actions");
    assertThat(refused.code()).isEqualTo(CarteiraCli.FAILED);
    assertThat(refused.err().lines().toList()).hasSize(1);
    assertThat(refused.err())
        .startsWith(
            "carteira: error: iac-dunning-actions-value: DunningAction is not backward compatible");
  }

  private static Set<String> topicNames() throws Exception {
    try (Admin admin = admin()) {
      return admin.listTopics().names().get();
    }
  }

  private static Config config(String topic) throws Exception {
    try (Admin admin = admin()) {
      ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
      return admin.describeConfigs(List.of(resource)).all().get().get(resource);
    }
  }

  private static Admin admin() {
    return Admin.create(Map.of("bootstrap.servers", runtime.bootstrapServers()));
  }

  private static String[] concat(String[] a, String[] b) {
    String[] all = new String[a.length + b.length];
    System.arraycopy(a, 0, all, 0, a.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }

  private static Result run(String... args) {
    String[] all =
        concat(
            args,
            new String[] {
              "--set",
              "kafka.bootstrap-servers=" + runtime.bootstrapServers(),
              "--set",
              "schema-registry.url=" + runtime.registryUrl()
            });
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = CarteiraCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), all);
    return new Result(code, out.toString(), err.toString());
  }

  record Result(int code, String out, String err) {}
}
