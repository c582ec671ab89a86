package io.carteira.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.specific.SpecificRecordBase;
import org.junit.jupiter.api.Test;

class CompiledDatumWriterTest {

  @Test
  void writesAvrosBytesForEveryRecordOfTheContractsAndTheState() throws IOException {
    Random random = new Random(20261206L);
    int compared = 0;
    for (Class<? extends SpecificRecordBase> type : AvroModels.RECORDS) {
      SpecificData model = SpecificData.getForClass(type);
      Schema schema = model.getSchema(type);
      CompiledDatumWriter<Object> compiled = CompiledDatumWriter.of(castToObject(type));
      for (int i = 0; i < 300; i++) {
        Object record = new RandomRecords(model, random).record(schema, 0);
        byte[] expected = encode(new SpecificDatumWriter<Object>(schema, model), record);
        assertThat(encode(compiled, record))
            .as(type.getSimpleName() + " #" + i)
            .isEqualTo(expected);
        assertThat(decode(schema, model, expected)).isEqualTo(record);
        compared++;
      }
    }
    assertThat(compared).isEqualTo(300 * AvroModels.RECORDS.size());
  }

  @Test
  void writesAvrosBytesForTheSampleRecords() throws IOException {
    List<SpecificRecord> samples = new ArrayList<>(SampleRecords.bySubject().values());
    samples.add(SampleRecords.customerState());
    samples.add(SampleRecords.customerEvent());
    for (SpecificRecord sample : samples) {
      SpecificData model = SpecificData.getForClass(sample.getClass());
      byte[] expected =
          encode(new SpecificDatumWriter<Object>(sample.getSchema(), model), (Object) sample);
      assertThat(encode(CompiledDatumWriter.of(castToObject(sample.getClass())), (Object) sample))
          .as(sample.getSchema().getName())
          .isEqualTo(expected);
    }
  }

  @Test
  void aFieldFilterLeavesOutTheFieldsItRefuses() throws IOException {
    CustomerHealth health = SampleRecords.customerHealth();
    CompiledDatumWriter<CustomerHealth> withoutName =
        CompiledDatumWriter.of(
            CustomerHealth.class, (field, value) -> !field.name().equals("as_of"));
    byte[] all = encode(CompiledDatumWriter.of(CustomerHealth.class), health);
    byte[] filtered = encode(withoutName, health);

    // as_of is a timestamp-millis long: its varint is missing, nothing else
    ByteArrayOutputStream asOf = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(asOf, null);
    encoder.writeLong(health.getAsOf().toEpochMilli());
    encoder.flush();
    assertThat(filtered.length).isEqualTo(all.length - asOf.size());
  }

  @SuppressWarnings("unchecked")
  private static Class<Object> castToObject(Class<?> type) {
    return (Class<Object>) type;
  }

  private static <T> byte[] encode(DatumWriter<T> writer, T record) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    writer.write(record, encoder);
    encoder.flush();
    return out.toByteArray();
  }

  private static Object decode(Schema schema, SpecificData model, byte[] bytes) throws IOException {
    return new SpecificDatumReader<>(schema, schema, model)
        .read(null, DecoderFactory.get().binaryDecoder(bytes, null));
  }

  /** Records filled at random from their schema: nulls, empty and long collections, non-ASCII. */
  private record RandomRecords(SpecificData model, Random random) {

    private static final String[] TEXT = {"", "a", "ação", "customer-42", "日本", "x".repeat(200)};

    Object record(Schema schema, int depth) {
      SpecificRecord record = (SpecificRecord) model.newRecord(null, schema);
      for (Schema.Field field : schema.getFields()) {
        record.put(field.pos(), value(field.schema(), depth + 1));
      }
      return record;
    }

    private Object value(Schema schema, int depth) {
      if (schema.getLogicalType() instanceof LogicalTypes.TimestampMillis) {
        return Instant.ofEpochMilli(random.nextLong() % 4_000_000_000_000L);
      }
      if (schema.getLogicalType() instanceof LogicalTypes.Date) {
        return LocalDate.ofEpochDay(random.nextInt(40_000) - 10_000);
      }
      switch (schema.getType()) {
        case RECORD:
          return record(schema, depth);
        case UNION:
          List<Schema> branches = schema.getTypes();
          boolean pickNull = depth > 5 || random.nextInt(3) == 0;
          for (Schema branch : branches) {
            if ((branch.getType() == Schema.Type.NULL) == pickNull) {
              return value(branch, depth);
            }
          }
          return value(branches.get(0), depth);
        case ARRAY:
          List<Object> items = new ArrayList<>();
          for (int i = depth > 5 ? 0 : random.nextInt(4); i > 0; i--) {
            items.add(value(schema.getElementType(), depth + 1));
          }
          return items;
        case MAP:
          Map<String, Object> entries = new LinkedHashMap<>();
          for (int i = depth > 5 ? 0 : random.nextInt(4); i > 0; i--) {
            entries.put("k" + random.nextInt(1000), value(schema.getValueType(), depth + 1));
          }
          return entries;
        case ENUM:
          List<String> symbols = schema.getEnumSymbols();
          return model.createEnum(symbols.get(random.nextInt(symbols.size())), schema);
        case STRING:
          return TEXT[random.nextInt(TEXT.length)];
        case BYTES:
          byte[] bytes = new byte[random.nextInt(5)];
          random.nextBytes(bytes);
          return ByteBuffer.wrap(bytes);
        case INT:
          return random.nextBoolean() ? random.nextInt() : random.nextInt(100) - 50;
        case LONG:
          return random.nextBoolean() ? random.nextLong() : (long) random.nextInt(100) - 50;
        case FLOAT:
          return random.nextFloat() * 1000 - 500;
        case DOUBLE:
          return random.nextDouble() * 1e6 - 5e5;
        case BOOLEAN:
          return random.nextBoolean();
        case NULL:
          return null;
        default:
          throw new IllegalArgumentException("no random " + schema.getType());
      }
    }
  }
}
