package io.carteira.schemas.wire;

import io.carteira.schemas.AvroModels;
import io.carteira.schemas.DeadLetterKind;
import io.carteira.schemas.registry.SchemaRegistryClient;
import io.carteira.schemas.registry.SchemaRegistryException;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.AvroTypeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaIncompatibilityType;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;

/**
 * Decodes Confluent wire-format bytes into a generated Avro class, resolving the writer's schema
 * (looked up by id in the registry, cached) against the class's schema. Bad bytes give a failed
 * {@link DecodeResult} naming the dead-letter kind; only a registry that cannot be reached throws
 * (a transient {@link SchemaRegistryException}), because retrying later helps. Not thread-safe: one
 * decoder per thread or subtask.
 */
public final class AvroWireDecoder<T extends SpecificRecord> {

  private static final long UNKNOWN_ID_RECHECK_MILLIS = 60_000;

  private final Class<T> type;
  private final Schema readerSchema;
  private final SchemaRegistryClient registry;
  private final Map<Integer, Resolution<T>> resolutions = new HashMap<>();
  private final Map<Integer, Long> unknownIdsUntil = new HashMap<>();
  private BinaryDecoder reusedDecoder;

  public AvroWireDecoder(Class<T> type, SchemaRegistryClient registry) {
    AvroModels.enableFastReading();
    this.type = type;
    this.readerSchema = SpecificData.get().getSchema(type);
    this.registry = registry;
  }

  public Schema readerSchema() {
    return readerSchema;
  }

  public DecodeResult<T> decode(byte[] bytes) {
    if (bytes == null) {
      return DecodeResult.failed(DeadLetterKind.NULL_VALUE, "record value is null", -1);
    }
    if (bytes.length == 0) {
      return DecodeResult.failed(DeadLetterKind.TRUNCATED, "record value is empty", -1);
    }
    if (bytes[0] != WireFormat.MAGIC_BYTE) {
      return DecodeResult.failed(
          DeadLetterKind.BAD_MAGIC_BYTE,
          String.format(
              "first byte is 0x%02x, expected the wire format's magic byte 0x00", bytes[0]),
          -1);
    }
    if (bytes.length < WireFormat.HEADER_LENGTH) {
      return DecodeResult.failed(
          DeadLetterKind.TRUNCATED,
          "record value has " + bytes.length + " bytes, fewer than the 5-byte wire-format header",
          -1);
    }
    int schemaId = WireFormat.schemaId(bytes);
    Resolution<T> resolution = resolve(schemaId);
    if (resolution.failureKind != null) {
      return DecodeResult.failed(resolution.failureKind, resolution.failureMessage, schemaId);
    }
    try {
      reusedDecoder =
          DecoderFactory.get()
              .binaryDecoder(
                  bytes,
                  WireFormat.HEADER_LENGTH,
                  bytes.length - WireFormat.HEADER_LENGTH,
                  reusedDecoder);
      T record = resolution.reader.read(null, reusedDecoder);
      if (!reusedDecoder.isEnd()) {
        return DecodeResult.failed(
            DeadLetterKind.AVRO_DECODE,
            "Avro body has trailing bytes after a complete "
                + readerSchema.getName()
                + " (schema id "
                + schemaId
                + ")",
            schemaId);
      }
      return DecodeResult.decoded(record, schemaId);
    } catch (AvroTypeException e) {
      String message = String.valueOf(e.getMessage());
      DeadLetterKind kind =
          message.startsWith("No match for")
              ? DeadLetterKind.UNKNOWN_SYMBOL
              : DeadLetterKind.AVRO_DECODE;
      return DecodeResult.failed(kind, message + " (schema id " + schemaId + ")", schemaId);
    } catch (IOException | RuntimeException e) {
      return DecodeResult.failed(
          DeadLetterKind.AVRO_DECODE,
          "corrupt Avro body for schema id "
              + schemaId
              + ": "
              + e.getClass().getSimpleName()
              + ": "
              + e.getMessage(),
          schemaId);
    }
  }

