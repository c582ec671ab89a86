package io.carteira.jobs.serde;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.carteira.jobs.config.CarteiraConfig;
import io.carteira.jobs.config.Knobs;
import io.carteira.jobs.config.OutputKnobs;
import io.carteira.jobs.support.Drain;
import io.carteira.jobs.support.GeneratedInput;
import io.carteira.jobs.support.MiniClusters;
import io.carteira.jobs.support.RunOutputs;
import io.carteira.jobs.support.TestRuntime;
import io.carteira.schemas.registry.HttpSchemaRegistryClient;
import io.carteira.schemas.wire.GenericWireDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A notification service on Node.js (kafkajs with @kafkajs/confluent-schema-registry, no codec
 * plugin) reads every output topic of the real job. With {@code kafka.compression=gzip} it reads
 * and decodes every record a Java read_committed consumer sees; an LZ4 batch, the job's default
 * codec, it cannot read at all, which is why the codec is a setting.
 */
class NotificationReadersIT {

  @RegisterExtension static final MiniClusterExtension FLINK = MiniClusters.twoSlots();

  private static final Path NODE = Path.of("src/test/node");

  @Test
  void kafkajsReadsEveryOutputTopicWrittenWithGzip() throws Exception {
    assertThat(NODE.resolve("node_modules/kafkajs")).as("npm ci in src/test/node").exists();
    try (TestRuntime runtime = MiniClusters.runtimeForTwoSlots()) {
      GeneratedInput.write(runtime.config(), 7, 200, 20_000, 0.01);
      CarteiraConfig config =
          RunOutputs.config(runtime.config(), "gzip")
              .set(Knobs.BOUNDED, "true")
              .set(OutputKnobs.COMPRESSION, "gzip")
              .set(
                  Knobs.CHECKPOINT_DIR,
                  Files.createTempDirectory("carteira-gzip").toUri().toString())
              .build();
      RunOutputs.submit(config, "gzip", source -> source).getJobExecutionResult().get();

      Map<String, List<ConsumerRecord<byte[], byte[]>>> written = new LinkedHashMap<>();
      List<String> args = new ArrayList<>();
      for (String output : RunOutputs.OUTPUTS.keySet()) {
        String topic = "gzip-" + output;
        written.put(topic, Drain.committed(runtime.bootstrapServers(), topic));
        assertThat(written.get(topic)).as("%s has records", topic).isNotEmpty();
        args.add(topic + "=" + written.get(topic).size());
      }

      JsonNode answer = readWithKafkajs(runtime, args);

      assertThat(answer.get("failure").isNull()).as(answer.toString()).isTrue();
      GenericWireDecoder decoder =
          new GenericWireDecoder(new HttpSchemaRegistryClient(runtime.registryUrl()));
      for (var entry : written.entrySet()) {
        JsonNode seen = answer.get("topics").get(entry.getKey());
        assertThat(seen.get("read").asInt()).as(entry.getKey()).isEqualTo(entry.getValue().size());
        assertThat(seen.get("decoded").asInt())
            .as(entry.getKey())
            .isEqualTo(entry.getValue().size());
        ConsumerRecord<byte[], byte[]> first =
            entry.getValue().stream().filter(r -> r.partition() == 0).findFirst().orElseThrow();
        GenericRecord javaView = (GenericRecord) decoder.decode(first.value()).datum();
        String idField = javaView.getSchema().getFields().get(0).name();
        assertThat(seen.get("first").get(idField).asText())
            .as("%s: %s of the first record of partition 0", entry.getKey(), idField)
            .isEqualTo(String.valueOf(javaView.get(idField)));
      }
    }
  }

  @Test
  void kafkajsCannotReadAnLz4Batch() throws Exception {
    try (TestRuntime runtime = MiniClusters.runtimeForTwoSlots()) {
      Properties props = new Properties();
      props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, runtime.bootstrapServers());
      try (Admin admin = Admin.create(Map.of("bootstrap.servers", runtime.bootstrapServers()))) {
        admin.createTopics(List.of(new NewTopic("lz4-probe", 1, (short) 1))).all().get();
      }
      props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
      try (KafkaProducer<byte[], byte[]> producer =
          new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
        producer.send(new ProducerRecord<>("lz4-probe", 0, null, new byte[] {0, 0, 0, 0, 1})).get();
      }
      JsonNode answer = readWithKafkajs(runtime, List.of("lz4-probe=1"));
      assertThat(answer.get("failure").asText()).contains("LZ4");
    }
  }

  private static JsonNode readWithKafkajs(TestRuntime runtime, List<String> topics)
      throws Exception {
    Path log = Files.createTempFile("notification-probe", ".log");
    List<String> command = new ArrayList<>(List.of("node", "outputs.mjs"));
    command.add(runtime.bootstrapServers());
    command.add(runtime.registryUrl());
    command.addAll(topics);
    Process node =
        new ProcessBuilder(command)
            .directory(NODE.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    assertThat(node.waitFor(150, TimeUnit.SECONDS)).as("node finished").isTrue();
    String output = Files.readString(log, StandardCharsets.UTF_8).trim();
    assertThat(node.exitValue()).as(output).isZero();
    return new ObjectMapper().readTree(output.substring(output.lastIndexOf('\n') + 1));
  }
}
