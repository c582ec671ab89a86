package io.carteira.operators.avro;

import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;

/**
 * The type of a generated Avro record in state or on the wire between operators, serialized by a
 * {@link CompiledAvroSerializer}: Flink's Avro format, written faster.
 *
 * @param <T> a generated Avro record
 */
public final class CompiledAvroTypeInfo<T extends SpecificRecordBase> extends AvroTypeInfo<T> {

  private static final long serialVersionUID = 1L;

  public CompiledAvroTypeInfo(Class<T> type) {
    super(type);
  }

  /** A value state of a generated Avro record, serialized by a {@link CompiledAvroSerializer}. */
  public static <T extends SpecificRecordBase> ValueStateDescriptor<T> value(
      String name, Class<T> type) {
    return new ValueStateDescriptor<>(name, new CompiledAvroTypeInfo<>(type));
  }

  @Override
  public TypeSerializer<T> createSerializer(SerializerConfig config) {
    return new CompiledAvroSerializer<>(getTypeClass());
  }
}
