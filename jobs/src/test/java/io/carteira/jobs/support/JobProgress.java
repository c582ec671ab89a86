package io.carteira.jobs.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.carteira.jobs.config.CarteiraConfig;
import io.carteira.jobs.config.Knobs;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;

/**
 * Where a running job stands, read from Flink's REST API as an operator would: the input watermark
 * of every operator and the latest completed checkpoint. A test that fed an unbounded job its input
 * waits here until every operator's watermark has reached the input's end and two checkpoints have
 * completed since, so everything the job does up to that instant is committed.
 */
public final class JobProgress {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final URI rest;
  private final String jobId;

  public JobProgress(URI rest, String jobId) {
    this.rest = rest;
    this.jobId = jobId;
  }

  /**
   * Waits until every operator but the sources has taken in a watermark of at least {@code end},
   * then for two more completed checkpoints (the second: the first one's commits are done).
   */
  public void awaitWatermarkAndCommit(Instant end, Duration timeout) throws Exception {
    Instant deadline = Instant.now().plus(timeout);
    while (lowestInputWatermark() < end.toEpochMilli()) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError(
            "operators' watermark still at "
                + Instant.ofEpochMilli(lowestInputWatermark())
                + ", waiting for "
                + end
                + ": "
                + watermarks());
      }
      Thread.sleep(200);
    }
    long checkpoint = lastCompletedCheckpoint();
    System.out.printf(
        "job %s: every operator's watermark at %s or later; checkpoint %d completed%n",
        jobId, Instant.ofEpochMilli(lowestInputWatermark()), checkpoint);
    while (lastCompletedCheckpoint() < checkpoint + 2) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("no checkpoint completed after the watermark reached " + end);
      }
      Thread.sleep(100);
    }
  }

  /** How often the job has restarted. */
  public long restarts() throws Exception {
    for (JsonNode metric : get("/jobs/" + jobId + "/metrics?get=numRestarts")) {
      return metric.path("value").asLong(0);
    }
    return 0;
  }

  /** Whether the job and every one of its tasks are running. */
  public boolean running() throws Exception {
    JsonNode job = get("/jobs/" + jobId);
    if (!"RUNNING".equals(job.path("state").asText())) {
      return false;
    }
    for (JsonNode vertex : job.path("vertices")) {
      if (!"RUNNING".equals(vertex.path("status").asText())) {
        return false;
      }
    }
    return true;
  }

  /**
   * Waits until the job has restarted since {@code restartsBefore} and runs again, every task of
   * it.
   */
  public void awaitRunningAfterRestart(long restartsBefore, Duration timeout) throws Exception {
    Instant deadline = Instant.now().plus(timeout);
    while (restarts() <= restartsBefore || !running()) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError(
            "the job did not run again within "
                + timeout
                + ": "
                + get("/jobs/" + jobId).path("state"));
      }
      Thread.sleep(100);
    }
  }

  /** The records of the three input topics whose offsets {@code group} has committed. */
  public static long committedInputOffsets(CarteiraConfig config, String group) throws Exception {
    return committedOffsets(
        config.get(Knobs.KAFKA_BOOTSTRAP),
        group,
        List.of(
            config.get(Knobs.TOPIC_PAYMENTS),
            config.get(Knobs.TOPIC_USAGE),
            config.get(Knobs.TOPIC_SUBSCRIPTIONS)));
  }

  /**
   * The input records whose offsets {@code group} has committed (the source commits them when a
   * checkpoint completes).
   */
  public static long committedOffsets(String bootstrap, String group, List<String> topics)
      throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      long total = 0;
      for (var entry :
          admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().entrySet()) {
        if (entry.getValue() != null && topics.contains(entry.getKey().topic())) {
          total += entry.getValue().offset();
        }
      }
      return total;
    }
  }

  /**
   * The sum over every subtask of the job's counters whose name contains {@code part} (e.g. {@code
   * .eventsAccepted}, or {@code .deadLetters.} for all kinds).
   */
  public long counter(String part) throws Exception {
    Thread.sleep(
        1_000); // the REST metric fetcher's cache (metrics.fetcher.update-interval) catches up
    long sum = 0;
    for (JsonNode vertex : get("/jobs/" + jobId).path("vertices")) {
      String metrics =
          "/jobs/" + jobId + "/vertices/" + vertex.path("id").asText() + "/subtasks/metrics";
      List<String> names = new ArrayList<>();
      for (JsonNode metric : get(metrics)) {
        if (metric.path("id").asText().contains(part)) {
          names.add(metric.path("id").asText());
        }
      }
      if (!names.isEmpty()) {
        for (JsonNode metric : get(metrics + "?agg=sum&get=" + String.join(",", names))) {
          sum += (long) metric.path("sum").asDouble(0);
        }
      }
    }
    return sum;
  }

  /** Each operator's subtask input watermarks, for a failure message. */
  private String watermarks() throws Exception {
    StringBuilder out = new StringBuilder();
    for (JsonNode vertex : get("/jobs/" + jobId).path("vertices")) {
      out.append(vertex.path("name").asText())
          .append(' ')
          .append(vertex.path("status").asText())
          .append(' ')
          .append(get("/jobs/" + jobId + "/vertices/" + vertex.path("id").asText() + "/watermarks"))
          .append('\n');
    }
    return out.toString();
  }

  /**
   * The lowest watermark any operator but the sources and policy-validation has reached: the output
   * watermark of each task's first operator (its combined input watermark, after the timers it
   * fired), or the task's input watermark where that is not reported. Not the input watermark of a
   * two-input task: Flink reports the lower of its two inputs, and the policies input (policies
   * carry no event time: their source is idle for ever) has none; for the same reason
   * policy-validation never has a watermark.
   */
  public long lowestInputWatermark() throws Exception {
    long lowest = Long.MAX_VALUE;
    for (JsonNode vertex : get("/jobs/" + jobId).path("vertices")) {
      String name = vertex.path("name").asText();
      if (name.startsWith("Source:") || name.equals("policy-validation")) {
        continue;
      }
      String base = "/jobs/" + jobId + "/vertices/" + vertex.path("id").asText();
      String head = metricName(name.split(" -> ")[0]) + ".currentOutputWatermark";
      String output = null;
      for (JsonNode metric : get(base + "/subtasks/metrics")) {
        if (metricName(metric.path("id").asText()).equals(head)) {
          output = metric.path("id").asText();
        }
      }
      if (output != null) {
        for (JsonNode metric :
            get(
                base
                    + "/subtasks/metrics?agg=min&get="
                    + URLEncoder.encode(output, StandardCharsets.UTF_8))) {
          lowest = Math.min(lowest, (long) metric.path("min").asDouble(Long.MIN_VALUE));
        }
        continue;
      }
      for (JsonNode metric : get(base + "/watermarks")) {
        if (metric.path("id").asText().endsWith(".currentInputWatermark")) {
          lowest = Math.min(lowest, metric.path("value").asLong(Long.MIN_VALUE));
        }
      }
    }
    return lowest == Long.MAX_VALUE ? Long.MIN_VALUE : lowest;
  }

  private static String metricName(String name) {
    return name.replaceAll("[^A-Za-z0-9.-]", "_");
  }

  /**
   * The latest restore: the checkpoint's id and when it was restored; {@code null} before the
   * first.
   */
  public Restore latestRestore() throws Exception {
    JsonNode restored = get("/jobs/" + jobId + "/checkpoints").path("latest").path("restored");
    return restored.isMissingNode() || restored.isNull()
        ? null
        : new Restore(restored.path("id").asLong(), restored.path("restore_timestamp").asLong());
  }

  /** A restore of a checkpoint. */
  public record Restore(long checkpoint, long at) {}

  /** The id of the latest completed checkpoint; 0 before the first. */
  public long lastCompletedCheckpoint() throws Exception {
    return get("/jobs/" + jobId + "/checkpoints")
        .path("latest")
        .path("completed")
        .path("id")
        .asLong(0);
  }

  private JsonNode get(String path) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(rest.resolve(path))
                .timeout(Duration.ofSeconds(10))
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          "GET " + path + ": HTTP " + response.statusCode() + " " + response.body());
    }
    return JSON.readTree(response.body());
  }
}
