package io.carteira.embedded.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.carteira.schemas.SampleRecords;
import io.carteira.schemas.registry.HttpSchemaRegistryClient;
import io.carteira.schemas.wire.AvroWireDecoder;
import io.carteira.schemas.wire.AvroWireEncoder;
import io.carteira.schemas.wire.DecodeResult;
import io.carteira.schemas.wire.WireFormat;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every contract survives encode → wire bytes → decode through a registry over HTTP. */
class WireFormatRoundTripTest {

  private static LocalSchemaRegistry registryServer;
  private static HttpSchemaRegistryClient registry;

  @BeforeAll
  static void startRegistry() throws Exception {
    registryServer = LocalSchemaRegistry.start(0);
    registry = new HttpSchemaRegistryClient(registryServer.url());
  }

  @AfterAll
  static void stopRegistry() {
    registryServer.close();
  }

  static Stream<Arguments> contracts() {
    return SampleRecords.bySubject().entrySet().stream()
        .map(e -> Arguments.of(e.getKey(), e.getValue()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("contracts")
  @SuppressWarnings({"unchecked", "rawtypes"})
  void recordSurvivesTheWireFormat(String subject, SpecificRecord record) {
    AvroWireEncoder encoder = new AvroWireEncoder(record.getClass(), subject, registry, true);
    AvroWireDecoder decoder = new AvroWireDecoder(record.getClass(), registry);

    byte[] bytes = encoder.encode(record);
    DecodeResult<?> result = decoder.decode(bytes);

    assertThat(bytes[0]).isEqualTo(WireFormat.MAGIC_BYTE);
    assertThat(WireFormat.schemaId(bytes))
        .isEqualTo(registry.lookup(subject, record.getSchema()).orElseThrow().id());
    assertThat(result.isDecoded()).as(result.toString()).isTrue();
    assertThat(result.record()).isEqualTo(record);
    assertThat(result.schemaId()).isEqualTo(WireFormat.schemaId(bytes));
  }
}
