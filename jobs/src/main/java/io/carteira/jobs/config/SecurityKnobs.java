package io.carteira.jobs.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How Carteira reaches a secured Kafka and schema registry: the connection's security protocol,
 * SASL mechanism and JAAS configuration, TLS trust and client key stores; the registry's basic-auth
 * user info or bearer token and TLS trust. Secrets come from the environment ({@code
 * CARTEIRA_KAFKA_SASL_JAAS_CONFIG}) or from a file named by the {@code -file} twin of their setting
 * (a mounted Kubernetes Secret), never from the command line.
 */
public final class SecurityKnobs {

  public static final Knob<String> PROTOCOL =
      Knobs.choice(
          "kafka.security.protocol",
          "PLAINTEXT",
          "security.protocol of every Kafka client: PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL. A"
              + " client never falls back to another: a broker that does not speak it is an error.",
          "PLAINTEXT",
          "SSL",
          "SASL_PLAINTEXT",
          "SASL_SSL");
  public static final Knob<String> SASL_MECHANISM =
      Knobs.knob(
          "kafka.sasl.mechanism",
          String.class,
          "",
          "SASL mechanism with a SASL_* protocol: PLAIN, SCRAM-SHA-256, SCRAM-SHA-512 or"
              + " OAUTHBEARER.",
          s -> oneOf(s, "", "PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512", "OAUTHBEARER"));
  public static final Knob<String> SASL_JAAS =
      secret(
          "kafka.sasl.jaas.config",
          "sasl.jaas.config of every Kafka client (e.g. org.apache.kafka.common.security.scram."
              + "ScramLoginModule required username=\"carteira\" password=\"...\";). Secret.");
  public static final Knob<String> SASL_JAAS_FILE = file("kafka.sasl.jaas.config-file", SASL_JAAS);
  public static final Knob<String> OAUTH_TOKEN_ENDPOINT =
      Knobs.string(
          "kafka.sasl.oauthbearer.token-endpoint-url",
          "",
          "OAUTHBEARER: the identity provider's token endpoint (client credentials in the JAAS"
              + " configuration: clientId, clientSecret, scope).");
  public static final Knob<String> TRUSTSTORE =
      Knobs.string(
          "kafka.ssl.truststore.location",
          "",
          "With SSL or SASL_SSL: the trust store (PKCS12 or JKS) holding the CA of the brokers'"
              + " certificates. Empty: the JVM's default CAs.");
  public static final Knob<String> TRUSTSTORE_PASSWORD =
      secret("kafka.ssl.truststore.password", "Password of the Kafka trust store. Secret.");
  public static final Knob<String> TRUSTSTORE_PASSWORD_FILE =
      file("kafka.ssl.truststore.password-file", TRUSTSTORE_PASSWORD);
  public static final Knob<String> KEYSTORE =
      Knobs.string(
          "kafka.ssl.keystore.location",
          "",
          "With SSL or SASL_SSL: a key store (PKCS12 or JKS) with the client's certificate, for"
              + " brokers that authenticate clients by TLS (ssl.client.auth=required).");
  public static final Knob<String> KEYSTORE_PASSWORD =
      secret(
          "kafka.ssl.keystore.password", "Password of the Kafka key store (and its key). Secret.");
  public static final Knob<String> KEYSTORE_PASSWORD_FILE =
      file("kafka.ssl.keystore.password-file", KEYSTORE_PASSWORD);
  public static final Knob<String> REGISTRY_USER_INFO =
      secret(
          "schema-registry.basic-auth.user-info",
          "user:password for the registry's HTTP basic authentication. Secret.");
  public static final Knob<String> REGISTRY_USER_INFO_FILE =
      file("schema-registry.basic-auth.user-info-file", REGISTRY_USER_INFO);
  public static final Knob<String> REGISTRY_BEARER =
      secret(
          "schema-registry.bearer-token",
          "A bearer token for the registry (Authorization: Bearer). Secret.");
  public static final Knob<String> REGISTRY_BEARER_FILE =
      file("schema-registry.bearer-token-file", REGISTRY_BEARER);
  public static final Knob<String> REGISTRY_TRUSTSTORE =
      Knobs.string(
          "schema-registry.ssl.truststore.location",
          "",
          "With an https:// registry: the trust store (PKCS12 or JKS) holding its CA. Empty: the"
              + " JVM's default CAs.");
  public static final Knob<String> REGISTRY_TRUSTSTORE_PASSWORD =
      secret(
          "schema-registry.ssl.truststore.password",
          "Password of the registry's trust store. Secret.");
  public static final Knob<String> REGISTRY_TRUSTSTORE_PASSWORD_FILE =
      file("schema-registry.ssl.truststore.password-file", REGISTRY_TRUSTSTORE_PASSWORD);

  private SecurityKnobs() {}

  /** Loads this class, so its knobs are declared (called by {@link Knobs}). */
  static void declare() {}

  /**
   * The secret's value: from its own setting (the environment) or from the file its {@code -file}
   * twin names, the file's content without its trailing newline; empty when neither is set. Both
   * set is refused: which one wins would be a guess.
   */
  public static String secretOf(CarteiraConfig config, Knob<String> secret, Knob<String> file) {
    String value = config.get(secret);
    String path = config.get(file);
    if (!value.isEmpty() && !path.isEmpty()) {
      throw new ConfigException(secret.key() + " and " + file.key() + " are both set: set one");
    }
    if (path.isEmpty()) {
      return value;
    }
    try {
      return Files.readString(Path.of(path)).replaceAll("[\\r\\n]+$", "");
    } catch (IOException e) {
      throw new ConfigException(
          file.key() + ": cannot read " + path + " (" + e.getClass().getSimpleName() + ")");
    }
  }

  private static Knob<String> secret(String key, String description) {
    return Knobs.declare(new Knob<>(key, String.class, "", description, s -> s, true));
  }

  private static Knob<String> file(String key, Knob<String> secret) {
    return Knobs.string(
        key,
        "",
        "A file holding "
            + secret.key()
            + " (e.g. a mounted Kubernetes Secret); instead of "
            + secret.environmentVariable()
            + ".");
  }

  private static String oneOf(String s, String... choices) {
    for (String choice : choices) {
      if (choice.equalsIgnoreCase(s)) {
        return choice;
      }
    }
    throw new IllegalArgumentException(
        "one of " + String.join(", ", choices).replaceFirst("^, ", "empty, "));
  }
}
