package io.carteira.operators.ingest;

import io.carteira.schemas.CustomerEvent;
import java.io.IOException;
import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/**
 * Writes an {@link EncodedEvent} as its customer id and event id (Flink's string encoding, any
 * length), its event time and its Avro bytes with their length.
 *
 * <p>Events held in state for the watermark are in savepoints in this form, their Avro bytes
 * written with the {@code CustomerEvent} schema of the build that took the savepoint. The {@link
 * Snapshot} records that schema; a build with another one restores the held events through a
 * serializer that reads each with the schema it was written with and writes it with its own (Avro
 * schema resolution: a field added with a default gets the default), as Flink migrates state.
 */
public final class EncodedEventSerializer extends TypeSerializer<EncodedEvent> {

  private static final long serialVersionUID = 1L;

  /** The build's own: events written and read with its {@code CustomerEvent} schema. */
  public static final EncodedEventSerializer INSTANCE = new EncodedEventSerializer(null);

  /** The schema held events were written with, when not the build's own (a restore); else null. */
  private final String writtenWith;

  /** Reads the held events' bytes with {@link #writtenWith}; written again with the build's own. */
  private transient CustomerEventCodec migration;

  private EncodedEventSerializer(String writtenWith) {
    this.writtenWith = writtenWith;
  }

  @Override
  public boolean isImmutableType() {
    return true;
  }

  @Override
  public TypeSerializer<EncodedEvent> duplicate() {
    return writtenWith == null ? this : new EncodedEventSerializer(writtenWith);
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
    StringValue.writeString(event.customerId(), target);
    StringValue.writeString(event.eventId(), target);
    target.writeLong(event.eventTime());
    byte[] avro = event.avro();
    target.writeInt(avro.length);
    target.write(avro);
  }

  @Override
  public EncodedEvent deserialize(DataInputView source) throws IOException {
    String customerId = StringValue.readString(source);
    String eventId = StringValue.readString(source);
    long eventTime = source.readLong();
    byte[] avro = new byte[source.readInt()];
    source.readFully(avro);
    if (writtenWith != null) {
      if (migration == null) {
        migration = new CustomerEventCodec(new Schema.Parser().parse(writtenWith));
      }
      avro = migration.encode(migration.decode(avro)).avro();
    }
    return new EncodedEvent(customerId, eventId, eventTime, avro);
  }

  @Override
  public EncodedEvent deserialize(EncodedEvent reuse, DataInputView source) throws IOException {
    return deserialize(source);
  }

  @Override
  public void copy(DataInputView source, DataOutputView target) throws IOException {
    if (writtenWith != null) {
      serialize(deserialize(source), target);
      return;
    }
    StringValue.copyString(source, target);
    StringValue.copyString(source, target);
    target.writeLong(source.readLong());
    int length = source.readInt();
    target.writeInt(length);
    target.write(source, length);
  }

  @Override
  public boolean equals(Object obj) {
    return obj instanceof EncodedEventSerializer other
        && Objects.equals(writtenWith, other.writtenWith);
  }

  @Override
  public int hashCode() {
    return Objects.hashCode(writtenWith);
  }

  @Override
  public TypeSerializerSnapshot<EncodedEvent> snapshotConfiguration() {
    return new Snapshot(CustomerEvent.getClassSchema().toString());
  }

  /**
   * The serializer in a savepoint: version 1 of the layout above, and the {@code CustomerEvent}
   * schema the held events' Avro bytes were written with.
   */
  public static final class Snapshot implements TypeSerializerSnapshot<EncodedEvent> {

    private String writtenWith;

    /** For Flink, which reads the schema in with {@link #readSnapshot}. */
    public Snapshot() {}

    Snapshot(String writtenWith) {
      this.writtenWith = writtenWith;
    }

    @Override
    public int getCurrentVersion() {
      return 1;
    }

    @Override
    public void writeSnapshot(DataOutputView out) throws IOException {
      StringValue.writeString(writtenWith, out);
    }

    @Override
    public void readSnapshot(int readVersion, DataInputView in, ClassLoader userCodeClassLoader)
        throws IOException {
      if (readVersion != 1) {
        throw new IOException("unknown EncodedEventSerializer snapshot version " + readVersion);
      }
      writtenWith = StringValue.readString(in);
    }

    @Override
    public TypeSerializer<EncodedEvent> restoreSerializer() {
      return sameSchema(writtenWith) ? INSTANCE : new EncodedEventSerializer(writtenWith);
    }

    @Override
    public TypeSerializerSchemaCompatibility<EncodedEvent> resolveSchemaCompatibility(
        TypeSerializerSnapshot<EncodedEvent> oldSnapshot) {
      if (!(oldSnapshot instanceof Snapshot old)) {
        return TypeSerializerSchemaCompatibility.incompatible();
      }
      return sameSchema(old.writtenWith)
          ? TypeSerializerSchemaCompatibility.compatibleAsIs()
          : TypeSerializerSchemaCompatibility.compatibleAfterMigration();
    }

    private static boolean sameSchema(String schema) {
      return new Schema.Parser().parse(schema).equals(CustomerEvent.getClassSchema());
    }
  }
}
