package io.carteira.jobs.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.carteira.jobs.config.CarteiraConfig;
import io.carteira.jobs.config.ConfigException;
import io.carteira.jobs.config.Knob;
import io.carteira.jobs.config.Knobs;
import io.carteira.jobs.config.OutputKnobs;
import io.carteira.jobs.config.SecurityKnobs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The security settings every Kafka and registry client is built with: applied or refused. */
class KafkaClientsTest {

  private static final String JAAS =
      "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"carteira\""
          + " password=\"s3cret\";";

  @Test
  void plaintextByDefault() {
    Properties props = KafkaClients.common(CarteiraConfig.defaults());
    assertThat(props)
        .containsEntry("bootstrap.servers", "localhost:9092")
        .containsEntry("security.protocol", "PLAINTEXT")
        .doesNotContainKeys("sasl.jaas.config", "ssl.truststore.location");
  }

  @Test
  void saslSslWithTheJaasConfigurationFromAFileAndATrustStore(@TempDir Path dir) throws Exception {
    Path jaas = Files.writeString(dir.resolve("jaas"), JAAS + "\n");
    Path password = Files.writeString(dir.resolve("password"), "trust\n");
    CarteiraConfig config =
        CarteiraConfig.builder()
            .set(SecurityKnobs.PROTOCOL, "sasl_ssl")
            .set(SecurityKnobs.SASL_MECHANISM, "scram-sha-512")
            .set(SecurityKnobs.SASL_JAAS_FILE, jaas.toString())
            .set(SecurityKnobs.TRUSTSTORE, "/etc/kafka/truststore.p12")
            .set(SecurityKnobs.TRUSTSTORE_PASSWORD_FILE, password.toString())
            .build();
    assertThat(KafkaClients.common(config))
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
        .containsEntry("sasl.jaas.config", JAAS)
        .containsEntry("ssl.truststore.location", "/etc/kafka/truststore.p12")
        .containsEntry("ssl.truststore.type", "PKCS12")
        .containsEntry("ssl.truststore.password", "trust");
    assertThat(KafkaClients.describe(config))
        .isEqualTo("localhost:9092 (SASL_SSL, SCRAM-SHA-512)")
        .doesNotContain("s3cret");
  }

  @Test
  void oauthBearerGetsKafkasLoginHandler() {
    CarteiraConfig config =
        CarteiraConfig.builder()
            .set(SecurityKnobs.PROTOCOL, "SASL_SSL")
            .set(SecurityKnobs.SASL_MECHANISM, "OAUTHBEARER")
            .set(SecurityKnobs.SASL_JAAS, "OAuthBearerLoginModule required clientId=\"c\";")
            .set(SecurityKnobs.OAUTH_TOKEN_ENDPOINT, "https://idp/token")
            .build();
    assertThat(KafkaClients.common(config))
        .containsEntry("sasl.oauthbearer.token.endpoint.url", "https://idp/token")
        .containsEntry("sasl.login.callback.handler.class", KafkaClients.OAUTH_LOGIN_HANDLER);
  }

  @Test
  void settingsThatWouldGoUnusedAreRefused() {
    assertRefused(
        Map.of(SecurityKnobs.TRUSTSTORE, "/t.p12"),
        "kafka.ssl.truststore.location is set but kafka.security.protocol is PLAINTEXT");
    assertRefused(
        Map.of(SecurityKnobs.PROTOCOL, "SSL", SecurityKnobs.SASL_MECHANISM, "PLAIN"),
        "kafka.sasl.mechanism is set but kafka.security.protocol is SSL");
    assertRefused(
        Map.of(SecurityKnobs.PROTOCOL, "SASL_SSL", SecurityKnobs.SASL_MECHANISM, "PLAIN"),
        "SASL_SSL needs a JAAS configuration: CARTEIRA_KAFKA_SASL_JAAS_CONFIG or"
            + " kafka.sasl.jaas.config-file");
    assertRefused(
        Map.of(SecurityKnobs.PROTOCOL, "SASL_PLAINTEXT", SecurityKnobs.SASL_JAAS, JAAS),
        "kafka.security.protocol SASL_PLAINTEXT needs kafka.sasl.mechanism");
    assertRefused(
        Map.of(
            SecurityKnobs.PROTOCOL, "SASL_SSL",
            SecurityKnobs.SASL_MECHANISM, "PLAIN",
            SecurityKnobs.SASL_JAAS, JAAS,
            SecurityKnobs.SASL_JAAS_FILE, "/etc/jaas"),
        "kafka.sasl.jaas.config and kafka.sasl.jaas.config-file are both set: set one");
  }

