package io.carteira.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.carteira.ingest.stripe.StripeSignature;
import io.carteira.jobs.config.CarteiraConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `carteira ingest stripe` as a user runs it: the secret from a file, a free port, a signed
 * delivery over HTTP, the event read back with `carteira tail`.
 */
class IngestServeIT {

  @Test
  void receivesASignedDelivery(@TempDir Path dir) throws Exception {
    Path secret = Files.writeString(dir.resolve("stripe-secret"), "whsec_serve_it\n");
    try (LocalRuntime runtime = LocalRuntime.start(CarteiraConfig.defaults())) {
      String kafka = "kafka.bootstrap-servers=" + runtime.bootstrapServers();
      String registry = "schema-registry.url=" + runtime.registryUrl();
      StringWriter err = new StringWriter();
      Thread serving =
          new Thread(
              () ->
                  CarteiraCli.execute(
                      new PrintWriter(new StringWriter(), true),
                      new PrintWriter(err, true),
                      "ingest",
                      "stripe",
                      "--port",
                      "0",
                      "--bind",
                      "127.0.0.1",
                      "--stripe-secret-file",
                      secret.toString(),
                      "--set",
                      kafka,
                      "--set",
                      registry));
      serving.start();
      try {
        int port = awaitPort(err);
        byte[] body =
            ("{\"id\":\"evt_serve\",\"object\":\"event\",\"type\":\"customer.created\",\"created\":1767225600,"
                 + "\"data\":{\"object\":{\"id\":\"cus_serve\",\"object\":\"customer\",\"name\":\"Ana\"}}}")
                .getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> response =
            HttpClient.newHttpClient()
                .send(
                    HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/webhooks/stripe"))
                        .header(
                            "Stripe-Signature",
                            StripeSignature.sign(
                                "whsec_serve_it", Instant.now().getEpochSecond(), body))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build(),
                    HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      } finally {
        serving.interrupt();
        serving.join(10_000);
      }
      assertThat(serving.isAlive()).isFalse();
      assertThat(err.toString()).doesNotContain("whsec_serve_it");

      StringWriter out = new StringWriter();
      CarteiraCli.execute(
          new PrintWriter(out, true),
          new PrintWriter(new StringWriter(), true),
          "tail",
          "subscriptions",
          "--set",
          kafka,
          "--set",
          registry,
          "--from-beginning",
          "--max",
          "1");
      List<String> lines = out.toString().lines().toList();
      assertThat(lines).hasSize(1);
      assertThat(lines.get(0))
          .contains(
              "\"event_type\":\"PROFILE_UPDATED\"",
              "\"customer_name\":\"Ana\"",
              "\"key\":\"cus_serve\"");
    }
  }

  private static int awaitPort(StringWriter err) throws InterruptedException {
    Pattern listening = Pattern.compile("on http://127\\.0\\.0\\.1:(\\d+)/webhooks");
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      Matcher m = listening.matcher(err.toString());
      if (m.find()) {
        return Integer.parseInt(m.group(1));
      }
      Thread.sleep(100);
    }
    throw new AssertionError("carteira ingest did not start: " + err);
  }
}
