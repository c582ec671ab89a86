package io.carteira.embedded.registry;

import static io.carteira.embedded.registry.RegistryRequests.JSON;
import static io.carteira.embedded.registry.RegistryRequests.error;
import static io.carteira.embedded.registry.RegistryRequests.level;
import static io.carteira.embedded.registry.RegistryRequests.parse;
import static io.carteira.embedded.registry.RegistryRequests.parseInt;
import static io.carteira.embedded.registry.RegistryRequests.query;
import static io.carteira.embedded.registry.RegistryRequests.readBody;
import static io.carteira.embedded.registry.RegistryRequests.readTree;
import static io.carteira.embedded.registry.RegistryRequests.schemaOf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.carteira.schemas.registry.HttpSchemaRegistryClient;
import io.carteira.schemas.registry.RegistryCompatibility;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;
import org.apache.avro.Schema;

/**
 * A schema registry that serves Confluent's REST API on a local port, for the embedded demo and the
 * tests. Schemas are held in memory; ids are global and a schema registered under two subjects
 * keeps one id, as in Confluent's registry. Compatibility (default BACKWARD, as Confluent's) is
 * checked with Avro's own {@link RegistryCompatibility}.
 */
public final class LocalSchemaRegistry implements AutoCloseable {

  private final HttpServer server;
  private final Map<String, Integer> idsBySchema = new LinkedHashMap<>();
  private final Map<Integer, String> schemasById = new LinkedHashMap<>();
  private final Map<String, List<Integer>> subjects = new LinkedHashMap<>();
  private final Map<String, String> subjectLevels = new LinkedHashMap<>();
  private String globalLevel = "BACKWARD";
  private volatile String requiredAuthorization;
  private int nextId = 1;

  private LocalSchemaRegistry(HttpServer server) {
    this.server = server;
  }

  /** Starts a registry on {@code port} of 127.0.0.1 (0 picks a free port). */
  public static LocalSchemaRegistry start(int port) throws IOException {
    return start("127.0.0.1", port);
  }

  public static LocalSchemaRegistry start(String host, int port) throws IOException {
    return start(host, port, null);
  }

