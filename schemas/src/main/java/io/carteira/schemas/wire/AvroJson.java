package io.carteira.schemas.wire;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.GenericRecord;

/**
 * Avro data as plain, readable JSON: unions unwrapped, timestamps as ISO-8601 instants, dates as
 * ISO dates, bytes as base64. For people and for `carteira tail`, not for round trips.
 */
public final class AvroJson {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final ObjectMapper JSON = new ObjectMapper();

  private AvroJson() {}

  public static String toJson(Object datum, Schema schema) {
    try {
      return JSON.writeValueAsString(toNode(datum, schema));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public static JsonNode toNode(Object datum, Schema schema) {
    if (datum == null) {
      return NODES.nullNode();
    }
    LogicalType logical = schema.getLogicalType();
    switch (schema.getType()) {
      case UNION:
        for (Schema branch : schema.getTypes()) {
          if (branch.getType() != Schema.Type.NULL && matches(datum, branch)) {
            return toNode(datum, branch);
          }
        }
        return NODES.textNode(datum.toString());
      case RECORD:
        {
          GenericRecord record = (GenericRecord) datum;
          ObjectNode node = NODES.objectNode();
          for (Schema.Field field : schema.getFields()) {
            node.set(field.name(), toNode(record.get(field.pos()), field.schema()));
          }
          return node;
        }
      case ARRAY:
        {
          ArrayNode node = NODES.arrayNode();
          for (Object item : (Collection<?>) datum) {
            node.add(toNode(item, schema.getElementType()));
          }
          return node;
        }
      case MAP:
        {
          ObjectNode node = NODES.objectNode();
          for (Map.Entry<?, ?> e : ((Map<?, ?>) datum).entrySet()) {
            node.set(e.getKey().toString(), toNode(e.getValue(), schema.getValueType()));
          }
          return node;
        }
      case LONG:
        if (datum instanceof Instant instant) {
          return NODES.textNode(instant.toString());
        }
        if (logical instanceof LogicalTypes.TimestampMillis) {
          return NODES.textNode(Instant.ofEpochMilli((Long) datum).toString());
        }
        return NODES.numberNode((Long) datum);
      case INT:
        if (datum instanceof LocalDate date) {
          return NODES.textNode(date.toString());
        }
        if (logical instanceof LogicalTypes.Date) {
          return NODES.textNode(LocalDate.ofEpochDay((Integer) datum).toString());
        }
        return NODES.numberNode((Integer) datum);
      case BYTES:
      case FIXED:
        {
          ByteBuffer buffer =
              datum instanceof ByteBuffer b
                  ? b.duplicate()
                  : ByteBuffer.wrap(((GenericFixed) datum).bytes());
          byte[] bytes = new byte[buffer.remaining()];
          buffer.get(bytes);
          return NODES.textNode(Base64.getEncoder().encodeToString(bytes));
        }
      case DOUBLE:
        return NODES.numberNode(((Number) datum).doubleValue());
      case FLOAT:
        return NODES.numberNode(((Number) datum).floatValue());
      case BOOLEAN:
        return NODES.booleanNode((Boolean) datum);
      default:
        return NODES.textNode(datum.toString());
    }
  }

  private static boolean matches(Object datum, Schema branch) {
    return switch (branch.getType()) {
      case RECORD ->
          datum instanceof GenericRecord r
              && r.getSchema().getFullName().equals(branch.getFullName());
      case ENUM ->
          datum instanceof Enum<?>
              || (datum instanceof GenericContainer c
                  && c.getSchema().getFullName().equals(branch.getFullName()))
              || datum instanceof CharSequence;
      case STRING -> datum instanceof CharSequence;
      case LONG -> datum instanceof Long || datum instanceof Instant;
      case INT -> datum instanceof Integer || datum instanceof LocalDate;
      case DOUBLE -> datum instanceof Double;
      case FLOAT -> datum instanceof Float;
      case BOOLEAN -> datum instanceof Boolean;
      case BYTES -> datum instanceof ByteBuffer;
      case ARRAY -> datum instanceof Collection<?>;
      case MAP -> datum instanceof Map<?, ?>;
      default -> true;
    };
  }
}
