package io.carteira.embedded.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.carteira.schemas.DeadLetterKind;
import io.carteira.schemas.PaymentEvent;
import io.carteira.schemas.SampleRecords;
import io.carteira.schemas.UsageEvent;
import io.carteira.schemas.registry.HttpSchemaRegistryClient;
import io.carteira.schemas.registry.SchemaRegistryException;
import io.carteira.schemas.wire.AvroWireDecoder;
import io.carteira.schemas.wire.AvroWireEncoder;
import io.carteira.schemas.wire.DecodeResult;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every kind of bad input decodes to a failure naming its dead-letter kind; none throws. */
class AvroWireDecoderFailureTest {

  private LocalSchemaRegistry registryServer;
  private HttpSchemaRegistryClient registry;
  private AvroWireDecoder<PaymentEvent> payments;
  private byte[] validPayment;

  @BeforeEach
  void setUp() throws Exception {
    registryServer = LocalSchemaRegistry.start(0);
    registry = new HttpSchemaRegistryClient(registryServer.url());
    payments = new AvroWireDecoder<>(PaymentEvent.class, registry);
    validPayment =
        new AvroWireEncoder<>(PaymentEvent.class, "payments-value", registry, true)
            .encode(SampleRecords.payment());
  }

  @AfterEach
  void tearDown() {
    registryServer.close();
  }

  @Test
  void nullValue() {
    assertThat(payments.decode(null).failureKind()).isEqualTo(DeadLetterKind.NULL_VALUE);
  }

  @Test
  void emptyAndShortValuesAreTruncated() {
    assertThat(payments.decode(new byte[0]).failureKind()).isEqualTo(DeadLetterKind.TRUNCATED);
    assertThat(payments.decode(new byte[] {0, 0, 0}).failureKind())
        .isEqualTo(DeadLetterKind.TRUNCATED);
  }

  @Test
  void badMagicByte() {
    byte[] bytes = validPayment.clone();
    bytes[0] = 1;
    DecodeResult<PaymentEvent> result = payments.decode(bytes);
    assertThat(result.failureKind()).isEqualTo(DeadLetterKind.BAD_MAGIC_BYTE);
    assertThat(result.failureMessage()).contains("0x01");
    assertThat(payments.decode("{\"json\":true}".getBytes()).failureKind())
        .isEqualTo(DeadLetterKind.BAD_MAGIC_BYTE);
  }

  @Test
  void unknownSchemaId() {
    byte[] bytes = validPayment.clone();
    ByteBuffer.wrap(bytes).putInt(1, 9_999);
    DecodeResult<PaymentEvent> result = payments.decode(bytes);
    assertThat(result.failureKind()).isEqualTo(DeadLetterKind.UNKNOWN_SCHEMA_ID);
    assertThat(result.schemaId()).isEqualTo(9_999);
  }

  @Test
  void recordOfAnotherSubjectIsTheWrongSchema() {
    byte[] usage =
        new AvroWireEncoder<>(UsageEvent.class, "usage-value", registry, true)
            .encode(SampleRecords.usage());
    DecodeResult<PaymentEvent> result = payments.decode(usage);
    assertThat(result.failureKind()).isEqualTo(DeadLetterKind.WRONG_SCHEMA);
    assertThat(result.failureMessage()).contains("io.carteira.schemas.UsageEvent");
  }

  @Test
  void corruptBody() {
    byte[] truncatedBody = Arrays.copyOf(validPayment, validPayment.length - 6);
    assertThat(payments.decode(truncatedBody).failureKind()).isEqualTo(DeadLetterKind.AVRO_DECODE);

    byte[] trailing = Arrays.copyOf(validPayment, validPayment.length + 3);
    assertThat(payments.decode(trailing).failureKind()).isEqualTo(DeadLetterKind.AVRO_DECODE);

    byte[] garbage = validPayment.clone();
    Arrays.fill(garbage, 5, garbage.length, (byte) 0xff);
    assertThat(payments.decode(garbage).failureKind()).isEqualTo(DeadLetterKind.AVRO_DECODE);
  }

