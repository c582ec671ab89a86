package io.carteira.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code deploy/grafana}: the dashboard is Grafana JSON whose every panel queries the Prometheus
 * data source, with the panels a platform team needs; the alert rules are Prometheus rule groups,
 * each rule with an expression, a severity and a summary, checked by {@code promtool check rules}
 * where promtool is installed ({@code .ci/run} installs it). That every metric they query is one
 * the job exports is {@code PrometheusScrapeIT}'s (jobs), on a running job.
 */
class MonitoringFilesTest {

  private static final Path GRAFANA = Path.of("../deploy/grafana");

  @Test
  void theDashboardHasThePanelsAndEachQueriesPrometheus() throws Exception {
    JsonNode dashboard =
        new ObjectMapper().readTree(GRAFANA.resolve("carteira-dashboard.json").toFile());
    assertThat(dashboard.path("uid").asText()).isEqualTo("carteira");
    List<String> titles = new ArrayList<>();
    Set<Integer> ids = new HashSet<>();
    for (JsonNode panel : dashboard.path("panels")) {
      assertThat(ids.add(panel.path("id").asInt())).as("panel ids are unique").isTrue();
      titles.add(panel.path("title").asText());
      if (panel.path("type").asText().equals("row")) {
        continue;
      }
      assertThat(panel.path("targets")).as(panel.path("title").asText()).isNotEmpty();
      for (JsonNode target : panel.path("targets")) {
        assertThat(target.path("datasource").path("type").asText()).isEqualTo("prometheus");
        String expr = target.path("expr").asText();
        assertThat(expr).as(panel.path("title").asText()).contains("flink_");
        assertThat(balanced(expr)).as("brackets of %s", expr).isTrue();
      }
      assertThat(panel.path("gridPos").path("w").asInt()).isBetween(1, 24);
    }
    assertThat(String.join("|", titles).toLowerCase())
        .contains("events per second", "consumer lag", "event-time lag", "latency")
        .contains("dead letters by kind", "alerts opened by pattern", "checkpoints", "restarts");
  }

  @Test
  void theAlertRulesAreRuleGroupsThatPromtoolAccepts() throws Exception {
    Path rules = GRAFANA.resolve("carteira-alerts.yaml");
    JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(rules.toFile());
    Set<String> alerts = new HashSet<>();
    for (JsonNode group : root.path("groups")) {
      for (JsonNode rule : group.path("rules")) {
        alerts.add(rule.path("alert").asText());
        assertThat(rule.path("expr").asText()).isNotBlank();
        assertThat(balanced(rule.path("expr").asText())).isTrue();
        assertThat(rule.path("labels").path("severity").asText()).isIn("warning", "critical");
        assertThat(rule.path("annotations").path("summary").asText()).isNotBlank();
      }
    }
    assertThat(alerts)
        .contains(
            "CarteiraJobDown",
            "CarteiraConsumerLagGrowing",
            "CarteiraDeadLetterRate",
            "CarteiraCheckpointFailures");
    Path promtool = onPath("promtool");
    if (promtool != null) {
      Process check =
          new ProcessBuilder(promtool.toString(), "check", "rules", rules.toString())
              .redirectErrorStream(true)
              .start();
      assertThat(check.waitFor(60, TimeUnit.SECONDS)).isTrue();
      String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(check.exitValue()).as(output).isZero();
      assertThat(output).contains("SUCCESS");
    } else {
      System.out.println("promtool is not installed: the rules were parsed, not checked by it");
    }
  }

  private static boolean balanced(String expr) {
    int depth = 0;
    for (char c : expr.toCharArray()) {
      depth += c == '(' || c == '{' || c == '[' ? 1 : c == ')' || c == '}' || c == ']' ? -1 : 0;
      if (depth < 0) {
        return false;
      }
    }
    return depth == 0;
  }

  private static Path onPath(String command) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Path.of(dir, command);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
  }
}
