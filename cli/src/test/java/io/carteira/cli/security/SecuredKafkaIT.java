package io.carteira.cli.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.carteira.cli.CarteiraCli;
import io.carteira.embedded.EmbeddedKafka;
import io.carteira.embedded.generator.EventPublisher;
import io.carteira.embedded.generator.GeneratedEvent;
import io.carteira.embedded.generator.PortfolioGenerator;
import io.carteira.embedded.registry.LocalSchemaRegistry;
import io.carteira.jobs.CarteiraJob;
import io.carteira.jobs.JobEnvironment;
import io.carteira.jobs.config.CarteiraConfig;
import io.carteira.jobs.config.Knobs;
import io.carteira.jobs.config.SecurityKnobs;
import io.carteira.jobs.kafka.KafkaEndpoints;
import io.carteira.jobs.kafka.RegistryClients;
import io.carteira.jobs.kafka.Topics;
import io.carteira.jobs.support.Drain;
import io.carteira.jobs.support.MiniClusters;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real job against a broker that takes SASL_SSL (SCRAM-SHA-512) only, with a certificate made
 * here and ACLs on, and a registry that asks for basic auth: the job reads and writes through them
 * holding only the ACLs docs/security.md lists; wrong credentials are refused in one line naming
 * what refused them; and a client set to PLAINTEXT gets nowhere, as nothing falls back to it.
 */
class SecuredKafkaIT {

  @RegisterExtension static final MiniClusterExtension FLINK = MiniClusters.twoSlots();

  @TempDir static Path dir;

  static EmbeddedKafka kafka;
  static LocalSchemaRegistry registry;
  static CarteiraConfig config;

