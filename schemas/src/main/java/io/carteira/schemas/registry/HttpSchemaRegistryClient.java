package io.carteira.schemas.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLHandshakeException;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Schema Registry client over HTTP, speaking Confluent's REST API. Ids and schemas are cached (an
 * id never changes meaning). Transient failures (unreachable, 5xx) are retried with exponential
 * back-off; a registry that stays down past the retry budget surfaces as a transient {@link
 * SchemaRegistryException}, never as a "not found".
 */
public final class HttpSchemaRegistryClient implements SchemaRegistryClient {

  private static final Logger LOG = LoggerFactory.getLogger(HttpSchemaRegistryClient.class);
  public static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String baseUrl;
  private final RegistryAccess access;
  private final String authorization;
  private final HttpClient http;
  private final int maxAttempts;
  private final Duration initialBackoff;
  private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
  private final Map<String, Integer> idsBySubjectAndSchema = new ConcurrentHashMap<>();

  public HttpSchemaRegistryClient(String baseUrl) {
    this(RegistryAccess.of(baseUrl));
  }

  public HttpSchemaRegistryClient(RegistryAccess access) {
    this(access, 8, Duration.ofMillis(100));
  }

  public HttpSchemaRegistryClient(String baseUrl, int maxAttempts, Duration initialBackoff) {
    this(RegistryAccess.of(baseUrl), maxAttempts, initialBackoff);
  }

  public HttpSchemaRegistryClient(RegistryAccess access, int maxAttempts, Duration initialBackoff) {
    String url = access.url();
    this.baseUrl = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    this.access = access;
    this.authorization = access.authorization();
    this.maxAttempts = Math.max(1, maxAttempts);
    this.initialBackoff = initialBackoff;
    HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
    if (baseUrl.startsWith("https:")) {
      builder.sslContext(access.sslContext());
    }
    this.http = builder.build();
  }

  public String baseUrl() {
    return baseUrl;
  }

  @Override
  public int register(String subject, Schema schema) {
    String cacheKey = subject + '\u0000' + schema.toString();
    Integer cached = idsBySubjectAndSchema.get(cacheKey);
    if (cached != null) {
      return cached;
    }
    JsonNode answer = call("POST", "/subjects/" + enc(subject) + "/versions", schemaBody(schema));
    int id = answer.path("id").asInt();
    idsBySubjectAndSchema.put(cacheKey, id);
    schemasById.putIfAbsent(id, schema);
    return id;
  }

  @Override
  public Schema schemaById(int id) {
    Schema cached = schemasById.get(id);
    if (cached != null) {
      return cached;
    }
    JsonNode answer = call("GET", "/schemas/ids/" + id, null);
    Schema schema = parse(answer.path("schema").asText());
    schemasById.put(id, schema);
    return schema;
  }

  @Override
  public Optional<SubjectVersion> lookup(String subject, Schema schema) {
    try {
      JsonNode answer = call("POST", "/subjects/" + enc(subject), schemaBody(schema));
      SubjectVersion found = subjectVersion(answer);
      idsBySubjectAndSchema.put(subject + '\u0000' + schema.toString(), found.id());
      return Optional.of(found);
    } catch (SchemaRegistryException e) {
      if (e.isNotFound()) {
        return Optional.empty();
      }
      throw e;
    }
  }

  @Override
  public List<Integer> versions(String subject) {
    JsonNode answer = call("GET", "/subjects/" + enc(subject) + "/versions", null);
    List<Integer> versions = new ArrayList<>();
    answer.forEach(v -> versions.add(v.asInt()));
    return versions;
  }

  @Override
  public SubjectVersion version(String subject, String version) {
    return subjectVersion(
        call("GET", "/subjects/" + enc(subject) + "/versions/" + enc(version), null));
  }

  @Override
  public List<String> subjects() {
    List<String> subjects = new ArrayList<>();
    call("GET", "/subjects", null).forEach(s -> subjects.add(s.asText()));
    return subjects;
  }

