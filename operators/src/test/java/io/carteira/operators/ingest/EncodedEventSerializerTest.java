package io.carteira.operators.ingest;

import static io.carteira.operators.support.Events.at;
import static io.carteira.operators.support.Events.failed;
import static io.carteira.operators.support.Events.login;
import static io.carteira.operators.support.Events.started;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.carteira.schemas.CustomerEvent;
import java.io.ByteArrayOutputStream;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.types.StringValue;
import org.junit.jupiter.api.Test;

/** Events as they cross the shuffle and wait in state: encoded once, decoded once, unchanged. */
class EncodedEventSerializerTest {

  private final CustomerEventCodec codec = new CustomerEventCodec();
  private final EncodedEventSerializer serializer = EncodedEventSerializer.INSTANCE;

  @Test
  void anEventComesBackAsItWasSent_throughTheCodecAndTheSerializer() throws Exception {
    for (CustomerEvent event :
        new CustomerEvent[] {
          started(at(0, 9), "profissional", 29_900),
          failed(at(3, 10), "inv-ç-1", "insufficient_funds"),
          login(at(4, 8))
        }) {
      EncodedEvent encoded = codec.encode(event);
      DataOutputSerializer out = new DataOutputSerializer(64);
      serializer.serialize(encoded, out);

      EncodedEvent read = serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));

      assertThat(read).isEqualTo(encoded);
      assertThat(read.customerId()).isEqualTo(event.getCustomerId());
      assertThat(read.eventId()).isEqualTo(event.getEventId());
      assertThat(read.eventTime()).isEqualTo(event.getEventTime().toEpochMilli());
      assertThat(codec.decode(read)).isEqualTo(event);
    }
  }

  @Test
  void copyingTheBytesGivesWhatSerialisingGives() throws Exception {
    EncodedEvent encoded = codec.encode(failed(at(3, 10), "inv-1", "do_not_honor"));
    DataOutputSerializer once = new DataOutputSerializer(64);
    serializer.serialize(encoded, once);
    // room enough up front: DataOutputSerializer grows for writes of its own, not for a copy
    DataOutputSerializer copied = new DataOutputSerializer(1024);

    serializer.copy(new DataInputDeserializer(once.getCopyOfBuffer()), copied);

    assertThat(copied.getCopyOfBuffer()).isEqualTo(once.getCopyOfBuffer());
  }

  @Test
  void itsSnapshotRestoresTheSameSerializer_asASavepointNeeds() throws Exception {
    TypeSerializerSnapshot<EncodedEvent> snapshot = serializer.snapshotConfiguration();
    DataOutputSerializer out = new DataOutputSerializer(64);
    snapshot.writeSnapshot(out);
    TypeSerializerSnapshot<EncodedEvent> read = new EncodedEventSerializer.Snapshot();
    read.readSnapshot(
        snapshot.getCurrentVersion(),
        new DataInputDeserializer(out.getCopyOfBuffer()),
        getClass().getClassLoader());

    assertThat(read.restoreSerializer()).isSameAs(serializer);
    TypeSerializerSchemaCompatibility<EncodedEvent> compatibility =
        serializer.snapshotConfiguration().resolveSchemaCompatibility(read);
    assertThat(compatibility.isCompatibleAsIs()).isTrue();
  }

  @Test
  void eventsHeldByABuildWithAnEarlierSchema_areReadWithItAndMigrated() throws Exception {
    // an earlier CustomerEvent schema: without the last field, which has a default
    ObjectNode json =
        (ObjectNode) new ObjectMapper().readTree(CustomerEvent.getClassSchema().toString());
    ArrayNode fields = (ArrayNode) json.get("fields");
    assertThat(fields.get(fields.size() - 1).get("name").asText()).isEqualTo("subscription");
    fields.remove(fields.size() - 1);
    Schema earlier = new Schema.Parser().parse(json.toString());
    CustomerEvent event = failed(at(3, 10), "inv-1", "insufficient_funds");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
    new GenericDatumWriter<Object>(earlier, SpecificData.getForClass(CustomerEvent.class))
        .write(event, encoder);
    encoder.flush();
    EncodedEvent heldBefore =
        new EncodedEvent(
            event.getCustomerId(),
            event.getEventId(),
            event.getEventTime().toEpochMilli(),
            bytes.toByteArray());
    DataOutputSerializer savepoint = new DataOutputSerializer(256);
    serializer.serialize(heldBefore, savepoint);
    DataOutputSerializer snapshotBytes = new DataOutputSerializer(4096);
    StringValue.writeString(earlier.toString(), snapshotBytes);
    TypeSerializerSnapshot<EncodedEvent> before = new EncodedEventSerializer.Snapshot();
    before.readSnapshot(
        1, new DataInputDeserializer(snapshotBytes.getCopyOfBuffer()), getClass().getClassLoader());

    assertThat(
            serializer
                .snapshotConfiguration()
                .resolveSchemaCompatibility(before)
                .isCompatibleAfterMigration())
        .isTrue();
    EncodedEvent restored =
        before
            .restoreSerializer()
            .deserialize(new DataInputDeserializer(savepoint.getCopyOfBuffer()));
    assertThat(codec.decode(restored)).isEqualTo(event);
  }
}
