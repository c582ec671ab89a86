package io.carteira.operators.avro;

import io.carteira.schemas.CompiledDatumWriter;
import java.io.IOException;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.formats.avro.typeutils.AvroSerializer;
import org.apache.flink.formats.avro.utils.DataOutputEncoder;

/**
 * Flink's Avro serializer, writing with a {@link CompiledDatumWriter}: the same bytes, written
 * without Avro's walk of the schema per record. Reading, copying and the serializer snapshot are
 * Flink's own, so state and savepoints are exactly what {@link AvroSerializer} writes and reads: a
 * savepoint restores under either, and one written under this restores under the other.
 *
 * @param <T> a generated Avro record
 */
public final class CompiledAvroSerializer<T extends SpecificRecordBase> extends AvroSerializer<T> {

  private static final long serialVersionUID = 1L;

  private transient CompiledDatumWriter<T> writer;
  private transient DataOutputEncoder encoder;

  public CompiledAvroSerializer(Class<T> type) {
    super(type);
  }

  @Override
  public void serialize(T value, DataOutputView target) throws IOException {
    if (writer == null) {
      writer = CompiledDatumWriter.of(getType());
      encoder = new DataOutputEncoder();
    }
    encoder.setOut(target);
    writer.write(value, encoder);
  }

  @Override
  public TypeSerializer<T> duplicate() {
    return new CompiledAvroSerializer<>(getType());
  }

  @Override
  public boolean equals(Object obj) {
    return obj instanceof CompiledAvroSerializer<?> other && other.getType() == getType();
  }

  @Override
  public int hashCode() {
    return getType().hashCode();
  }
}