  @BeforeAll
  static void start() throws Exception {
    TestCertificates certificates = TestCertificates.make(dir, "broker-secret");
    kafka = EmbeddedKafka.startSecured(certificates.keystore(), "broker-secret");
    registry = LocalSchemaRegistry.start(0);
    registry.requireBasicAuth("carteira:registry-secret");
    Path jaas =
        Files.writeString(
            dir.resolve("jaas"),
            "org.apache.kafka.common.security.scram.ScramLoginModule required"
                + " username=\"carteira\" password=\"kafka-secret\";\n");
    config =
        CarteiraConfig.builder()
            .set(Knobs.KAFKA_BOOTSTRAP, kafka.bootstrapServers())
            .set(Knobs.SCHEMA_REGISTRY_URL, registry.url())
            .set(Knobs.TOPIC_PARTITIONS, "2")
            .set(Knobs.PARALLELISM, "2")
            .set(Knobs.BOUNDED, "true")
            .set(SecurityKnobs.PROTOCOL, "SASL_SSL")
            .set(SecurityKnobs.SASL_MECHANISM, "SCRAM-SHA-512")
            .set(SecurityKnobs.SASL_JAAS_FILE, jaas.toString())
            .set(SecurityKnobs.TRUSTSTORE, certificates.truststore().toString())
            .set(
                SecurityKnobs.TRUSTSTORE_PASSWORD_FILE,
                Files.writeString(dir.resolve("truststore-password"), "trust-secret\n").toString())
            .set(
                SecurityKnobs.REGISTRY_USER_INFO_FILE,
                Files.writeString(dir.resolve("registry-user"), "carteira:registry-secret")
                    .toString())
            .build();
    try (Admin admin =
        Admin.create(Map.of("bootstrap.servers", kafka.internalBootstrapServers()))) {
      admin
          .alterUserScramCredentials(
              List.of(
                  new UserScramCredentialUpsertion(
                      "carteira",
                      new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096),
                      "kafka-secret")))
          .all()
          .get();
      admin.createAcls(jobAcls(config)).all().get();
    }
    Topics.create(
        config.toBuilder()
            .set(Knobs.KAFKA_BOOTSTRAP, kafka.internalBootstrapServers())
            .set(SecurityKnobs.PROTOCOL, "PLAINTEXT")
            .set(SecurityKnobs.SASL_MECHANISM, "")
            .set(SecurityKnobs.SASL_JAAS_FILE, "")
            .set(SecurityKnobs.TRUSTSTORE, "")
            .set(SecurityKnobs.TRUSTSTORE_PASSWORD_FILE, "")
            .build());
  }

  @AfterAll
  static void stop() {
    registry.close();
    kafka.close();
  }

  /**
   * What the job needs, and nothing more: read on the inputs and its groups, write on the outputs,
   * its transactional ids (prefixed by the group id).
   */
  static List<AclBinding> jobAcls(CarteiraConfig config) {
    List<AclBinding> acls = new ArrayList<>();
    for (var topic :
        List.of(
            Knobs.TOPIC_PAYMENTS,
            Knobs.TOPIC_USAGE,
            Knobs.TOPIC_SUBSCRIPTIONS,
            Knobs.TOPIC_POLICIES)) {
      acls.add(
          allow(ResourceType.TOPIC, config.get(topic), PatternType.LITERAL, AclOperation.READ));
      acls.add(
          allow(ResourceType.TOPIC, config.get(topic), PatternType.LITERAL, AclOperation.DESCRIBE));
    }
    for (var topic :
        List.of(
            Knobs.TOPIC_CUSTOMER_HEALTH,
            Knobs.TOPIC_RISK_ALERTS,
            Knobs.TOPIC_DUNNING_ACTIONS,
            Knobs.TOPIC_RISK_ALERTS_SHADOW,
            Knobs.TOPIC_DUNNING_ACTIONS_SHADOW,
            Knobs.TOPIC_PORTFOLIO_METRICS,
            Knobs.TOPIC_DEAD_LETTERS)) {
      acls.add(
          allow(ResourceType.TOPIC, config.get(topic), PatternType.LITERAL, AclOperation.WRITE));
      acls.add(
          allow(ResourceType.TOPIC, config.get(topic), PatternType.LITERAL, AclOperation.DESCRIBE));
    }
    String group = config.get(Knobs.CONSUMER_GROUP);
    acls.add(allow(ResourceType.GROUP, group, PatternType.LITERAL, AclOperation.READ));
    acls.add(
        allow(ResourceType.GROUP, group + "-policies", PatternType.LITERAL, AclOperation.READ));
    acls.add(
        allow(
            ResourceType.TRANSACTIONAL_ID, group + "-", PatternType.PREFIXED, AclOperation.WRITE));
    acls.add(
        allow(
            ResourceType.TRANSACTIONAL_ID,
            group + "-",
            PatternType.PREFIXED,
            AclOperation.DESCRIBE));
    return acls;
  }

  private static AclBinding allow(
      ResourceType type, String name, PatternType pattern, AclOperation operation) {
    return new AclBinding(
        new ResourcePattern(type, name, pattern),
        new AccessControlEntry("User:carteira", "*", operation, AclPermissionType.ALLOW));
  }

  @Test
  void theJobReadsAndWritesThroughSaslSslAndAnAuthenticatedRegistry() throws Exception {
    publishInput();
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.getExecutionEnvironment(
            JobEnvironment.flinkConfiguration(config));
    CarteiraJob.assemble(
        env, KafkaEndpoints.inputs(config), KafkaEndpoints.outputs(config), config);
    env.execute("carteira-secured");

    String internal = kafka.internalBootstrapServers();
    assertThat(Drain.committed(internal, config.get(Knobs.TOPIC_CUSTOMER_HEALTH))).isNotEmpty();
    assertThat(Drain.committed(internal, config.get(Knobs.TOPIC_DUNNING_ACTIONS))).isNotEmpty();
    assertThat(RegistryClients.of(config).subjects()).contains("customer-health-value");

    Result run = cli("config");
    assertThat(run.out())
        .contains("kafka.sasl.jaas.config-file")
        .doesNotContain("kafka-secret", "registry-secret", "trust-secret");
  }

  @Test
  void wrongCredentialsAreRefusedInOneLine() throws Exception {
    Path wrong =
        Files.writeString(
            dir.resolve("wrong-jaas"),
            "org.apache.kafka.common.security.scram.ScramLoginModule required"
                + " username=\"carteira\" password=\"not-it\";");
    Result kafkaRefused =
        cli(
            "topics",
            "apply",
            "--dry-run",
            "-f",
            "../deploy/topics.yaml",
            "--set",
            "kafka.sasl.jaas.config-file=" + wrong);
    assertThat(kafkaRefused.code()).isEqualTo(CarteiraCli.FAILED);
    assertThat(kafkaRefused.err().lines().toList()).hasSize(1);
    assertThat(kafkaRefused.err()).contains("Authentication failed").doesNotContain("not-it");

    Path wrongUser = Files.writeString(dir.resolve("wrong-user"), "carteira:not-it");
    Result registryRefused =
        cli(
            "schemas",
            "register",
            "--dry-run",
            "--set",
            "schema-registry.basic-auth.user-info-file=" + wrongUser);
    assertThat(registryRefused.code()).isEqualTo(CarteiraCli.FAILED);
    assertThat(registryRefused.err().trim())
        .startsWith(
            "carteira: error: schema registry at "
                + registry.url()
                + " refused basic auth as carteira (401 Unauthorized)")
        .doesNotContain("not-it");

    Result onCommandLine = cli("config", "--set", "kafka.sasl.jaas.config=anything");
    assertThat(onCommandLine.code()).isNotZero();
    assertThat(onCommandLine.err())
        .contains("kafka.sasl.jaas.config is a secret: not on the command line")
        .doesNotContain("anything");
  }

  @Test
  void aPlaintextClientGetsNowhere() {
    Result plaintext =
        cli(
            "run",
            "--set",
            "kafka.security.protocol=PLAINTEXT",
            "--set",
            "kafka.sasl.mechanism=",
            "--set",
            "kafka.sasl.jaas.config-file=",
            "--set",
            "kafka.ssl.truststore.location=",
            "--set",
            "kafka.ssl.truststore.password-file=");
    assertThat(plaintext.code()).isEqualTo(CarteiraCli.FAILED);
    assertThat(plaintext.err().lines().toList()).hasSize(1);
    assertThat(plaintext.err()).contains("Kafka at " + kafka.bootstrapServers() + " (PLAINTEXT)");

    Result mixed = cli("config", "--set", "kafka.security.protocol=PLAINTEXT");
    assertThat(mixed.code()).isZero(); // listing settings connects to nothing
    Result refused =
        cli(
            "topics",
            "apply",
            "--dry-run",
            "-f",
            "../deploy/topics.yaml",
            "--set",
            "kafka.security.protocol=SSL");
    assertThat(refused.err())
        .contains("kafka.sasl.mechanism is set but kafka.security.protocol is SSL");
  }

  private static void publishInput() {
    EventPublisher.Destination destination =
        new EventPublisher.Destination(
            kafka.internalBootstrapServers(),
            registry.url(),
            config.get(Knobs.TOPIC_PAYMENTS),
            config.get(Knobs.TOPIC_USAGE),
            config.get(Knobs.TOPIC_SUBSCRIPTIONS),
            new Properties(),
            RegistryClients.access(config));
    PortfolioGenerator generator = new PortfolioGenerator(5, 100);
    try (EventPublisher publisher = new EventPublisher(destination, 0, 5)) {
      int written = 0;
      while (written < 8_000) {
        List<GeneratedEvent> day = generator.nextDayEvents();
        publisher.publish(day);
        written += day.size();
      }
      publisher.flush();
    }
  }

  /** The CLI with the secured configuration's settings (secrets as files), and these. */
  private static Result cli(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    for (var knob :
        List.of(
            Knobs.KAFKA_BOOTSTRAP,
            Knobs.SCHEMA_REGISTRY_URL,
            SecurityKnobs.PROTOCOL,
            SecurityKnobs.SASL_MECHANISM,
            SecurityKnobs.SASL_JAAS_FILE,
            SecurityKnobs.TRUSTSTORE,
            SecurityKnobs.TRUSTSTORE_PASSWORD_FILE,
            SecurityKnobs.REGISTRY_USER_INFO_FILE)) {
      if (!String.join(" ", args).contains(knob.key() + "=")) {
        all.add("--set");
        all.add(knob.key() + "=" + config.text(knob));
      }
    }
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        CarteiraCli.execute(
            new PrintWriter(out, true), new PrintWriter(err, true), all.toArray(String[]::new));
    return new Result(code, out.toString(), err.toString());
  }

  record Result(int code, String out, String err) {}
}