  private Resolution<T> resolve(int schemaId) {
    Resolution<T> known = resolutions.get(schemaId);
    if (known != null) {
      return known;
    }
    Long unknownUntil = unknownIdsUntil.get(schemaId);
    if (unknownUntil != null && unknownUntil > System.currentTimeMillis()) {
      return Resolution.failed(
          DeadLetterKind.UNKNOWN_SCHEMA_ID, "schema id " + schemaId + " is not in the registry");
    }
    Schema writer;
    try {
      writer = registry.schemaById(schemaId);
    } catch (SchemaRegistryException e) {
      if (e.isTransient()) {
        throw e;
      }
      unknownIdsUntil.put(schemaId, System.currentTimeMillis() + UNKNOWN_ID_RECHECK_MILLIS);
      return Resolution.failed(
          DeadLetterKind.UNKNOWN_SCHEMA_ID, "schema id " + schemaId + " is not in the registry");
    }
    Resolution<T> resolution = resolveAgainst(writer, schemaId);
    resolutions.put(schemaId, resolution);
    return resolution;
  }

  private Resolution<T> resolveAgainst(Schema writer, int schemaId) {
    if (writer.getType() != Schema.Type.RECORD
        || !writer.getFullName().equals(readerSchema.getFullName())) {
      return Resolution.failed(
          DeadLetterKind.WRONG_SCHEMA,
          "schema id "
              + schemaId
              + " is "
              + describe(writer)
              + ", not "
              + readerSchema.getFullName());
    }
    SchemaCompatibility.SchemaPairCompatibility compatibility =
        SchemaCompatibility.checkReaderWriterCompatibility(readerSchema, writer);
    for (Incompatibility incompatibility : compatibility.getResult().getIncompatibilities()) {
      // a writer enum symbol unknown here is decided per record: the reader's enum default, or
      // UNKNOWN_SYMBOL
      if (incompatibility.getType() != SchemaIncompatibilityType.MISSING_ENUM_SYMBOLS) {
        return Resolution.failed(
            DeadLetterKind.SCHEMA_INCOMPATIBLE,
            "writer schema id "
                + schemaId
                + " cannot be read as "
                + readerSchema.getFullName()
                + ": "
                + incompatibility.getType()
                + " at field "
                + fieldPath(readerSchema, incompatibility.getLocation())
                + " ("
                + incompatibility.getMessage()
                + ")");
      }
    }
    SpecificData model = SpecificData.getForClass(type);
    return new Resolution<>(new SpecificDatumReader<>(writer, readerSchema, model), null, null);
  }

  /** Turns a JSON-pointer location such as /fields/0/type into a field path such as event_id. */
  static String fieldPath(Schema schema, String location) {
    StringBuilder path = new StringBuilder();
    String[] parts = location.split("/");
    Schema current = schema;
    for (int i = 0; i < parts.length; i++) {
      if (parts[i].equals("fields")
          && i + 1 < parts.length
          && current != null
          && current.getType() == Schema.Type.RECORD) {
        int index = Integer.parseInt(parts[++i]);
        if (index >= current.getFields().size()) {
          return location;
        }
        Schema.Field field = current.getFields().get(index);
        path.append(path.length() == 0 ? "" : ".").append(field.name());
        current = nonNull(field.schema());
      }
    }
    return path.length() == 0 ? location : path.toString();
  }

  private static Schema nonNull(Schema schema) {
    if (schema.getType() == Schema.Type.UNION) {
      for (Schema branch : schema.getTypes()) {
        if (branch.getType() != Schema.Type.NULL) {
          return branch;
        }
      }
    }
    return schema;
  }

  private static String describe(Schema schema) {
    return schema.getType() == Schema.Type.RECORD || schema.getType() == Schema.Type.ENUM
        ? schema.getFullName()
        : "a schema of type " + schema.getType();
  }

  private record Resolution<T>(
      SpecificDatumReader<T> reader, DeadLetterKind failureKind, String failureMessage) {
    static <T> Resolution<T> failed(DeadLetterKind kind, String message) {
      return new Resolution<>(null, kind, message);
    }
  }
}