  /**
   * Starts a registry on {@code port} of {@code host}, over https with {@code tls} (its certificate
   * and key) unless it is null.
   */
  public static LocalSchemaRegistry start(String host, int port, SSLContext tls)
      throws IOException {
    HttpServer server;
    if (tls == null) {
      server = HttpServer.create(new InetSocketAddress(host, port), 64);
    } else {
      HttpsServer https = HttpsServer.create(new InetSocketAddress(host, port), 64);
      https.setHttpsConfigurator(new HttpsConfigurator(tls));
      server = https;
    }
    LocalSchemaRegistry registry = new LocalSchemaRegistry(server);
    server.createContext("/", registry::handle);
    server.setExecutor(
        Executors.newFixedThreadPool(
            4,
            r -> {
              Thread t = new Thread(r, "local-schema-registry");
              t.setDaemon(true);
              return t;
            }));
    server.start();
    return registry;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public String url() {
    return (server instanceof HttpsServer ? "https://" : "http://")
        + server.getAddress().getHostString()
        + ":"
        + port();
  }

  @Override
  public void close() {
    server.stop(0);
    ((ExecutorService) server.getExecutor()).shutdownNow();
  }

  /**
   * From now on, answers 401 to requests without these HTTP basic credentials ({@code
   * user:password}), as a registry behind authentication does.
   */
  public void requireBasicAuth(String userInfo) {
    requiredAuthorization =
        "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      Answer answer;
      String required = requiredAuthorization;
      try {
        if (required != null
            && !required.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
          throw new RegistryError(401, 40101, "Unauthorized");
        }
        answer =
            route(
                exchange.getRequestMethod(),
                exchange.getRequestURI().getRawPath(),
                query(exchange.getRequestURI().getRawQuery()),
                readBody(exchange.getRequestBody()));
      } catch (RegistryError e) {
        answer = new Answer(e.status, error(e.code, e.getMessage()));
      } catch (RuntimeException e) {
        answer = new Answer(500, error(50001, "Error in the backend data store: " + e));
      }
      byte[] bytes = JSON.writeValueAsBytes(answer.body);
      exchange.getResponseHeaders().set("Content-Type", HttpSchemaRegistryClient.CONTENT_TYPE);
      exchange.sendResponseHeaders(answer.status, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  private synchronized Answer route(
      String method, String rawPath, Map<String, String> query, JsonNode body) {
    List<String> p = new ArrayList<>();
    for (String part : rawPath.split("/")) {
      if (!part.isEmpty()) {
        p.add(URLDecoder.decode(part, StandardCharsets.UTF_8));
      }
    }
    int n = p.size();
    if (n == 0) {
      return ok(JSON.createObjectNode());
    }
    switch (p.get(0)) {
      case "subjects":
        if (n == 1 && method.equals("GET")) {
          ArrayNode all = JSON.createArrayNode();
          subjects.keySet().forEach(all::add);
          return ok(all);
        }
        if (n == 2 && method.equals("POST")) {
          return ok(lookup(p.get(1), body));
        }
        if (n == 2 && method.equals("DELETE")) {
          List<Integer> versions = requireSubject(p.get(1));
          subjects.remove(p.get(1));
          ArrayNode deleted = JSON.createArrayNode();
          for (int v = 1; v <= versions.size(); v++) {
            deleted.add(v);
          }
          return ok(deleted);
        }
        if (n == 3 && p.get(2).equals("versions") && method.equals("GET")) {
          List<Integer> versions = requireSubject(p.get(1));
          ArrayNode all = JSON.createArrayNode();
          for (int v = 1; v <= versions.size(); v++) {
            all.add(v);
          }
          return ok(all);
        }
        if (n == 3 && p.get(2).equals("versions") && method.equals("POST")) {
          return ok(JSON.createObjectNode().put("id", register(p.get(1), body)));
        }
        if (n >= 4 && p.get(2).equals("versions") && method.equals("GET")) {
          ObjectNode version = version(p.get(1), p.get(3));
          if (n == 5 && p.get(4).equals("schema")) {
            return ok(readTree(version.get("schema").asText()));
          }
          return ok(version);
        }
        break;
      case "schemas":
        if (n >= 3 && p.get(1).equals("ids") && method.equals("GET")) {
          int id = parseInt(p.get(2), 40403, "Schema " + p.get(2) + " not found");
          String schema = schemasById.get(id);
          if (schema == null) {
            throw new RegistryError(404, 40403, "Schema " + id + " not found");
          }
          if (n == 3) {
            return ok(JSON.createObjectNode().put("schema", schema));
          }
          if (n == 4 && p.get(3).equals("versions")) {
            ArrayNode uses = JSON.createArrayNode();
            subjects.forEach(
                (subject, ids) -> {
                  for (int v = 0; v < ids.size(); v++) {
                    if (ids.get(v) == id) {
                      uses.add(
                          JSON.createObjectNode().put("subject", subject).put("version", v + 1));
                    }
                  }
                });
            return ok(uses);
          }
          if (n == 4 && p.get(3).equals("subjects")) {
            ArrayNode uses = JSON.createArrayNode();
            subjects.forEach(
                (subject, ids) -> {
                  if (ids.contains(id)) {
                    uses.add(subject);
                  }
                });
            return ok(uses);
          }
          if (n == 4 && p.get(3).equals("schema")) {
            return ok(readTree(schema));
          }
        }
        if (n == 2 && p.get(1).equals("types") && method.equals("GET")) {
          return ok(JSON.createArrayNode().add("AVRO"));
        }
        break;
      case "compatibility":
        if (n == 5
            && p.get(1).equals("subjects")
            && p.get(3).equals("versions")
            && method.equals("POST")) {
          return ok(compatibility(p.get(2), p.get(4), body, "true".equals(query.get("verbose"))));
        }
        break;
      case "config":
        if (n == 1 && method.equals("GET")) {
          return ok(JSON.createObjectNode().put("compatibilityLevel", globalLevel));
        }
        if (n == 1 && method.equals("PUT")) {
          globalLevel = level(body);
          return ok(JSON.createObjectNode().put("compatibility", globalLevel));
        }
        if (n == 2 && method.equals("GET")) {
          String level = subjectLevels.get(p.get(1));
          if (level == null) {
            if (!"true".equals(query.get("defaultToGlobal"))) {
              throw new RegistryError(
                  404,
                  40408,
                  "Subject '"
                      + p.get(1)
                      + "' does not have subject-level compatibility configured");
            }
            level = globalLevel;
          }
          return ok(JSON.createObjectNode().put("compatibilityLevel", level));
        }
        if (n == 2 && method.equals("PUT")) {
          String level = level(body);
          subjectLevels.put(p.get(1), level);
          return ok(JSON.createObjectNode().put("compatibility", level));
        }
        if (n == 2 && method.equals("DELETE")) {
          String level = subjectLevels.remove(p.get(1));
          return ok(
              JSON.createObjectNode()
                  .put("compatibilityLevel", level == null ? globalLevel : level));
        }
        break;
      case "mode":
        return ok(JSON.createObjectNode().put("mode", "READWRITE"));
      default:
        break;
    }
    throw new RegistryError(404, 404, "HTTP 404 Not Found: " + method + " " + rawPath);
  }

  private int register(String subject, JsonNode body) {
    Schema schema = schemaOf(body);
    String canonical = schema.toString();
    List<Integer> versions = subjects.computeIfAbsent(subject, s -> new ArrayList<>());
    Integer existing = idsBySchema.get(canonical);
    if (existing != null && versions.contains(existing)) {
      return existing;
    }
    List<String> problems =
        RegistryCompatibility.check(levelOf(subject), schema, history(versions));
    if (!problems.isEmpty()) {
      if (versions.isEmpty()) {
        subjects.remove(subject);
      }
      throw new RegistryError(
          409,
          409,
          "Schema being registered is incompatible with an earlier schema for subject \""
              + subject
              + "\", details: "
              + problems);
    }
    int id = existing != null ? existing : nextId++;
    idsBySchema.putIfAbsent(canonical, id);
    schemasById.putIfAbsent(id, canonical);
    versions.add(id);
    return id;
  }

  private ObjectNode lookup(String subject, JsonNode body) {
    List<Integer> versions = requireSubject(subject);
    Schema schema = schemaOf(body);
    Integer id = idsBySchema.get(schema.toString());
    int index = id == null ? -1 : versions.indexOf(id);
    if (index < 0) {
      throw new RegistryError(404, 40403, "Schema not found");
    }
    return versionNode(subject, index + 1, id);
  }

  private ObjectNode version(String subject, String version) {
    List<Integer> versions = requireSubject(subject);
    int v =
        version.equals("latest") || version.equals("-1")
            ? versions.size()
            : parseInt(
                version,
                42202,
                "The specified version '" + version + "' is not a valid version id.");
    if (v < 1 || v > versions.size()) {
      throw new RegistryError(404, 40402, "Version " + version + " not found.");
    }
    return versionNode(subject, v, versions.get(v - 1));
  }

  private ObjectNode compatibility(String subject, String version, JsonNode body, boolean verbose) {
    Schema schema = schemaOf(body);
    List<Integer> versions = subjects.getOrDefault(subject, List.of());
    List<Schema> against;
    if (version.equals("latest") || versions.isEmpty()) {
      against = history(versions);
    } else {
      against = List.of(parse(version(subject, version).get("schema").asText()));
    }
    List<String> problems = RegistryCompatibility.check(levelOf(subject), schema, against);
    ObjectNode answer = JSON.createObjectNode().put("is_compatible", problems.isEmpty());
    if (verbose) {
      ArrayNode messages = answer.putArray("messages");
      problems.forEach(messages::add);
    }
    return answer;
  }

  private List<Schema> history(List<Integer> versions) {
    List<Schema> schemas = new ArrayList<>();
    for (int id : versions) {
      schemas.add(parse(schemasById.get(id)));
    }
    return schemas;
  }

  private String levelOf(String subject) {
    return subjectLevels.getOrDefault(subject, globalLevel);
  }

  private ObjectNode versionNode(String subject, int version, int id) {
    return JSON.createObjectNode()
        .put("subject", subject)
        .put("version", version)
        .put("id", id)
        .put("schema", schemasById.get(id));
  }

  private List<Integer> requireSubject(String subject) {
    List<Integer> versions = subjects.get(subject);
    if (versions == null || versions.isEmpty()) {
      throw new RegistryError(404, 40401, "Subject '" + subject + "' not found.");
    }
    return versions;
  }

  private static Answer ok(JsonNode body) {
    return new Answer(200, body);
  }

  private record Answer(int status, JsonNode body) {}
}
