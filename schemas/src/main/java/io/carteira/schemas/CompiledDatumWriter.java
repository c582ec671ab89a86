package io.carteira.schemas;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Conversion;
import org.apache.avro.Conversions;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.Encoder;
import org.apache.avro.specific.SpecificData;

/**
 * Writes generated Avro records with exactly the bytes of Avro's {@code SpecificDatumWriter}, from
 * a plan built once per schema: a writer per record field, each union's branch chosen by a null
 * check or a class test, each logical type converted by a known function. Avro's writer walks the
 * schema for every record it writes, resolves each union by the name of the datum's schema (a
 * string lookup per nullable field) and looks up each logical type's conversion by the datum's
 * class; generated classes skip that only through custom coders, which Avro does not generate for
 * records with logical types, that is for nearly every record here.
 *
 * <p>Not thread-safe in use: one writer per thread, as with Avro's.
 *
 * @param <T> the record
 */
public final class CompiledDatumWriter<T> implements DatumWriter<T> {

  /** Writes one datum of one schema. */
  @FunctionalInterface
  private interface Node {
    void write(Object datum, Encoder out) throws IOException;
  }

  /** A top-level field written only when this says so (a fingerprint leaving a field out). */
  @FunctionalInterface
  public interface FieldFilter {
    boolean write(Schema.Field field, Object value);
  }

  private final SpecificData model;
  private final Map<String, Node[]> recordFields = new HashMap<>();
  private Node root;

  /** A writer of {@code type}'s schema, with its own model's conversions. */
  public static <T> CompiledDatumWriter<T> of(Class<T> type) {
    SpecificData model = SpecificData.getForClass(type);
    return new CompiledDatumWriter<>(model.getSchema(type), model, null);
  }

  /**
   * A writer of {@code type}'s schema that leaves out each top-level field {@code filter} refuses:
   * the bytes are then not Avro's, only a deterministic digest of the record.
   */
  public static <T> CompiledDatumWriter<T> of(Class<T> type, FieldFilter filter) {
    SpecificData model = SpecificData.getForClass(type);
    return new CompiledDatumWriter<>(model.getSchema(type), model, filter);
  }

  public CompiledDatumWriter(Schema schema, SpecificData model) {
    this(schema, model, null);
  }

  private CompiledDatumWriter(Schema schema, SpecificData model, FieldFilter filter) {
    this.model = model;
    this.root = schema.getType() == Schema.Type.RECORD ? record(schema, filter) : node(schema);
  }

  @Override
  public void setSchema(Schema schema) {
    recordFields.clear();
    this.root = node(schema);
  }

  @Override
  public void write(T datum, Encoder out) throws IOException {
    root.write(datum, out);
  }

  private Node node(Schema schema) {
    LogicalType logicalType = schema.getLogicalType();
    if (logicalType != null) {
      return logical(schema, logicalType);
    }
    switch (schema.getType()) {
      case RECORD:
        return record(schema, null);
      case UNION:
        return union(schema);
      case ARRAY:
        return array(schema);
      case MAP:
        return map(schema);
      case ENUM:
        return (datum, out) ->
            out.writeEnum(
                datum instanceof Enum<?> e ? e.ordinal() : schema.getEnumOrdinal(datum.toString()));
      case STRING:
        return (datum, out) -> out.writeString((CharSequence) datum);
      case BYTES:
        return (datum, out) -> out.writeBytes((ByteBuffer) datum);
      case FIXED:
        return (datum, out) ->
            out.writeFixed(((GenericFixed) datum).bytes(), 0, schema.getFixedSize());
      case INT:
        return (datum, out) -> out.writeInt(((Number) datum).intValue());
      case LONG:
        return (datum, out) -> out.writeLong(((Number) datum).longValue());
      case FLOAT:
        return (datum, out) -> out.writeFloat(((Number) datum).floatValue());
      case DOUBLE:
        return (datum, out) -> out.writeDouble(((Number) datum).doubleValue());
      case BOOLEAN:
        return (datum, out) -> out.writeBoolean((Boolean) datum);
      case NULL:
        return (datum, out) -> out.writeNull();
      default:
        throw new IllegalArgumentException("unsupported schema type " + schema.getType());
    }
  }

