package io.carteira.operators.customer;

import static io.carteira.operators.support.Events.at;
import static io.carteira.operators.support.Events.day;
import static org.assertj.core.api.Assertions.assertThat;

import io.carteira.operators.avro.CompiledAvroSerializer;
import io.carteira.operators.support.Events;
import io.carteira.schemas.CustomerActivity;
import io.carteira.schemas.CustomerEvent;
import io.carteira.schemas.CustomerState;
import java.io.IOException;
import java.util.List;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.formats.avro.typeutils.AvroSerializer;
import org.junit.jupiter.api.Test;

/**
 * The customer's state written by {@link CompiledAvroSerializer}: the bytes Flink's own {@link
 * AvroSerializer} writes, read back by either, and a serializer snapshot either accepts as is, so
 * savepoints move between builds with and without it.
 */
class CompiledAvroStateTest {

  @Test
  void aCustomersStateIsWrittenWithFlinksOwnBytesAndReadBackByEither() throws IOException {
    CustomerState state = aCustomerWithHistory();
    AvroSerializer<CustomerState> flinks = new AvroSerializer<>(CustomerState.class);
    CompiledAvroSerializer<CustomerState> compiled =
        new CompiledAvroSerializer<>(CustomerState.class);

    byte[] written = serialize(compiled, state);

    assertThat(written).isEqualTo(serialize(flinks, state));
    assertThat(flinks.deserialize(new DataInputDeserializer(written))).isEqualTo(state);
    assertThat(compiled.deserialize(new DataInputDeserializer(written))).isEqualTo(state);
    TypeSerializer<CustomerState> duplicate = compiled.duplicate();
    assertThat(duplicate).isInstanceOf(CompiledAvroSerializer.class).isEqualTo(compiled);
    assertThat(serialize(duplicate, state)).isEqualTo(written);
  }

  @Test
  void aSavepointOfEitherSerializerRestoresUnderTheOtherAsIs() {
    AvroSerializer<CustomerState> flinks = new AvroSerializer<>(CustomerState.class);
    CompiledAvroSerializer<CustomerState> compiled =
        new CompiledAvroSerializer<>(CustomerState.class);

    assertThat(compatibility(compiled, flinks.snapshotConfiguration()).isCompatibleAsIs()).isTrue();
    assertThat(compatibility(flinks, compiled.snapshotConfiguration()).isCompatibleAsIs()).isTrue();
  }

  private static <T> TypeSerializerSchemaCompatibility<T> compatibility(
      TypeSerializer<T> restoring, TypeSerializerSnapshot<T> writtenUnder) {
    return restoring.snapshotConfiguration().resolveSchemaCompatibility(writtenUnder);
  }

  private static byte[] serialize(TypeSerializer<CustomerState> serializer, CustomerState state)
      throws IOException {
    DataOutputSerializer out = new DataOutputSerializer(256);
    serializer.serialize(state, out);
    return out.getCopyOfBuffer();
  }

  /** Started, invoiced, a failed and a paid invoice, logins: nested records, lists, nulls. */
  private static CustomerState aCustomerWithHistory() {
    List<CustomerEvent> history =
        List.of(
            Events.started(at(0, 9), "pro", 19_900),
            Events.invoice(at(1, 9), "inv-1", 19_900, day(10)),
            Events.failed(at(10, 9), "inv-1", "card_declined"),
            Events.paid(at(12, 9), "inv-1", 19_900),
            Events.invoice(at(31, 9), "inv-2", 19_900, day(40)),
            Events.login(at(32, 10)),
            Events.login(at(33, 11)));
    CustomerStateFold fold = new CustomerStateFold(Events.ZONE);
    CustomerState state = CustomerStateFold.newCustomer(history.get(0));
    CustomerActivity activity = CustomerStateFold.newActivity();
    for (CustomerEvent event : history) {
      fold.apply(state, activity, event);
    }
    assertThat(state.getOpenInvoices()).isNotEmpty();
    return state;
  }
}