  @Test
  void theRegistryTakesBasicAuthOrATokenAndRefusesThemInTheClearOverTheNetwork() {
    CarteiraConfig basic =
        CarteiraConfig.builder().set(SecurityKnobs.REGISTRY_USER_INFO, "carteira:pw").build();
    assertThat(RegistryClients.access(basic).authorization()).isEqualTo("Basic Y2FydGVpcmE6cHc=");
    assertThat(RegistryClients.access(basic).toString())
        .isEqualTo("http://localhost:8081 (basic auth as carteira)");
    CarteiraConfig bearer =
        CarteiraConfig.builder()
            .set(Knobs.SCHEMA_REGISTRY_URL, "https://registry.example.com")
            .set(SecurityKnobs.REGISTRY_BEARER, "tok")
            .build();
    assertThat(RegistryClients.access(bearer).authorization()).isEqualTo("Bearer tok");
    assertRefused(
        Map.of(
            Knobs.SCHEMA_REGISTRY_URL, "http://registry.example.com",
            SecurityKnobs.REGISTRY_USER_INFO, "carteira:pw"),
        "schema registry credentials over http://registry.example.com would cross the network"
            + " unencrypted: use an https:// schema-registry.url");
    assertRefused(
        Map.of(SecurityKnobs.REGISTRY_TRUSTSTORE, "/t.p12"),
        "schema-registry.ssl.truststore.location is set but schema-registry.url is not https://:"
            + " it applies to an https:// registry only");
  }

  @Test
  void secretsAreMaskedWhenShownAndInErrors() {
    assertThat(SecurityKnobs.SASL_JAAS.secret()).isTrue();
    assertThat(SecurityKnobs.SASL_JAAS.shown(JAAS)).isEqualTo("****");
    assertThat(SecurityKnobs.SASL_JAAS.shown("")).isEmpty();
    assertThat(Knobs.KAFKA_BOOTSTRAP.shown("b:9092")).isEqualTo("b:9092");
    assertThat(Knobs.all().stream().filter(Knob::secret).map(Knob::key))
        .containsExactlyInAnyOrder(
            "kafka.sasl.jaas.config",
            "kafka.ssl.truststore.password",
            "kafka.ssl.keystore.password",
            "schema-registry.basic-auth.user-info",
            "schema-registry.bearer-token",
            "schema-registry.ssl.truststore.password");
  }

  @Test
  void eachOutputsCompressionIsItsOwnOrTheDefault() {
    CarteiraConfig config =
        CarteiraConfig.builder()
            .set(OutputKnobs.COMPRESSION, "zstd")
            .set(OutputKnobs.COMPRESSION_DUNNING_ACTIONS, "GZIP")
            .build();
    assertThat(OutputKnobs.compressionOf(config, Knobs.TOPIC_DUNNING_ACTIONS)).isEqualTo("gzip");
    assertThat(OutputKnobs.compressionOf(config, Knobs.TOPIC_RISK_ALERTS)).isEqualTo("zstd");
    assertThat(OutputKnobs.compressionOf(CarteiraConfig.defaults(), Knobs.TOPIC_DEAD_LETTERS))
        .isEqualTo("lz4");
    assertThatThrownBy(() -> CarteiraConfig.builder().set(OutputKnobs.COMPRESSION, "brotli"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("one of none, gzip, snappy, lz4, zstd");
  }

  private static void assertRefused(Map<Knob<String>, String> settings, String message) {
    CarteiraConfig.Builder builder = CarteiraConfig.builder();
    settings.forEach((knob, value) -> builder.set(knob, value));
    CarteiraConfig config = builder.build();
    assertThatThrownBy(
            () -> {
              KafkaClients.common(config);
              RegistryClients.access(config);
            })
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(message);
  }
}
