package io.carteira.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `carteira ingest`'s errors: one clear line and a non-zero exit, before anything starts. */
class IngestCommandTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return CarteiraCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  private String error() {
    assertThat(err.toString().trim().lines()).hasSize(1);
    assertThat(err.toString()).doesNotContain("\tat ");
    return err.toString().trim();
  }

  @Test
  void withoutAnySecretNothingStarts() {
    assumeTrue(System.getenv("STRIPE_WEBHOOK_SECRETS") == null);
    assumeTrue(System.getenv("ASAAS_WEBHOOK_TOKEN") == null);
    assertThat(run("ingest")).isEqualTo(CarteiraCli.FAILED);
    assertThat(error())
        .isEqualTo(
            "carteira: error: no webhook secret: set STRIPE_WEBHOOK_SECRETS or ASAAS_WEBHOOK_TOKEN"
                + " (or use --stripe-secret-file / --asaas-token-file)");
  }

  @Test
  void withoutTheProvidersSecret() {
    assumeTrue(System.getenv("ASAAS_WEBHOOK_TOKEN") == null);
    assertThat(run("ingest", "asaas")).isEqualTo(CarteiraCli.FAILED);
    assertThat(error())
        .isEqualTo(
            "carteira: error: no asaas secret: set ASAAS_WEBHOOK_TOKEN or use --asaas-token-file");
  }

  @Test
  void anUnreadableSecretFileIsNamed_itsContentNever(@TempDir Path dir) {
    assertThat(run("ingest", "--stripe-secret-file", dir.resolve("nope").toString()))
        .isEqualTo(CarteiraCli.FAILED);
    assertThat(error()).startsWith("carteira: error: --stripe-secret-file: cannot read ");
  }

  @Test
  void aBackfillOfAMissingFile(@TempDir Path dir) {
    Path missing = dir.resolve("events.json");
    assertThat(run("ingest", "stripe", "--backfill", missing.toString()))
        .isEqualTo(CarteiraCli.FAILED);
    assertThat(error()).isEqualTo("carteira: error: cannot read " + missing);
  }

  @Test
  void aBackfillOfSomethingElse(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("events.json"), "{\"id\": \"evt_1\"}");
    assertThat(
            run(
                "ingest",
                "stripe",
                "--backfill",
                file.toString(),
                "--set",
                "kafka.bootstrap-servers=127.0.0.1:1"))
        .isEqualTo(CarteiraCli.FAILED);
    assertThat(error())
        .isEqualTo(
            "carteira: error: "
                + file
                + " is neither a JSON array of events nor a list of them ({\"data\": [...]})");
  }

  @Test
  void aRateOfNoneIsRefused() {
    assertThat(run("ingest", "--rate-limit", "0")).isEqualTo(CarteiraCli.FAILED);
    assertThat(error())
        .isEqualTo("carteira: error: --port must be 0-65535 and --rate-limit positive");
  }

  @Test
  void thereIsNoOptionForASecretItself() {
    assertThat(run("ingest", "--stripe-secret", "whsec_x")).isEqualTo(CarteiraCli.USAGE);
    assertThat(error()).startsWith("carteira: Unknown options: '--stripe-secret'");
  }
}
