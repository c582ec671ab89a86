package io.carteira.schemas.wire;

import io.carteira.schemas.registry.SchemaRegistryClient;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.DecoderFactory;

/**
 * Decodes wire-format bytes of any topic with the writer's own schema, for tools that read
 * everything.
 */
public final class GenericWireDecoder {

  private final SchemaRegistryClient registry;
  private final Map<Integer, GenericDatumReader<Object>> readers = new HashMap<>();

  public GenericWireDecoder(SchemaRegistryClient registry) {
    this.registry = registry;
  }

  /**
   * The datum and its schema. Throws {@link IllegalArgumentException} for bytes that are not the
   * wire format.
   */
  public Decoded decode(byte[] bytes) {
    int id = WireFormat.schemaId(bytes);
    if (id < 0) {
      throw new IllegalArgumentException(
          "not Confluent wire format (" + (bytes == null ? "null" : bytes.length + " bytes") + ")");
    }
    GenericDatumReader<Object> reader =
        readers.computeIfAbsent(id, i -> new GenericDatumReader<>(registry.schemaById(i)));
    try {
      Object datum =
          reader.read(
              null,
              DecoderFactory.get()
                  .binaryDecoder(
                      bytes,
                      WireFormat.HEADER_LENGTH,
                      bytes.length - WireFormat.HEADER_LENGTH,
                      null));
      return new Decoded(id, reader.getSchema(), datum);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(
          "corrupt Avro body for schema id " + id + ": " + e.getMessage(), e);
    }
  }

  public record Decoded(int schemaId, Schema schema, Object datum) {
    public String json() {
      return AvroJson.toJson(datum, schema);
    }
  }
}
