package io.carteira.operators.ingest;

import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/** Flink's type information for {@link EncodedEvent}: {@link EncodedEventSerializer}. */
public final class EncodedEventTypeInfo extends TypeInformation<EncodedEvent> {

  public static final EncodedEventTypeInfo INSTANCE = new EncodedEventTypeInfo();

  private static final long serialVersionUID = 1L;

  @Override
  public boolean isBasicType() {
    return false;
  }

  @Override
  public boolean isTupleType() {
    return false;
  }

  @Override
  public int getArity() {
    return 1;
  }

  @Override
  public int getTotalFields() {
    return 1;
  }

  @Override
  public Class<EncodedEvent> getTypeClass() {
    return EncodedEvent.class;
  }

  @Override
  public boolean isKeyType() {
    return false;
  }

  @Override
  public TypeSerializer<EncodedEvent> createSerializer(SerializerConfig config) {
    return EncodedEventSerializer.INSTANCE;
  }

  @Override
  public String toString() {
    return "EncodedEvent";
  }

  @Override
  public boolean equals(Object obj) {
    return obj instanceof EncodedEventTypeInfo;
  }

  @Override
  public int hashCode() {
    return EncodedEventTypeInfo.class.hashCode();
  }

  @Override
  public boolean canEqual(Object obj) {
    return obj instanceof EncodedEventTypeInfo;
  }
}