  /** A record: its fields in order; a recursive record refers to itself through its name. */
  private Node record(Schema schema, FieldFilter filter) {
    String name = schema.getFullName();
    Node[] existing = recordFields.get(name);
    if (existing != null && filter == null) {
      return (datum, out) -> writeFields(existing, (IndexedRecord) datum, out);
    }
    List<Schema.Field> fields = schema.getFields();
    Node[] nodes = new Node[fields.size()];
    if (filter == null) {
      recordFields.put(name, nodes); // before the fields: a field may be this record again
    }
    for (Schema.Field field : fields) {
      Node value = node(field.schema());
      int pos = field.pos();
      nodes[pos] =
          filter == null
              ? (record, out) -> value.write(((IndexedRecord) record).get(pos), out)
              : (record, out) -> {
                Object datum = ((IndexedRecord) record).get(pos);
                if (filter.write(field, datum)) {
                  value.write(datum, out);
                }
              };
    }
    return (datum, out) -> writeFields(nodes, (IndexedRecord) datum, out);
  }

  private static void writeFields(Node[] fields, IndexedRecord record, Encoder out)
      throws IOException {
    for (Node field : fields) {
      field.write(record, out);
    }
  }

  /** A union: {@code [null, X]} by a null check, any other by Avro's own resolution. */
  private Node union(Schema schema) {
    List<Schema> branches = schema.getTypes();
    Node[] nodes = new Node[branches.size()];
    for (int i = 0; i < nodes.length; i++) {
      nodes[i] = node(branches.get(i));
    }
    if (branches.size() == 2 && branches.get(0).getType() == Schema.Type.NULL) {
      Node value = nodes[1];
      return (datum, out) -> {
        if (datum == null) {
          out.writeIndex(0);
          out.writeNull();
        } else {
          out.writeIndex(1);
          value.write(datum, out);
        }
      };
    }
    if (branches.size() == 2 && branches.get(1).getType() == Schema.Type.NULL) {
      Node value = nodes[0];
      return (datum, out) -> {
        if (datum == null) {
          out.writeIndex(1);
          out.writeNull();
        } else {
          out.writeIndex(0);
          value.write(datum, out);
        }
      };
    }
    return (datum, out) -> {
      int index = model.resolveUnion(schema, datum);
      out.writeIndex(index);
      nodes[index].write(datum, out);
    };
  }

  private Node array(Schema schema) {
    Node element = node(schema.getElementType());
    return (datum, out) -> {
      Collection<?> elements = (Collection<?>) datum;
      out.writeArrayStart();
      out.setItemCount(elements.size());
      for (Object item : elements) {
        out.startItem();
        element.write(item, out);
      }
      out.writeArrayEnd();
    };
  }

  private Node map(Schema schema) {
    Node value = node(schema.getValueType());
    return (datum, out) -> {
      Map<?, ?> entries = (Map<?, ?>) datum;
      out.writeMapStart();
      out.setItemCount(entries.size());
      for (Map.Entry<?, ?> entry : entries.entrySet()) {
        out.startItem();
        out.writeString((CharSequence) entry.getKey());
        value.write(entry.getValue(), out);
      }
      out.writeMapEnd();
    };
  }

  /**
   * A logical type: the two the contracts use converted directly, any other through the model's
   * conversion for the datum's class, as Avro does; a datum already of the underlying type (no
   * conversion for its class) is written as it is.
   */
  private Node logical(Schema schema, LogicalType logicalType) {
    Node raw = node(withoutLogicalType(schema));
    if (logicalType instanceof LogicalTypes.TimestampMillis) {
      return (datum, out) -> {
        if (datum instanceof Instant instant) {
          out.writeLong(instant.toEpochMilli());
        } else {
          raw.write(convert(schema, logicalType, datum), out);
        }
      };
    }
    if (logicalType instanceof LogicalTypes.Date) {
      return (datum, out) -> {
        if (datum instanceof LocalDate date) {
          out.writeInt((int) date.toEpochDay());
        } else {
          raw.write(convert(schema, logicalType, datum), out);
        }
      };
    }
    return (datum, out) -> raw.write(convert(schema, logicalType, datum), out);
  }

  private Object convert(Schema schema, LogicalType logicalType, Object datum) {
    @SuppressWarnings("unchecked")
    Conversion<Object> conversion =
        (Conversion<Object>) model.getConversionByClass(datum.getClass(), logicalType);
    return conversion == null
        ? datum
        : Conversions.convertToRawType(datum, schema, logicalType, conversion);
  }

  private static Schema withoutLogicalType(Schema schema) {
    return switch (schema.getType()) {
      case INT -> Schema.create(Schema.Type.INT);
      case LONG -> Schema.create(Schema.Type.LONG);
      case BYTES -> Schema.create(Schema.Type.BYTES);
      case STRING -> Schema.create(Schema.Type.STRING);
      case FIXED ->
          Schema.createFixed(
              schema.getName(), schema.getDoc(), schema.getNamespace(), schema.getFixedSize());
      default -> schema;
    };
  }
}
