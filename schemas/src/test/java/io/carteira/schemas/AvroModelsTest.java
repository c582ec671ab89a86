package io.carteira.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

class AvroModelsTest {

  @Test
  void everyTopLevelRecordIsSwitched() throws IOException {
    List<String> declared = new ArrayList<>();
    try (Stream<Path> files = Files.list(Path.of("src/main/avro"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".avsc")).toList()) {
        JsonNode schema = new ObjectMapper().readTree(file.toFile());
        declared.add(schema.get("namespace").asText() + "." + schema.get("name").asText());
      }
    }
    assertThat(AvroModels.RECORDS.stream().map(Class::getName))
        .containsExactlyInAnyOrderElementsOf(declared);

    AvroModels.enableFastReading();

    for (Class<?> record : AvroModels.RECORDS) {
      assertThat(SpecificData.getForClass(record).isFastReaderEnabled())
          .as(record.getName())
          .isTrue();
    }
  }

  @Test
  void theFastReaderReadsWhatTheDefaultReaderReads() throws IOException {
    List<SpecificRecord> samples = new ArrayList<>(SampleRecords.bySubject().values());
    samples.add(SampleRecords.customerState());
    samples.add(SampleRecords.customerEvent());
    for (SpecificRecord sample : samples) {
      byte[] bytes = encode(sample);
      SpecificData model = SpecificData.getForClass(sample.getClass());

      model.setFastReaderEnabled(false);
      Object byDefault = decode(sample, bytes, model);
      model.setFastReaderEnabled(true);
      Object byFastReader = decode(sample, bytes, model);

      assertThat(model.isFastReaderEnabled()).isTrue();
      assertThat(byFastReader)
          .as(sample.getSchema().getName())
          .isEqualTo(byDefault)
          .isEqualTo(sample);
    }
  }

  private static byte[] encode(SpecificRecord record) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    new SpecificDatumWriter<SpecificRecord>(record.getSchema()).write(record, encoder);
    encoder.flush();
    return out.toByteArray();
  }

  private static Object decode(SpecificRecord sample, byte[] bytes, SpecificData model)
      throws IOException {
    Schema schema = sample.getSchema();
    return new SpecificDatumReader<>(schema, schema, model)
        .read(null, DecoderFactory.get().binaryDecoder(bytes, null));
  }
}
