package io.carteira.schemas.wire;

import io.carteira.schemas.CompiledDatumWriter;
import io.carteira.schemas.registry.SchemaRegistryClient;
import io.carteira.schemas.registry.SchemaRegistryException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Encodes a generated Avro class in Confluent's wire format under a subject. The schema id is
 * obtained once, by registering the schema (auto-register) or by looking it up in the subject, and
 * cached. Not thread-safe: one encoder per thread or subtask.
 */
public final class AvroWireEncoder<T extends SpecificRecord> {

  private final String subject;
  private final Schema schema;
  private final SchemaRegistryClient registry;
  private final boolean autoRegister;
  private final CompiledDatumWriter<T> writer;
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(256);
  private BinaryEncoder encoder;
  private int schemaId = -1;

  public AvroWireEncoder(
      Class<T> type, String subject, SchemaRegistryClient registry, boolean autoRegister) {
    this.subject = subject;
    this.schema = SpecificData.get().getSchema(type);
    this.registry = registry;
    this.autoRegister = autoRegister;
    this.writer = CompiledDatumWriter.of(type);
  }

  /** The id of the schema this encoder writes, registering or looking it up on first use. */
  public int schemaId() {
    if (schemaId < 0) {
      schemaId =
          autoRegister
              ? registry.register(subject, schema)
              : registry
                  .lookup(subject, schema)
                  .orElseThrow(
                      () ->
                          new SchemaRegistryException(
                              404,
                              SchemaRegistryException.SCHEMA_NOT_FOUND,
                              "schema "
                                  + schema.getFullName()
                                  + " is not registered under subject "
                                  + subject
                                  + " and auto-registration is off"))
                  .id();
    }
    return schemaId;
  }

  public byte[] encode(T record) {
    int id = schemaId();
    buffer.reset();
    buffer.write(0);
    buffer.write(0);
    buffer.write(0);
    buffer.write(0);
    buffer.write(0);
    try {
      encoder = EncoderFactory.get().binaryEncoder(buffer, encoder);
      writer.write(record, encoder);
      encoder.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    byte[] bytes = buffer.toByteArray();
    WireFormat.writeHeader(bytes, id);
    return bytes;
  }
}
