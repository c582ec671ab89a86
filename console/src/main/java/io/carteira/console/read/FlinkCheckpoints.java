package io.carteira.console.read;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The job's checkpoints as Flink's REST API tells them ({@code /jobs/overview}, then {@code
 * /jobs/ID/checkpoints} of the running job): counts, the latest completed one and the latest
 * failure. Asked of a cluster's JobManager, or of the demo's local MiniCluster.
 */
public final class FlinkCheckpoints {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final URI rest;

  public FlinkCheckpoints(URI rest) {
    this.rest = rest;
  }

  /** A summary of the running job's checkpoints; {@code error} says why there is none. */
  public ObjectNode summary() {
    ObjectNode summary = JSON.createObjectNode().put("rest", rest.toString());
    try {
      JsonNode jobs = get("jobs/overview").path("jobs");
      JsonNode running = null;
      for (JsonNode job : jobs) {
        if (job.path("state").asText().equals("RUNNING")) {
          running = job;
        }
      }
      if (running == null) {
        return summary.put("error", "no running job");
      }
      String id = running.path("jid").asText();
      summary.put("job", running.path("name").asText()).put("job_id", id);
      JsonNode c = get("jobs/" + id + "/checkpoints");
      summary.set("counts", c.path("counts"));
      JsonNode completed = c.path("latest").path("completed");
      if (!completed.isMissingNode() && !completed.isNull()) {
        summary
            .putObject("latest_completed")
            .put("id", completed.path("id").asLong())
            .put("completed_at", completed.path("latest_ack_timestamp").asLong())
            .put("duration_ms", completed.path("end_to_end_duration").asLong())
            .put("state_bytes", completed.path("state_size").asLong())
            .put("checkpointed_bytes", completed.path("checkpointed_size").asLong());
      }
      JsonNode failed = c.path("latest").path("failed");
      if (!failed.isMissingNode() && !failed.isNull()) {
        summary
            .putObject("latest_failed")
            .put("id", failed.path("id").asLong())
            .put("failed_at", failed.path("failure_timestamp").asLong())
            .put("message", failed.path("failure_message").asText());
      }
      return summary;
    } catch (Exception e) {
      return summary.put("error", "Flink's REST API did not answer: " + e.getMessage());
    }
  }

  private JsonNode get(String path) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(rest.resolve(path)).timeout(Duration.ofSeconds(3)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException("HTTP " + response.statusCode() + " for /" + path);
    }
    return JSON.readTree(response.body());
  }
}
