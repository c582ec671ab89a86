package io.carteira.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDate;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;

/**
 * The {@code unpaid_invoices} field of {@link CustomerHealth} was added last, with a default, to
 * the schema as released before it (kept under {@code released/}): readers of either schema read
 * records of the other; a snapshot written before the field reads with no invoices listed, and one
 * written after reads under the released schema without them.
 */
class CustomerHealthSchemaTest {

  @Test
  void theSchemaStaysCompatibleBothWaysWithTheOneReleasedBeforeIt() throws IOException {
    Schema released = released();
    Schema current = CustomerHealth.getClassSchema();
    assertThat(SchemaCompatibility.checkReaderWriterCompatibility(current, released).getType())
        .isEqualTo(SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE);
    assertThat(SchemaCompatibility.checkReaderWriterCompatibility(released, current).getType())
        .isEqualTo(SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE);
    Schema.Field invoices = current.getField("unpaid_invoices");
    assertThat(invoices.pos()).as("the last field").isEqualTo(current.getFields().size() - 1);
    assertThat(invoices.defaultVal()).isEqualTo(List.of());
  }

  @Test
  void aSnapshotWrittenBeforeTheFieldReadsWithNoInvoicesListed() throws IOException {
    CustomerHealth snapshot = SampleRecords.customerHealth();
    snapshot.setUnpaidInvoices(List.of());
    byte[] bytes = write(snapshot); // the same bytes as under the released schema: no field
    CustomerHealth read =
        new SpecificDatumReader<CustomerHealth>(released(), CustomerHealth.getClassSchema())
            .read(null, DecoderFactory.get().binaryDecoder(dropLastByte(bytes), null));
    assertThat(read.getUnpaidInvoices()).isEmpty();
    assertThat(read.getCustomerId()).isEqualTo(snapshot.getCustomerId());
    assertThat(read.getOpenInvoices()).isEqualTo(snapshot.getOpenInvoices());
  }

  @Test
  void aSnapshotListingInvoicesReadsUnderTheReleasedSchemaWithoutThem() throws IOException {
    CustomerHealth snapshot = SampleRecords.customerHealth();
    snapshot.setUnpaidInvoices(
        List.of(
            InvoiceStanding.newBuilder()
                .setInvoiceId("inv-1")
                .setAmountMinor(29_900)
                .setDueDate(LocalDate.of(2026, 3, 10))
                .setDaysPastDue(5)
                .setFailedAttempts(2)
                .build()));
    GenericRecord read =
        new GenericDatumReader<GenericRecord>(CustomerHealth.getClassSchema(), released())
            .read(null, DecoderFactory.get().binaryDecoder(write(snapshot), null));
    assertThat(read.hasField("unpaid_invoices")).isFalse();
    assertThat(read.get("customer_id").toString()).isEqualTo(snapshot.getCustomerId());
  }

  private static byte[] write(CustomerHealth snapshot) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
    new SpecificDatumWriter<>(CustomerHealth.class).write(snapshot, encoder);
    encoder.flush();
    return bytes.toByteArray();
  }

  /** An empty array, the last field, is one zero byte: without it, the record as released. */
  private static byte[] dropLastByte(byte[] bytes) {
    assertThat(bytes[bytes.length - 1]).isZero();
    return java.util.Arrays.copyOf(bytes, bytes.length - 1);
  }

  private static Schema released() throws IOException {
    try (InputStream in =
        CustomerHealthSchemaTest.class.getResourceAsStream(
            "/released/CustomerHealth-before-unpaid-invoices.avsc")) {
      return new Schema.Parser().parse(in);
    }
  }
}
