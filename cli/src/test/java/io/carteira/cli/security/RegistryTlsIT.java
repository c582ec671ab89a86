package io.carteira.cli.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.carteira.cli.CarteiraCli;
import io.carteira.embedded.registry.LocalSchemaRegistry;
import io.carteira.jobs.config.CarteiraConfig;
import io.carteira.jobs.config.Knobs;
import io.carteira.jobs.config.SecurityKnobs;
import io.carteira.jobs.kafka.RegistryClients;
import io.carteira.schemas.RiskAlert;
import io.carteira.schemas.registry.SchemaRegistryClient;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry client over TLS with basic auth: the registry's certificate is trusted through
 * {@code schema-registry.ssl.truststore.*}, and without that trust store the connection is refused
 * in one line.
 */
class RegistryTlsIT {

  @Test
  void theRegistryIsReachedOverTlsWithItsTrustStoreAndCredentials(@TempDir Path dir)
      throws Exception {
    TestCertificates certificates = TestCertificates.make(dir, "registry-key");
    try (LocalSchemaRegistry registry =
        LocalSchemaRegistry.start(
            "127.0.0.1", 0, serverContext(certificates.keystore(), "registry-key"))) {
      registry.requireBasicAuth("carteira:registry-secret");
      assertThat(registry.url()).startsWith("https://127.0.0.1:");
      Path password = Files.writeString(dir.resolve("trust-password"), "trust-secret");
      Path user = Files.writeString(dir.resolve("user"), "carteira:registry-secret");
      CarteiraConfig config =
          CarteiraConfig.builder()
              .set(Knobs.SCHEMA_REGISTRY_URL, registry.url())
              .set(SecurityKnobs.REGISTRY_TRUSTSTORE, certificates.truststore().toString())
              .set(SecurityKnobs.REGISTRY_TRUSTSTORE_PASSWORD_FILE, password.toString())
              .set(SecurityKnobs.REGISTRY_USER_INFO_FILE, user.toString())
              .build();
      SchemaRegistryClient client = RegistryClients.of(config);
      int id = client.register("risk-alerts-value", RiskAlert.getClassSchema());
      assertThat(client.schemaById(id).getFullName()).isEqualTo("io.carteira.schemas.RiskAlert");

      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      int code =
          CarteiraCli.execute(
              new PrintWriter(out, true),
              new PrintWriter(err, true),
              "schemas",
              "register",
              "--dry-run",
              "--set",
              "schema-registry.url=" + registry.url(),
              "--set",
              "schema-registry.basic-auth.user-info-file=" + user);
      assertThat(code).isEqualTo(CarteiraCli.FAILED);
      assertThat(err.toString().lines().toList()).hasSize(1);
      assertThat(err.toString())
          .contains("schema registry at " + registry.url() + ": TLS handshake failed");
    }
  }

  private static SSLContext serverContext(Path keystore, String password) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keystore)) {
      store.load(in, password.toCharArray());
    }
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(store, password.toCharArray());
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keys.getKeyManagers(), null, null);
    return context;
  }
}
