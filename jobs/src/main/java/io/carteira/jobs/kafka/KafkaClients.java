package io.carteira.jobs.kafka;

import io.carteira.jobs.config.CarteiraConfig;
import io.carteira.jobs.config.ConfigException;
import io.carteira.jobs.config.Knobs;
import io.carteira.jobs.config.SecurityKnobs;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;

/**
 * The settings every Kafka client of Carteira starts from: the brokers and how to reach them. The
 * job's source and sinks, the CLI's consumers, producers and admin clients all take these, so none
 * reaches a secured cluster in another way, or in none. Each security setting is applied or the
 * configuration is refused with the reason: a trust store with PLAINTEXT, or a SASL mechanism
 * without a SASL protocol, would otherwise be silently unused.
 */
public final class KafkaClients {

  /** The login callback handler of OAUTHBEARER with a token endpoint (client credentials). */
  static final String OAUTH_LOGIN_HANDLER =
      "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginCallbackHandler";

  private KafkaClients() {}

  /** The brokers and the connection's security settings, for any client. */
  public static Properties common(CarteiraConfig config) {
    Properties props = new Properties();
    props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, config.get(Knobs.KAFKA_BOOTSTRAP));
    String protocol = config.get(SecurityKnobs.PROTOCOL);
    boolean sasl = protocol.startsWith("SASL_");
    boolean tls = protocol.endsWith("SSL");
    props.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, protocol);

    String mechanism = config.get(SecurityKnobs.SASL_MECHANISM);
    String jaas =
        SecurityKnobs.secretOf(config, SecurityKnobs.SASL_JAAS, SecurityKnobs.SASL_JAAS_FILE);
    String tokenEndpoint = config.get(SecurityKnobs.OAUTH_TOKEN_ENDPOINT);
    if (sasl) {
      if (mechanism.isEmpty()) {
        throw new ConfigException(
            SecurityKnobs.PROTOCOL.key()
                + " "
                + protocol
                + " needs "
                + SecurityKnobs.SASL_MECHANISM.key());
      }
      if (jaas.isEmpty()) {
        throw new ConfigException(
            protocol
                + " needs a JAAS configuration: "
                + SecurityKnobs.SASL_JAAS.environmentVariable()
                + " or "
                + SecurityKnobs.SASL_JAAS_FILE.key());
      }
      props.put(SaslConfigs.SASL_MECHANISM, mechanism);
      props.put(SaslConfigs.SASL_JAAS_CONFIG, jaas);
      if (!tokenEndpoint.isEmpty()) {
        if (!mechanism.equals("OAUTHBEARER")) {
          throw new ConfigException(
              SecurityKnobs.OAUTH_TOKEN_ENDPOINT.key() + " is for OAUTHBEARER, not " + mechanism);
        }
        props.put(SaslConfigs.SASL_OAUTHBEARER_TOKEN_ENDPOINT_URL, tokenEndpoint);
        props.put(SaslConfigs.SASL_LOGIN_CALLBACK_HANDLER_CLASS, OAUTH_LOGIN_HANDLER);
      }
    } else {
      refuseWithout(
          config, protocol, "a SASL protocol", SecurityKnobs.SASL_MECHANISM.key(), mechanism);
      refuseWithout(config, protocol, "a SASL protocol", "the JAAS configuration", jaas);
      refuseWithout(
          config, protocol, "OAUTHBEARER", SecurityKnobs.OAUTH_TOKEN_ENDPOINT.key(), tokenEndpoint);
    }

    String truststore = config.get(SecurityKnobs.TRUSTSTORE);
    String truststorePassword =
        SecurityKnobs.secretOf(
            config, SecurityKnobs.TRUSTSTORE_PASSWORD, SecurityKnobs.TRUSTSTORE_PASSWORD_FILE);
    String keystore = config.get(SecurityKnobs.KEYSTORE);
    String keystorePassword =
        SecurityKnobs.secretOf(
            config, SecurityKnobs.KEYSTORE_PASSWORD, SecurityKnobs.KEYSTORE_PASSWORD_FILE);
    if (tls) {
      if (!truststore.isEmpty()) {
        props.put(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, truststore);
        props.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, storeType(truststore));
        if (!truststorePassword.isEmpty()) {
          props.put(SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG, truststorePassword);
        }
      }
      if (!keystore.isEmpty()) {
        props.put(SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG, keystore);
        props.put(SslConfigs.SSL_KEYSTORE_TYPE_CONFIG, storeType(keystore));
        props.put(SslConfigs.SSL_KEYSTORE_PASSWORD_CONFIG, keystorePassword);
        props.put(SslConfigs.SSL_KEY_PASSWORD_CONFIG, keystorePassword);
      }
    } else {
      refuseWithout(
          config, protocol, "SSL or SASL_SSL", SecurityKnobs.TRUSTSTORE.key(), truststore);
      refuseWithout(config, protocol, "SSL or SASL_SSL", SecurityKnobs.KEYSTORE.key(), keystore);
    }
    return props;
  }

  /** A description of how clients connect, fit for a log line: no secret in it. */
  public static String describe(CarteiraConfig config) {
    String protocol = config.get(SecurityKnobs.PROTOCOL);
    String mechanism = config.get(SecurityKnobs.SASL_MECHANISM);
    return config.get(Knobs.KAFKA_BOOTSTRAP)
        + " ("
        + protocol
        + (protocol.startsWith("SASL_") ? ", " + mechanism : "")
        + ")";
  }

  private static String storeType(String location) {
    return location.toLowerCase().endsWith(".jks") ? "JKS" : "PKCS12";
  }

  private static void refuseWithout(
      CarteiraConfig config, String protocol, String needs, String setting, String value) {
    if (!value.isEmpty()) {
      throw new ConfigException(
          setting
              + " is set but "
              + SecurityKnobs.PROTOCOL.key()
              + " is "
              + protocol
              + ": it applies with "
              + needs
              + " only");
    }
  }
}
