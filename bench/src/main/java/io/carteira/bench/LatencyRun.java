package io.carteira.bench;

import io.carteira.cli.LocalRuntime;
import io.carteira.embedded.generator.GeneratedEvent;
import io.carteira.embedded.generator.PortfolioGenerator;
import io.carteira.embedded.serde.AvroWireKafkaSerializer;
import io.carteira.jobs.CarteiraJob;
import io.carteira.jobs.JobEnvironment;
import io.carteira.jobs.config.CarteiraConfig;
import io.carteira.jobs.config.Knobs;
import io.carteira.jobs.kafka.KafkaEndpoints;
import io.carteira.schemas.CustomerHealth;
import io.carteira.schemas.registry.HttpSchemaRegistryClient;
import io.carteira.schemas.wire.AvroWireDecoder;
import io.carteira.schemas.wire.DecodeResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Event-to-output latency under steady, paced load: from the moment the broker acknowledged an
 * input event to the moment a read_committed consumer receives the output it caused.
 */
final class LatencyRun {

  static final Duration CHECKPOINT_INTERVAL = Duration.ofMillis(500);
  static final Duration WARM_UP = Duration.ofSeconds(3);

  record Setup(Benchmark.Job job, String delivery) {}

  record Result(
      String job,
      String delivery,
      double eventsPerSecond,
      long checkpointMillis,
      int samples,
      long p50,
      long p95,
      long p99,
      long max) {}

  static Result run(
      Setup setup, LocalRuntime runtime, int customers, double rate, int seconds, long seed)
      throws Exception {
    String group = "latency-" + setup.job().name().toLowerCase() + "-" + setup.delivery();
    CarteiraConfig config =
        runtime.config().toBuilder()
            .set(Knobs.CONSUMER_GROUP, group)
            .set(Knobs.CHECKPOINT_INTERVAL, CHECKPOINT_INTERVAL.toMillis() + "ms")
            .set(
                Knobs.CHECKPOINT_DIR, Files.createTempDirectory("bench-latency").toUri().toString())
            .set(Knobs.DELIVERY_CUSTOMER_HEALTH, setup.delivery())
            .build();
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.createLocalEnvironment(
            2, JobEnvironment.localFlinkConfiguration(config));
    String outputTopic;
    if (setup.job() == Benchmark.Job.FULL) {
      CarteiraJob.assemble(
          env, KafkaEndpoints.inputs(config), KafkaEndpoints.outputs(config), config);
      outputTopic = config.get(Knobs.TOPIC_CUSTOMER_HEALTH);
    } else {
      BareJob.assemble(
          env,
          runtime.bootstrapServers(),
          List.of(
              config.get(Knobs.TOPIC_PAYMENTS),
              config.get(Knobs.TOPIC_USAGE),
              config.get(Knobs.TOPIC_SUBSCRIPTIONS)),
          group,
          group + "-out");
      outputTopic = BareJob.OUTPUT_TOPIC;
      createTopic(runtime, outputTopic);
    }
    JobClient client = env.executeAsync("bench-" + group);
    Map<String, Long> sentAt = new ConcurrentHashMap<>();
    List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
    AtomicBoolean stop = new AtomicBoolean();
    long measureFrom = System.currentTimeMillis() + 5_000 + WARM_UP.toMillis();
    Thread reader =
        new Thread(
            () -> read(runtime, outputTopic, setup.job(), sentAt, latencies, measureFrom, stop),
            "latency-reader");
    reader.start();
    Thread.sleep(5_000); // the job is up and has checkpointed before load starts

    String label =
        String.format(
            "%s, %s", setup.job() == Benchmark.Job.FULL ? "Carteira" : "bare", setup.delivery());
    PortfolioGenerator generator =
        new PortfolioGenerator(
            seed, customers, PortfolioGenerator.DEFAULT_START, ZoneId.of("America/Sao_Paulo"), 1);
    try (KafkaProducer<String, SpecificRecord> producer = producer(config)) {
      Deque<GeneratedEvent> pending = new ArrayDeque<>();
      long start = System.nanoTime();
      long sent = 0;
      long total = (long) (rate * seconds);
      while (sent < total) {
        long due = (long) (rate * (System.nanoTime() - start) / 1e9);
        while (sent < Math.min(due, total)) {
          if (pending.isEmpty()) {
            pending.addAll(generator.nextDayEvents());
          }
          GeneratedEvent event = pending.poll();
          String topic = topic(config, event.topic());
          String eventId = ((GenericRecord) event.record()).get("event_id").toString();
          producer.send(
              new ProducerRecord<>(
                  topic,
                  null,
                  event.eventTime().toEpochMilli(),
                  event.customerId(),
                  event.record()),
              (metadata, error) -> {
                if (error == null) {
                  long now = System.currentTimeMillis();
                  sentAt.put(eventId, now);
                  sentAt.put(
                      metadata.topic() + ":" + metadata.partition() + ":" + metadata.offset(), now);
                }
              });
          sent++;
        }
        Progress.bar(label, sent, total);
        Thread.sleep(5);
      }
      producer.flush();
    }
    Thread.sleep(5_000);
    stop.set(true);
    reader.join();
    client.cancel().get();
    List<Long> sorted = new ArrayList<>(latencies);
    Collections.sort(sorted);
    Result result =
        new Result(
            setup.job() == Benchmark.Job.FULL ? "carteira" : "bare",
            setup.delivery(),
            rate,
            CHECKPOINT_INTERVAL.toMillis(),
            sorted.size(),
            percentile(sorted, 0.50),
            percentile(sorted, 0.95),
            percentile(sorted, 0.99),
            sorted.isEmpty() ? -1 : sorted.get(sorted.size() - 1));
    Progress.done(
        String.format(
            "%-44s p50 %,d ms  p95 %,d ms  p99 %,d ms  (%,d samples)",
            label, result.p50(), result.p95(), result.p99(), result.samples()));
    return result;
  }

