package io.carteira.cli.fault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The standalone multi-process Flink cluster of {@code deploy/local-cluster}, driven from a test:
 * its JobManager and TaskManagers are separate JVMs, started, killed and stopped by the script, and
 * watched over the JobManager's REST API.
 */
final class LocalCluster implements AutoCloseable {

  private static final Path SCRIPT =
      Path.of("..", "deploy", "local-cluster").toAbsolutePath().normalize();
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path dir;
  private final int restPort;
  private final int rpcPort;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private LocalCluster(Path dir, int restPort, int rpcPort) {
    this.dir = dir;
    this.restPort = restPort;
    this.rpcPort = rpcPort;
  }

  static LocalCluster start(Path dir, int taskManagers) throws Exception {
    LocalCluster cluster = new LocalCluster(dir, freePort(), freePort());
    cluster.script("start", String.valueOf(taskManagers));
    return cluster;
  }

  /** Submits the job, detached, with {@code carteira run} options; returns the job id. */
  String submit(List<String> runOptions) throws Exception {
    List<String> args = new ArrayList<>(List.of("submit"));
    args.addAll(runOptions);
    String out = script(args.toArray(String[]::new));
    Matcher id = Pattern.compile("submitted job ([0-9a-f]{32})").matcher(out);
    if (!id.find()) {
      throw new IllegalStateException("no job id in: " + out);
    }
    return id.group(1);
  }

  void killTaskManager() throws Exception {
    script("kill-taskmanager");
  }

  void addTaskManager() throws Exception {
    script("add-taskmanager");
  }

  /** The JobManager's REST address. */
  URI rest() {
    return uri("/");
  }

  /** The job as the JobManager reports it. */
  JsonNode job(String jobId) throws Exception {
    return JSON.readTree(get("/jobs/" + jobId));
  }

  /**
   * When the job last went into {@code state} (RUNNING, RESTARTING, ...), as the JobManager
   * recorded it; null if never.
   */
  Instant lastTimeIn(String jobId, String state) throws Exception {
    long at = job(jobId).path("timestamps").path(state).asLong(0);
    return at <= 0 ? null : Instant.ofEpochMilli(at);
  }

  void cancel(String jobId) throws Exception {
    http.send(
        HttpRequest.newBuilder(uri("/jobs/" + jobId + "?mode=cancel"))
            .method("PATCH", HttpRequest.BodyPublishers.noBody())
            .build(),
        HttpResponse.BodyHandlers.discarding());
    Instant deadline = Instant.now().plusSeconds(60);
    while (Instant.now().isBefore(deadline)
        && !job(jobId).path("state").asText().equals("CANCELED")) {
      Thread.sleep(200);
    }
  }

  @Override
  public void close() throws Exception {
    script("stop");
  }

  private String get(String path) throws IOException, InterruptedException {
    return http.send(
            HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(5)).GET().build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private URI uri(String path) {
    return URI.create("http://localhost:" + restPort + path);
  }

  private String script(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(SCRIPT.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder
        .environment()
        .putAll(
            Map.of(
                "CARTEIRA_CLUSTER_DIR",
                dir.toString(),
                "CARTEIRA_REST_PORT",
                String.valueOf(restPort),
                "CARTEIRA_RPC_PORT",
                String.valueOf(rpcPort)));
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.waitFor() != 0) {
      throw new IllegalStateException(
          "deploy/local-cluster " + String.join(" ", args) + " failed: " + out);
    }
    return out;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
