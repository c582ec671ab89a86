package io.carteira.ingest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The providers' webhook secrets, read from files or environment variables and never from the
 * command line (which other users of the machine can read in the process list) nor written to any
 * log: {@link #toString()} says which are set, never what they are.
 *
 * <ul>
 *   <li>Stripe: the endpoint's signing secrets ({@code whsec_...}), several while one is rolled:
 *       {@code --stripe-secret-file} (comma- or line-separated) or {@code STRIPE_WEBHOOK_SECRETS}
 *       (comma-separated).
 *   <li>Asaas: the webhook's access token: {@code --asaas-token-file} or {@code
 *       ASAAS_WEBHOOK_TOKEN}.
 * </ul>
 *
 * A file, when given, wins over the variable.
 */
public record Secrets(List<String> stripe, String asaasToken) {

  public static final String STRIPE_ENV = "STRIPE_WEBHOOK_SECRETS";
  public static final String ASAAS_ENV = "ASAAS_WEBHOOK_TOKEN";

  public static Secrets load(Map<String, String> env, Path stripeFile, Path asaasFile) {
    String stripe =
        stripeFile != null ? read(stripeFile, "--stripe-secret-file") : env.get(STRIPE_ENV);
    String asaas = asaasFile != null ? read(asaasFile, "--asaas-token-file") : env.get(ASAAS_ENV);
    List<String> secrets = new ArrayList<>();
    if (stripe != null) {
      for (String secret : stripe.split("[,\\r\\n]+")) {
        if (!secret.isBlank()) {
          secrets.add(secret.trim());
        }
      }
    }
    return new Secrets(
        List.copyOf(secrets), asaas == null || asaas.isBlank() ? null : asaas.trim());
  }

  private static String read(Path file, String option) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          option + ": cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
    }
  }

  @Override
  public String toString() {
    return "Secrets[stripe: "
        + stripe.size()
        + " secret(s), asaas: "
        + (asaasToken == null ? "none" : "a token")
        + "]";
  }
}
