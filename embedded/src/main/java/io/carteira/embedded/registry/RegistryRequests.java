package io.carteira.embedded.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.carteira.schemas.registry.RegistryCompatibility;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * The parts of a request to {@link LocalSchemaRegistry} (body, query, schema, compatibility level)
 * read as Confluent's registry reads them, and its error answers.
 */
final class RegistryRequests {

  static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> LEVELS = RegistryCompatibility.LEVELS;

  private RegistryRequests() {}

  static Schema schemaOf(JsonNode body) {
    if (body == null || !body.hasNonNull("schema")) {
      throw new RegistryError(422, 42201, "Invalid schema: the request has no \"schema\" field");
    }
    String type = body.path("schemaType").asText("AVRO");
    if (!type.equalsIgnoreCase("AVRO")) {
      throw new RegistryError(
          422, 42201, "Invalid schema: only AVRO schemas are supported, got " + type);
    }
    return parse(body.get("schema").asText());
  }

  static Schema parse(String text) {
    try {
      return new Schema.Parser().parse(text);
    } catch (SchemaParseException | NullPointerException e) {
      throw new RegistryError(422, 42201, "Invalid schema: " + e.getMessage());
    }
  }

  static String level(JsonNode body) {
    String level = body == null ? null : body.path("compatibility").asText(null);
    if (level == null || !LEVELS.contains(level.toUpperCase(Locale.ROOT))) {
      throw new RegistryError(
          422, 42203, "Invalid compatibility level. Valid values are " + LEVELS);
    }
    return level.toUpperCase(Locale.ROOT);
  }

  static int parseInt(String text, int code, String message) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new RegistryError(code == 40403 ? 404 : 422, code, message);
    }
  }

  static JsonNode readBody(InputStream in) throws IOException {
    byte[] bytes = in.readAllBytes();
    if (bytes.length == 0) {
      return null;
    }
    try {
      return JSON.readTree(bytes);
    } catch (IOException e) {
      throw new RegistryError(422, 42201, "Unrecognized request body: " + e.getMessage());
    }
  }

  static JsonNode readTree(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static Map<String, String> query(String raw) {
    Map<String, String> query = new LinkedHashMap<>();
    if (raw != null) {
      for (String pair : raw.split("&")) {
        int eq = pair.indexOf('=');
        query.put(
            eq < 0 ? pair : pair.substring(0, eq),
            eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return query;
  }

  static ObjectNode error(int code, String message) {
    return JSON.createObjectNode().put("error_code", code).put("message", message);
  }
}