  private static void read(
      LocalRuntime runtime,
      String topic,
      Benchmark.Job job,
      Map<String, Long> sentAt,
      List<Long> latencies,
      long measureFrom,
      AtomicBoolean stop) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, runtime.bootstrapServers());
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    AvroWireDecoder<CustomerHealth> decoder =
        new AvroWireDecoder<>(
            CustomerHealth.class, new HttpSchemaRegistryClient(runtime.registryUrl()));
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToEnd(partitions);
      while (!stop.get()) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(20))) {
          long now = System.currentTimeMillis();
          String cause;
          if (job == Benchmark.Job.FULL) {
            DecodeResult<CustomerHealth> health = decoder.decode(record.value());
            cause = health.isDecoded() ? health.record().getLastEventId() : null;
          } else {
            String value = new String(record.value(), StandardCharsets.UTF_8);
            cause = value.substring(0, value.lastIndexOf(':'));
          }
          Long sent = cause == null ? null : sentAt.get(cause);
          if (sent != null && sent >= measureFrom) {
            latencies.add(now - sent);
          }
        }
      }
    }
  }

  static void createTopic(LocalRuntime runtime, String topic) throws Exception {
    Properties props = new Properties();
    props.put("bootstrap.servers", runtime.bootstrapServers());
    try (Admin admin = Admin.create(props)) {
      if (!admin.listTopics().names().get().contains(topic)) {
        admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get();
      }
    }
  }

  /** A producer of input events as the bench's clients send them: acks=all, 2 ms linger. */
  static KafkaProducer<String, SpecificRecord> producer(CarteiraConfig config) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.get(Knobs.KAFKA_BOOTSTRAP));
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.LINGER_MS_CONFIG, "2");
    AvroWireKafkaSerializer<SpecificRecord> values = new AvroWireKafkaSerializer<>();
    values.configure(
        Map.of(AvroWireKafkaSerializer.REGISTRY_URL, config.get(Knobs.SCHEMA_REGISTRY_URL)), false);
    return new KafkaProducer<>(props, new StringSerializer(), values);
  }

  private static String topic(CarteiraConfig config, GeneratedEvent.Topic topic) {
    return switch (topic) {
      case PAYMENTS -> config.get(Knobs.TOPIC_PAYMENTS);
      case USAGE -> config.get(Knobs.TOPIC_USAGE);
      case SUBSCRIPTIONS -> config.get(Knobs.TOPIC_SUBSCRIPTIONS);
    };
  }

  static long percentile(List<Long> sorted, double q) {
    if (sorted.isEmpty()) {
      return -1;
    }
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1));
  }
}
