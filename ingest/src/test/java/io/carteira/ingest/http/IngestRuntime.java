package io.carteira.ingest.http;

import io.carteira.embedded.EmbeddedKafka;
import io.carteira.embedded.registry.LocalSchemaRegistry;
import io.carteira.ingest.IngestService;
import io.carteira.ingest.IngestSettings;
import io.carteira.ingest.IngestTopics;
import io.carteira.ingest.Provider;
import io.carteira.schemas.registry.HttpSchemaRegistryClient;
import io.carteira.schemas.wire.AvroWireDecoder;
import io.carteira.schemas.wire.DecodeResult;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The real thing for the HTTP tests: an in-process KRaft broker (restartable on its port and data,
 * to take Kafka away and bring it back), the local schema registry, Carteira's topics, and the
 * receiver listening on a free port; a real HTTP client to deliver, a real consumer to read back.
 */
final class IngestRuntime implements AutoCloseable {

  static final ZoneId ZONE = ZoneId.of("America/Sao_Paulo");

  private final Path kafkaData;
  private final LocalSchemaRegistry registry;
  private final int kafkaPort;
  private EmbeddedKafka kafka;
  private final IngestService service;
  private final HttpClient http = HttpClient.newHttpClient();

  IngestRuntime(List<Provider> providers, double ratePerSecond) throws Exception {
    kafkaData = Files.createTempDirectory("carteira-ingest-kafka");
    kafka = EmbeddedKafka.start(0, kafkaData, false);
    kafkaPort =
        Integer.parseInt(
            kafka.bootstrapServers().substring(kafka.bootstrapServers().lastIndexOf(':') + 1));
    registry = LocalSchemaRegistry.start(0);
    createTopics();
    service =
        IngestService.start(
            new IngestSettings(
                kafka.bootstrapServers(),
                registry.url(),
                true,
                IngestTopics.defaults(),
                ZONE,
                "127.0.0.1",
                0,
                ratePerSecond),
            providers);
  }

  private void createTopics() throws Exception {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    try (Admin admin = Admin.create(props)) {
      List<NewTopic> topics = new ArrayList<>();
      for (String name : List.of("payments", "usage", "subscriptions", "dead-letters")) {
        topics.add(new NewTopic(name, 4, (short) 1));
      }
      admin.createTopics(topics).all().get();
    }
  }

  IngestService service() {
    return service;
  }

  String url(String path) {
    return "http://127.0.0.1:" + service.port() + path;
  }

  HttpResponse<String> post(String path, byte[] body, Map<String, String> headers)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url(path)))
            .timeout(Duration.ofSeconds(60))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .header("Content-Type", "application/json");
    headers.forEach(request::header);
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(30)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Stops the broker; its data stays for {@link #startKafka}. */
  void stopKafka() {
    kafka.close();
  }

  /** Starts the broker again on its port, with its data. */
  void startKafka() throws Exception {
    kafka = EmbeddedKafka.start(kafkaPort, kafkaData, false);
  }

  /** Every record of {@code topic}, decoded as {@code type}, with its key. */
  <T extends SpecificRecord> List<Keyed<T>> readAll(String topic, Class<T> type) {
    AvroWireDecoder<T> decoder =
        new AvroWireDecoder<>(type, new HttpSchemaRegistryClient(registry.url()));
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    List<Keyed<T>> records = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = new ArrayList<>();
      consumer
          .partitionsFor(topic)
          .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("could not read " + topic + " to its end");
        }
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          DecodeResult<T> decoded = decoder.decode(record.value());
          if (!decoded.isDecoded()) {
            throw new AssertionError("not in the wire format: " + decoded);
          }
          records.add(new Keyed<>(record.key(), decoded.schemaId(), decoded.record()));
        }
      }
    }
    return records;
  }

  record Keyed<T>(String key, int schemaId, T value) {}

  @Override
  public void close() {
    service.close();
    registry.close();
    kafka.close();
    try (var files = Files.walk(kafkaData)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (Exception ignored) {
      // a temp dir left behind is harmless
    }
  }
}
