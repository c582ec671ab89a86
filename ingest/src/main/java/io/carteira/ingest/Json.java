package io.carteira.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.math.BigDecimal;

/**
 * Reading providers' JSON. Decimals are read as {@link BigDecimal}, never as doubles, so an amount
 * of {@code 49.9} is exactly 4990 centavos. Paths are dotted ({@code data.object.customer}); a
 * field that is absent or JSON null reads as null, and the {@code required} forms say which field
 * is missing.
 */
public final class Json {

  public static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private Json() {}

  /** Parses a delivery's body. */
  public static JsonNode parse(byte[] body) {
    try {
      JsonNode node = MAPPER.readTree(body);
      if (node == null || node.isMissingNode()) {
        throw new Unmappable("the body is empty");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new Unmappable("the body is not JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new Unmappable("the body is unreadable: " + e.getMessage());
    }
  }

  /** The node at {@code path}, or null when absent or JSON null. */
  public static JsonNode at(JsonNode node, String path) {
    JsonNode current = node;
    for (String name : path.split("\\.")) {
      if (current == null || !current.isObject()) {
        return null;
      }
      current = current.get(name);
    }
    return current == null || current.isNull() ? null : current;
  }

  /** The text at {@code path}, or null. */
  public static String text(JsonNode node, String path) {
    JsonNode value = at(node, path);
    return value == null || value.isContainerNode() ? null : value.asText();
  }

  /** The text at {@code path}. */
  public static String requiredText(JsonNode node, String path) {
    String value = text(node, path);
    if (value == null || value.isBlank()) {
      throw new Unmappable("missing field " + path);
    }
    return value;
  }

  /**
   * The id at {@code path}: the text itself, or the {@code id} of the object when the provider
   * expanded it.
   */
  public static String id(JsonNode node, String path) {
    JsonNode value = at(node, path);
    if (value == null) {
      return null;
    }
    return value.isObject() ? text(value, "id") : value.asText();
  }

  public static String requiredId(JsonNode node, String path) {
    String value = id(node, path);
    if (value == null || value.isBlank()) {
      throw new Unmappable("missing field " + path);
    }
    return value;
  }

  /** The whole number at {@code path}, or null. */
  public static Long whole(JsonNode node, String path) {
    JsonNode value = at(node, path);
    if (value == null) {
      return null;
    }
    if (!value.isIntegralNumber() || !value.canConvertToLong()) {
      throw new Unmappable("field " + path + " is not a whole number: " + value);
    }
    return value.longValue();
  }

  public static long requiredWhole(JsonNode node, String path) {
    Long value = whole(node, path);
    if (value == null) {
      throw new Unmappable("missing field " + path);
    }
    return value;
  }

  /** The decimal at {@code path} (a JSON number or a numeric string), or null. */
  public static BigDecimal decimal(JsonNode node, String path) {
    JsonNode value = at(node, path);
    if (value == null) {
      return null;
    }
    if (value.isNumber()) {
      return value.decimalValue();
    }
    try {
      return new BigDecimal(value.asText().trim());
    } catch (NumberFormatException e) {
      throw new Unmappable("field " + path + " is not a number: " + value);
    }
  }

  public static BigDecimal requiredDecimal(JsonNode node, String path) {
    BigDecimal value = decimal(node, path);
    if (value == null) {
      throw new Unmappable("missing field " + path);
    }
    return value;
  }

  /** The boolean at {@code path}, or null. */
  public static Boolean bool(JsonNode node, String path) {
    JsonNode value = at(node, path);
    return value == null || !value.isBoolean() ? null : value.booleanValue();
  }
}