  @Test
  void writerSchemaThatCannotBeReadIsIncompatible() throws Exception {
    // same record name, but event_id became an int: no resolution to a string exists
    Schema writer =
        SchemaBuilder.record("PaymentEvent")
            .namespace("io.carteira.schemas")
            .fields()
            .requiredInt("event_id")
            .requiredString("customer_id")
            .requiredLong("event_time")
            .endRecord();
    registry.setCompatibility("payments-alt-value", "NONE");
    int id = registry.register("payments-alt-value", writer);
    GenericRecord record = new GenericData.Record(writer);
    record.put("event_id", 1);
    record.put("customer_id", "c-1");
    record.put("event_time", 0L);
    DecodeResult<PaymentEvent> result = payments.decode(wire(id, writer, record));
    assertThat(result.failureKind()).isEqualTo(DeadLetterKind.SCHEMA_INCOMPATIBLE);
    assertThat(result.failureMessage()).contains("event_id");
  }

  @Test
  void unknownEnumSymbolWithoutDefaultIsNamed_withDefaultFallsBack() throws Exception {
    Schema reader = PaymentEvent.getClassSchema();
    String widened =
        reader
            .toString()
            .replace(
                "\"PAYMENT_METHOD_UPDATED\"]",
                "\"PAYMENT_METHOD_UPDATED\",\"INSTALLMENT_PLAN_AGREED\"]")
            .replace("\"DEBIT\",\"OTHER\"]", "\"DEBIT\",\"OTHER\",\"CRYPTO\"]");
    Schema writer = new Schema.Parser().parse(widened);
    int id = registry.register("payments-value", writer);

    GenericRecord newType = sample(writer);
    newType.put(
        "event_type",
        new GenericData.EnumSymbol(
            writer.getField("event_type").schema(), "INSTALLMENT_PLAN_AGREED"));
    DecodeResult<PaymentEvent> unknownType = payments.decode(wire(id, writer, newType));
    assertThat(unknownType.failureKind()).isEqualTo(DeadLetterKind.UNKNOWN_SYMBOL);
    assertThat(unknownType.failureMessage()).contains("INSTALLMENT_PLAN_AGREED");

    GenericRecord newMethod = sample(writer);
    Schema methodSchema = writer.getField("method").schema().getTypes().get(1);
    newMethod.put("method", new GenericData.EnumSymbol(methodSchema, "CRYPTO"));
    DecodeResult<PaymentEvent> unknownMethod = payments.decode(wire(id, writer, newMethod));
    assertThat(unknownMethod.isDecoded()).as(unknownMethod.toString()).isTrue();
    assertThat(unknownMethod.record().getMethod().name()).isEqualTo("OTHER");
  }

  @Test
  void unreachableRegistryIsTransientNotADeadLetter() {
    HttpSchemaRegistryClient down =
        new HttpSchemaRegistryClient("http://127.0.0.1:1", 2, Duration.ofMillis(10));
    AvroWireDecoder<PaymentEvent> decoder = new AvroWireDecoder<>(PaymentEvent.class, down);
    assertThatThrownBy(() -> decoder.decode(validPayment))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class, e -> assertThat(e.isTransient()).isTrue());
  }

  private static GenericRecord sample(Schema writer) {
    GenericRecord record = new GenericData.Record(writer);
    record.put("event_id", "pay-x");
    record.put("customer_id", "c-1");
    record.put("event_time", 0L);
    record.put(
        "event_type",
        new GenericData.EnumSymbol(writer.getField("event_type").schema(), "PAYMENT_FAILED"));
    record.put("currency", "BRL");
    return record;
  }

  private static byte[] wire(int id, Schema writer, GenericRecord record) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(new byte[] {0, (byte) (id >>> 24), (byte) (id >>> 16), (byte) (id >>> 8), (byte) id});
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    new GenericDatumWriter<GenericRecord>(writer).write(record, encoder);
    encoder.flush();
    return out.toByteArray();
  }
}
