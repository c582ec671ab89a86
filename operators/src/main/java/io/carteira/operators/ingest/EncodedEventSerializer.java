package io.carteira.operators.ingest;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Writes an {@link EncodedEvent} as its customer id and event id (modified UTF-8), its event time
 * and its Avro bytes with their length. The layout is versioned by {@link Snapshot}: events held in
 * state for the watermark are in savepoints in this form.
 */
public final class EncodedEventSerializer extends TypeSerializerSingleton<EncodedEvent> {

  public static final EncodedEventSerializer INSTANCE = new EncodedEventSerializer();

  private static final long serialVersionUID = 1L;

  @Override
  public boolean isImmutableType() {
    return true;
  }

  @Override
  public EncodedEvent createInstance() {
    return null;
  }

  @Override
  public EncodedEvent copy(EncodedEvent from) {
    return from;
  }

  @Override
  public EncodedEvent copy(EncodedEvent from, EncodedEvent reuse) {
    return from;
  }

  @Override
  public int getLength() {
    return -1;
  }

  @Override
  public void serialize(EncodedEvent event, DataOutputView target) throws IOException {
    target.writeUTF(event.customerId());
    target.writeUTF(event.eventId());
    target.writeLong(event.eventTime());
    byte[] avro = event.avro();
    target.writeInt(avro.length);
    target.write(avro);
  }

  @Override
  public EncodedEvent deserialize(DataInputView source) throws IOException {
    String customerId = source.readUTF();
    String eventId = source.readUTF();
    long eventTime = source.readLong();
    byte[] avro = new byte[source.readInt()];
    source.readFully(avro);
    return new EncodedEvent(customerId, eventId, eventTime, avro);
  }

  @Override
  public EncodedEvent deserialize(EncodedEvent reuse, DataInputView source) throws IOException {
    return deserialize(source);
  }

  @Override
  public void copy(DataInputView source, DataOutputView target) throws IOException {
    target.writeUTF(source.readUTF());
    target.writeUTF(source.readUTF());
    target.writeLong(source.readLong());
    int length = source.readInt();
    target.writeInt(length);
    target.write(source, length);
  }

  @Override
  public TypeSerializerSnapshot<EncodedEvent> snapshotConfiguration() {
    return new Snapshot();
  }

  /** The serializer's snapshot in savepoints; version 1 is the layout above. */
  public static final class Snapshot extends SimpleTypeSerializerSnapshot<EncodedEvent> {
    public Snapshot() {
      super(() -> INSTANCE);
    }
  }
}
