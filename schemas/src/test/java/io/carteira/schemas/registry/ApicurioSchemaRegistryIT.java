package io.carteira.schemas.registry;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The registry client against an independent, real registry: Apicurio Registry 3.3.3 (from Maven
 * Central) started as a separate process on Java 21+, through its Confluent-compatible API. `mvn
 * verify` unpacks it first (maven-dependency-plugin).
 */
class ApicurioSchemaRegistryIT extends SchemaRegistryContract {

  private static Process apicurio;
  private static HttpSchemaRegistryClient client;

  @BeforeAll
  static void start() throws Exception {
    Path home = Path.of(System.getProperty("apicurio.home", "target/apicurio"));
    Path jar;
    try (Stream<Path> files = Files.walk(home)) {
      jar =
          files
              .filter(p -> p.getFileName().toString().equals("quarkus-run.jar"))
              .findFirst()
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "no quarkus-run.jar under "
                              + home
                              + "; `mvn verify` unpacks it in pre-integration-test"));
    }
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Path log = Files.createTempFile("apicurio", ".log");
    apicurio =
        new ProcessBuilder(
                java21().toString(),
                "-Xmx512m",
                "-Dquarkus.http.port=" + port,
                "-Dquarkus.http.host=127.0.0.1",
                "-jar",
                jar.toString())
            .directory(jar.getParent().toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    String base = "http://127.0.0.1:" + port + "/apis/ccompat/v7";
    waitUntilUp(base, log);
    client = new HttpSchemaRegistryClient(base);
    client.setCompatibility(null, "BACKWARD");
  }

  @AfterAll
  static void stop() throws Exception {
    if (apicurio != null) {
      apicurio.destroy();
      apicurio.waitFor();
    }
  }

  @Override
  protected SchemaRegistryClient client() {
    return client;
  }

  private static Path java21() {
    String configured = System.getenv("JAVA21_HOME");
    List<Path> candidates =
        configured != null
            ? List.of(Path.of(configured))
            : List.of(
                Path.of("/usr/lib/jvm/temurin-25-jdk-amd64"),
                Path.of("/usr/lib/jvm/temurin-21-jdk-amd64"),
                Path.of("/usr/lib/jvm/java-21-openjdk-amd64"));
    for (Path home : candidates) {
      Path java = home.resolve("bin/java");
      if (new File(java.toString()).canExecute()) {
        return java;
      }
    }
    throw new IllegalStateException(
        "Apicurio needs Java 21+: set JAVA21_HOME (looked in " + candidates + ")");
  }

  private static void waitUntilUp(String base, Path log) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (System.nanoTime() < deadline) {
      if (!apicurio.isAlive()) {
        throw new IllegalStateException("Apicurio exited: " + Files.readString(log));
      }
      try {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(URI.create(base + "/subjects")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // starting
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException(
        "Apicurio did not answer within 90 s: " + Files.readString(log));
  }
}
