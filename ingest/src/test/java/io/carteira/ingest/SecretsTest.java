package io.carteira.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretsTest {

  @Test
  void fromTheEnvironment_severalStripeSecretsDuringARotation() {
    Secrets secrets =
        Secrets.load(
            Map.of(
                "STRIPE_WEBHOOK_SECRETS", "whsec_old, whsec_new", "ASAAS_WEBHOOK_TOKEN", "tok\n"),
            null,
            null);
    assertThat(secrets.stripe()).containsExactly("whsec_old", "whsec_new");
    assertThat(secrets.asaasToken()).isEqualTo("tok");
  }

  @Test
  void aFileWinsOverTheVariable(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("stripe"), "whsec_a\nwhsec_b\n");
    Secrets secrets = Secrets.load(Map.of("STRIPE_WEBHOOK_SECRETS", "whsec_env"), file, null);
    assertThat(secrets.stripe()).isEqualTo(List.of("whsec_a", "whsec_b"));
    assertThat(secrets.asaasToken()).isNull();
  }

  @Test
  void neverPrinted() {
    Secrets secrets =
        Secrets.load(
            Map.of("STRIPE_WEBHOOK_SECRETS", "whsec_abc", "ASAAS_WEBHOOK_TOKEN", "tok_xyz"),
            null,
            null);
    assertThat(secrets.toString())
        .doesNotContain("whsec_abc", "tok_xyz")
        .isEqualTo("Secrets[stripe: 1 secret(s), asaas: a token]");
  }

  @Test
  void anUnreadableFileSaysWhich(@TempDir Path dir) {
    assertThatThrownBy(() -> Secrets.load(Map.of(), dir.resolve("missing"), null))
        .hasMessageStartingWith("--stripe-secret-file: cannot read ");
  }
}
