package io.carteira.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.carteira.jobs.config.CarteiraConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** `carteira generate` then `carteira tail`, against a real broker and registry. */
class GenerateAndTailIT {

  static LocalRuntime runtime;

  @BeforeAll
  static void start() throws Exception {
    runtime = LocalRuntime.start(CarteiraConfig.defaults());
  }

  @AfterAll
  static void stop() {
    runtime.close();
  }

  private static String[] run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = CarteiraCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    assertThat(code).as(err.toString()).isZero();
    return new String[] {out.toString(), err.toString()};
  }

  @Test
  void generatedEventsCanBeTailedAsJson() throws Exception {
    String kafka = "kafka.bootstrap-servers=" + runtime.bootstrapServers();
    String registry = "schema-registry.url=" + runtime.registryUrl();
    String[] generated =
        run(
            "generate",
            "--set",
            kafka,
            "--set",
            registry,
            "--customers",
            "25",
            "--days",
            "40",
            "--bad-records",
            "0.01");
    assertThat(generated[1])
        .containsPattern(
            "wrote [0-9,.]+ events \\([0-9]+ malformed\\) for 25 customers over 40 days");

    String[] tailed =
        run(
            "tail",
            "subscriptions",
            "--set",
            kafka,
            "--set",
            registry,
            "--from-beginning",
            "--max",
            "3");
    List<String> lines = tailed[0].lines().toList();
    assertThat(lines).hasSize(3);
    JsonNode first = new ObjectMapper().readTree(lines.get(0));
    assertThat(first.get("topic").asText()).isEqualTo("subscriptions");
    JsonNode value = first.get("value");
    assertThat(value.get("event_type").asText()).isEqualTo("STARTED");
    assertThat(value.get("customer_id").asText()).isEqualTo(first.get("key").asText());
    assertThat(value.get("event_time").asText()).matches("2026-01-\\d\\dT.*Z");
    assertThat(value.get("currency").asText()).isEqualTo("BRL");
  }

  @Test
  void tailingAMissingTopicIsOneLine() {
    StringWriter err = new StringWriter();
    int code =
        CarteiraCli.execute(
            new PrintWriter(new StringWriter(), true),
            new PrintWriter(err, true),
            "tail",
            "no-such-topic",
            "-b",
            runtime.bootstrapServers(),
            "-r",
            runtime.registryUrl());
    assertThat(code).isEqualTo(CarteiraCli.FAILED);
    assertThat(err.toString().trim())
        .isEqualTo(
            "carteira: error: topic 'no-such-topic' does not exist on "
                + runtime.bootstrapServers());
  }
}
