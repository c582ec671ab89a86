package io.carteira.jobs.serde;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.carteira.embedded.registry.LocalSchemaRegistry;
import io.carteira.embedded.serde.AvroWireKafkaSerializer;
import io.carteira.schemas.CustomerHealth;
import io.carteira.schemas.SampleRecords;
import io.carteira.schemas.registry.HttpSchemaRegistryClient;
import io.carteira.schemas.wire.GenericWireDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/**
 * A third-party Confluent client, @kafkajs/confluent-schema-registry on Node.js, against Carteira's
 * local registry: it registers and fetches its own schema, decodes what Carteira wrote, and
 * Carteira decodes what it wrote. `mvn verify` installs it with npm first.
 */
class ThirdPartyClientIT {

  private static final Path PROBE = Path.of("src/test/node/probe.mjs");

  @Test
  void kafkajsSchemaRegistryInteroperatesWithCarteira() throws Exception {
    assertThat(PROBE.resolveSibling("node_modules/@kafkajs/confluent-schema-registry"))
        .as("npm install in src/test/node (mvn verify runs it)")
        .exists();
    try (LocalSchemaRegistry server = LocalSchemaRegistry.start(0)) {
      HttpSchemaRegistryClient registry = new HttpSchemaRegistryClient(server.url());
      CustomerHealth health = SampleRecords.customerHealth();
      byte[] written;
      try (AvroWireKafkaSerializer<SpecificRecord> serializer = new AvroWireKafkaSerializer<>()) {
        serializer.configure(Map.of(AvroWireKafkaSerializer.REGISTRY_URL, server.url()), false);
        written = serializer.serialize("customer-health", health);
      }

      JsonNode answer =
          runProbe(server.url(), HexFormat.of().formatHex(written), "customer-health-value");

      JsonNode decoded = answer.get("decoded");
      assertThat(decoded.get("customer_id").asText()).isEqualTo(health.getCustomerId());
      assertThat(decoded.get("mrr_minor").asLong()).isEqualTo(health.getMrrMinor());
      assertThat(decoded.get("health_band").asText()).isEqualTo(health.getHealthBand().name());
      assertThat(decoded.get("contributions").get(0).get("detail").asText())
          .isEqualTo("12 days past due");
      assertThat(answer.get("carteiraLatestId").asInt())
          .isEqualTo(registry.version("customer-health-value", "latest").id());

      int nodeSchemaId = answer.get("registeredId").asInt();
      assertThat(answer.get("fetchedName").asText()).isEqualTo("test.node.NodeProbe");
      assertThat(registry.schemaById(nodeSchemaId).getFullName()).isEqualTo("test.node.NodeProbe");
      GenericRecord fromNode =
          (GenericRecord)
              new GenericWireDecoder(registry)
                  .decode(HexFormat.of().parseHex(answer.get("encodedHex").asText()))
                  .datum();
      assertThat(fromNode.get("probe_id").toString()).isEqualTo("from-node");
      assertThat(fromNode.get("amount_minor")).isEqualTo(12345L);
    }
  }

  private static JsonNode runProbe(String url, String hex, String subject) throws Exception {
    Path log = Files.createTempFile("probe", ".log");
    Process node =
        new ProcessBuilder("node", PROBE.getFileName().toString(), url, hex, subject)
            .directory(PROBE.getParent().toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    assertThat(node.waitFor(60, TimeUnit.SECONDS)).as("node finished").isTrue();
    String output = Files.readString(log, StandardCharsets.UTF_8).trim();
    assertThat(node.exitValue()).as(output).isZero();
    String lastLine = output.substring(output.lastIndexOf('\n') + 1);
    return new ObjectMapper().readTree(lastLine);
  }
}
