package io.carteira.jobs.kafka;

import io.carteira.jobs.config.CarteiraConfig;
import io.carteira.jobs.config.ConfigException;
import io.carteira.jobs.config.Knobs;
import io.carteira.jobs.config.SecurityKnobs;
import io.carteira.schemas.registry.HttpSchemaRegistryClient;
import io.carteira.schemas.registry.RegistryAccess;
import io.carteira.schemas.registry.SchemaRegistryClient;

/**
 * How the job and the CLI reach the schema registry: its URL with the credentials and trust store
 * of the configuration. Refuses a trust store for a plain http:// registry (it would go unused) and
 * credentials over http:// to anything but this machine (they would cross the network readable).
 */
public final class RegistryClients {

  private RegistryClients() {}

  public static RegistryAccess access(CarteiraConfig config) {
    String url = config.get(Knobs.SCHEMA_REGISTRY_URL);
    String userInfo =
        SecurityKnobs.secretOf(
            config, SecurityKnobs.REGISTRY_USER_INFO, SecurityKnobs.REGISTRY_USER_INFO_FILE);
    String bearer =
        SecurityKnobs.secretOf(
            config, SecurityKnobs.REGISTRY_BEARER, SecurityKnobs.REGISTRY_BEARER_FILE);
    String truststore = config.get(SecurityKnobs.REGISTRY_TRUSTSTORE);
    String truststorePassword =
        SecurityKnobs.secretOf(
            config,
            SecurityKnobs.REGISTRY_TRUSTSTORE_PASSWORD,
            SecurityKnobs.REGISTRY_TRUSTSTORE_PASSWORD_FILE);
    boolean https = url.startsWith("https://");
    if (!https && !truststore.isEmpty()) {
      throw new ConfigException(
          SecurityKnobs.REGISTRY_TRUSTSTORE.key()
              + " is set but "
              + Knobs.SCHEMA_REGISTRY_URL.key()
              + " is not https://: it applies to an https:// registry only");
    }
    boolean credentials = !userInfo.isEmpty() || !bearer.isEmpty();
    if (credentials && !https && !isLoopback(url)) {
      throw new ConfigException(
          "schema registry credentials over "
              + url
              + " would cross the network unencrypted:"
              + " use an https:// "
              + Knobs.SCHEMA_REGISTRY_URL.key());
    }
    try {
      return new RegistryAccess(url, userInfo, bearer, truststore, truststorePassword);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage());
    }
  }

  public static SchemaRegistryClient of(CarteiraConfig config) {
    return new HttpSchemaRegistryClient(access(config));
  }

  private static boolean isLoopback(String url) {
    return url.matches("http://(localhost|127\\.0\\.0\\.1|\\[::1\\])(:\\d+)?(/.*)?");
  }
}