  @Override
  public CompatibilityResult testCompatibility(String subject, Schema schema) {
    JsonNode answer =
        call(
            "POST",
            "/compatibility/subjects/" + enc(subject) + "/versions/latest?verbose=true",
            schemaBody(schema));
    List<String> messages = new ArrayList<>();
    answer.path("messages").forEach(m -> messages.add(m.asText()));
    return new CompatibilityResult(answer.path("is_compatible").asBoolean(), messages);
  }

  @Override
  public String compatibility(String subject) {
    String path = subject == null ? "/config" : "/config/" + enc(subject) + "?defaultToGlobal=true";
    JsonNode answer = call("GET", path, null);
    JsonNode level =
        answer.has("compatibilityLevel")
            ? answer.get("compatibilityLevel")
            : answer.get("compatibility");
    return level == null ? null : level.asText();
  }

  @Override
  public void setCompatibility(String subject, String level) {
    ObjectNode body = JSON.createObjectNode().put("compatibility", level);
    call("PUT", subject == null ? "/config" : "/config/" + enc(subject), body.toString());
  }

  private JsonNode call(String method, String path, String body) {
    SchemaRegistryException last = null;
    long backoffMillis = initialBackoff.toMillis();
    for (int attempt = 1; attempt <= maxAttempts; attempt++) {
      try {
        return once(method, path, body);
      } catch (SchemaRegistryException e) {
        if (!e.isTransient()) {
          throw e;
        }
        last = e;
        if (attempt < maxAttempts) {
          LOG.warn(
              "Schema registry {} {} failed ({}); retrying in {} ms",
              method,
              path,
              e.getMessage(),
              backoffMillis);
          sleep(backoffMillis);
          backoffMillis = Math.min(backoffMillis * 2, 10_000);
        }
      }
    }
    throw last;
  }

  private JsonNode once(String method, String path, String body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(baseUrl + path))
            .timeout(Duration.ofSeconds(10))
            .header("Accept", CONTENT_TYPE + ", application/json");
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request.header("Content-Type", CONTENT_TYPE);
      request.method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    }
    HttpResponse<String> response;
    try {
      response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (SSLHandshakeException e) {
      // not transient: the same certificate will be refused again
      throw new SchemaRegistryException(
          0,
          0,
          "schema registry at "
              + baseUrl
              + ": TLS handshake failed ("
              + e.getMessage()
              + "); is its CA in the registry trust store?");
    } catch (IOException e) {
      throw new SchemaRegistryException("schema registry at " + baseUrl + " unreachable: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SchemaRegistryException("interrupted while calling the schema registry", e);
    }
    JsonNode json = readJson(response.body());
    if (response.statusCode() == 401 || response.statusCode() == 403) {
      throw new SchemaRegistryException(
          response.statusCode(),
          response.statusCode() * 100 + 1,
          "schema registry at "
              + baseUrl
              + " refused "
              + access.authentication()
              + " ("
              + response.statusCode()
              + (response.statusCode() == 401 ? " Unauthorized" : " Forbidden")
              + ") on "
              + method
              + " "
              + path);
    }
    if (response.statusCode() / 100 != 2) {
      int code = json.path("error_code").asInt(response.statusCode());
      String message = json.path("message").asText(response.body());
      throw new SchemaRegistryException(
          response.statusCode(),
          code,
          "schema registry " + method + " " + path + ": " + message + " (error " + code + ")");
    }
    return json;
  }

  private static JsonNode readJson(String text) {
    if (text == null || text.isBlank()) {
      return JSON.createObjectNode();
    }
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      return JSON.createObjectNode().put("message", text);
    }
  }

  private static SubjectVersion subjectVersion(JsonNode json) {
    return new SubjectVersion(
        json.path("subject").asText(),
        json.path("version").asInt(),
        json.path("id").asInt(),
        parse(json.path("schema").asText()));
  }

  private static String schemaBody(Schema schema) {
    return JSON.createObjectNode().put("schema", schema.toString()).toString();
  }

  private static Schema parse(String text) {
    return new Schema.Parser().parse(text);
  }

  private static String enc(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SchemaRegistryException(
          "interrupted while waiting to retry the schema registry", e);
    }
  }
}
