package io.carteira.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;

/**
 * The {@code provisional} field of {@link PortfolioMetric} was added last, with a default, to the
 * schema as released before it (kept under {@code released/}): readers of either schema read
 * records of the other, and a record written without the field reads as final.
 */
class PortfolioMetricSchemaTest {

  private static final Instant DAY = Instant.parse("2026-03-03T03:00:00Z");

  @Test
  void theSchemaStaysCompatibleBothWaysWithTheOneReleasedBeforeIt() throws IOException {
    Schema released = released();
    Schema current = PortfolioMetric.getClassSchema();

    assertThat(
            SchemaCompatibility.checkReaderWriterCompatibility(current, released)
                .getType()) // a new reader, an old record
        .isEqualTo(SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE);
    assertThat(
            SchemaCompatibility.checkReaderWriterCompatibility(released, current)
                .getType()) // an old reader, a new record
        .isEqualTo(SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE);
    Schema.Field provisional = current.getField("provisional");
    assertThat(provisional.pos()).as("the last field").isEqualTo(current.getFields().size() - 1);
    assertThat(provisional.defaultVal()).isEqualTo(false);
  }

  @Test
  void aRecordWrittenBeforeTheFieldReadsAsFinal() throws IOException {
    Schema released = released();
    GenericRecord old = new GenericData.Record(released);
    old.put("metric", "mrr");
    old.put(
        "window_kind",
        new GenericData.EnumSymbol(released.getField("window_kind").schema(), "DAY"));
    old.put("window_start", DAY.minusSeconds(86_400).toEpochMilli());
    old.put("window_end", DAY.toEpochMilli());
    old.put("dimensions", Map.of());
    old.put("value", null);
    old.put("value_minor", 49_900L);
    old.put("currency", "BRL");
    old.put("definition_version", 3);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
    new GenericDatumWriter<GenericRecord>(released).write(old, encoder);
    encoder.flush();

    PortfolioMetric read =
        new SpecificDatumReader<PortfolioMetric>(released, PortfolioMetric.getClassSchema())
            .read(null, DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));

    assertThat(read.getProvisional()).isFalse();
    assertThat(read.getValueMinor()).isEqualTo(49_900L);
  }

  @Test
  void aProvisionalRecordReadsUnderTheReleasedSchemaWithoutTheField() throws IOException {
    PortfolioMetric provisional =
        PortfolioMetric.newBuilder(SampleRecords.portfolioMetric())
            .setWindowKind(MetricWindow.DAY)
            .setProvisional(true)
            .build();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
    new SpecificDatumWriter<>(PortfolioMetric.class).write(provisional, encoder);
    encoder.flush();

    GenericRecord read =
        new GenericDatumReader<GenericRecord>(PortfolioMetric.getClassSchema(), released())
            .read(null, DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));

    assertThat(read.hasField("provisional")).isFalse();
    assertThat(read.get("value")).isEqualTo(1.04);
  }

  private static Schema released() throws IOException {
    try (InputStream in =
        PortfolioMetricSchemaTest.class.getResourceAsStream(
            "/released/PortfolioMetric-before-provisional.avsc")) {
      return new Schema.Parser().parse(in);
    }
  }
}
