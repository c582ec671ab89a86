package io.carteira.bench;

import io.carteira.cli.LocalRuntime;
import io.carteira.jobs.config.CarteiraConfig;
import io.carteira.jobs.config.Knobs;
import io.carteira.schemas.AlertStatus;
import io.carteira.schemas.CustomerHealth;
import io.carteira.schemas.DunningAction;
import io.carteira.schemas.DunningActionType;
import io.carteira.schemas.MetricWindow;
import io.carteira.schemas.PortfolioMetric;
import io.carteira.schemas.RiskAlert;
import io.carteira.schemas.registry.HttpSchemaRegistryClient;
import io.carteira.schemas.wire.AvroWireDecoder;
import io.carteira.schemas.wire.DecodeResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The outputs the live probes wait for, and a read_committed reader of the four output topics that
 * matches what it reads with them: each match is one latency sample, from the moment the cause was
 * acknowledged by the broker (or, for a time-driven output, from its wall-clock instant) to the
 * moment the reader received the output.
 */
final class LiveOutputs implements AutoCloseable {

  /** What is measured, and in which output topic. */
  enum Probe {
    HEALTH("customer-health", "live event → its snapshot", false),
    CANCELLATION("risk-alerts", "cancellation request → OPEN alert", false),
    STREAK("risk-alerts", "failed-payment streak → OPEN alert (sequence)", false),
    NOTICE("dunning-actions", "payment failed → PAYMENT_FAILED_NOTICE", false),
    DUE("customer-health", "invoice falls due at midnight → snapshot", true),
    DAY_CLOSE("portfolio-metrics", "day ends at midnight → its DAY metrics", true);

    final String topic;
    final String what;
    final boolean timeDriven;

    Probe(String topic, String what, boolean timeDriven) {
      this.topic = topic;
      this.what = what;
      this.timeDriven = timeDriven;
    }
  }

  /** An output waited for: counted in {@code phase}; the clock starts at {@code from}. */
  private static final class Expected {
    final Probe probe;
    final int phase;
    final boolean repeats;
    volatile long from = -1;
    volatile long seenEarly = -1;

    Expected(Probe probe, int phase, boolean repeats) {
      this.probe = probe;
      this.phase = phase;
      this.repeats = repeats;
    }
  }

  private final Map<String, Expected> expected = new ConcurrentHashMap<>();
  private final Map<Integer, Map<Probe, List<Long>>> samples = new ConcurrentHashMap<>();
  private final AtomicBoolean stop = new AtomicBoolean();
  private final CountDownLatch positioned = new CountDownLatch(1);
  private final Thread reader;

  LiveOutputs(LocalRuntime runtime, CarteiraConfig config) throws InterruptedException {
    reader = new Thread(() -> read(runtime, config), "live-reader");
    reader.setDaemon(true);
    reader.start();
    if (!positioned.await(60, TimeUnit.SECONDS)) {
      throw new IllegalStateException("the output reader did not start");
    }
  }

  /** Waits for the output named {@code key}; its clock starts when {@link #acked} is called. */
  void expect(String key, Probe probe, int phase) {
    expected.put(key, new Expected(probe, phase, false));
  }

  /** Waits for every output named {@code key}, each a sample, timed from the instant {@code at}. */
  void expectEvery(String key, Probe probe, int phase, long at) {
    Expected e = new Expected(probe, phase, true);
    e.from = at;
    expected.put(key, e);
  }

  /** The broker acknowledged the cause of {@code key} at {@code millis}. */
  void acked(String key, long millis) {
    Expected e = expected.get(key);
    if (e == null) {
      return;
    }
    e.from = millis;
    if (e.seenEarly >= 0 && expected.remove(key) != null) {
      sample(e, e.seenEarly - millis);
    }
  }

  /** A producer callback that starts the clock of {@code key}. */
  Callback onAck(String key) {
    return (RecordMetadata metadata, Exception error) -> {
      if (error == null) {
        acked(key, System.currentTimeMillis());
      }
    };
  }

  /** The samples of one phase, by probe. */
  Map<Probe, List<Long>> samples(int phase) {
    Map<Probe, List<Long>> copy = new EnumMap<>(Probe.class);
    samples
        .getOrDefault(phase, Map.of())
        .forEach(
            (probe, list) -> {
              synchronized (list) {
                copy.put(probe, new ArrayList<>(list));
              }
            });
    return copy;
  }

  /** Outputs still awaited in {@code phase}, by probe. */
  Map<Probe, Integer> missing(int phase) {
    Map<Probe, Integer> missing = new EnumMap<>(Probe.class);
    Map<Probe, List<Long>> got = samples(phase);
    expected.values().stream()
        .filter(e -> e.phase == phase && e.probe != Probe.HEALTH)
        .filter(e -> !e.repeats || got.getOrDefault(e.probe, List.of()).isEmpty())
        .forEach(e -> missing.merge(e.probe, 1, Integer::sum));
    return missing;
  }

  private void seen(String key, long now) {
    Expected e = expected.get(key);
    if (e == null) {
      return;
    }
    if (e.repeats) {
      sample(e, now - e.from);
    } else if (e.from < 0) {
      e.seenEarly = now; // read before the producer heard of its acknowledgement
    } else if (expected.remove(key) != null) {
      sample(e, now - e.from);
    }
  }

  private void sample(Expected e, long millis) {
    List<Long> list =
        samples
            .computeIfAbsent(e.phase, p -> new ConcurrentHashMap<>())
            .computeIfAbsent(e.probe, p -> new ArrayList<>());
    synchronized (list) {
      list.add(millis);
    }
  }

  static String healthKey(String eventId) {
    return "h|" + eventId;
  }

  static String alertKey(String pattern, String customerId) {
    return "a|" + pattern + "|" + customerId;
  }

  static String noticeKey(String invoiceId, long eventTimeMillis) {
    return "n|" + invoiceId + "|" + eventTimeMillis;
  }

  static String dueKey(String customerId) {
    return "d|" + customerId;
  }

  static String dayCloseKey(long dayEndMillis) {
    return "m|" + dayEndMillis;
  }

  private void read(LocalRuntime runtime, CarteiraConfig config) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, runtime.bootstrapServers());
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
    HttpSchemaRegistryClient registry = new HttpSchemaRegistryClient(runtime.registryUrl());
    AvroWireDecoder<CustomerHealth> health = new AvroWireDecoder<>(CustomerHealth.class, registry);
    AvroWireDecoder<RiskAlert> alerts = new AvroWireDecoder<>(RiskAlert.class, registry);
    AvroWireDecoder<DunningAction> actions = new AvroWireDecoder<>(DunningAction.class, registry);
    AvroWireDecoder<PortfolioMetric> metrics =
        new AvroWireDecoder<>(PortfolioMetric.class, registry);
    String healthTopic = config.get(Knobs.TOPIC_CUSTOMER_HEALTH);
    String alertTopic = config.get(Knobs.TOPIC_RISK_ALERTS);
    String actionTopic = config.get(Knobs.TOPIC_DUNNING_ACTIONS);
    String metricTopic = config.get(Knobs.TOPIC_PORTFOLIO_METRICS);
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (String topic : List.of(healthTopic, alertTopic, actionTopic, metricTopic)) {
        consumer
            .partitionsFor(topic)
            .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
      }
      consumer.assign(partitions);
      consumer.seekToEnd(partitions);
      partitions.forEach(consumer::position); // resolve the end offsets now, before any probe
      positioned.countDown();
      while (!stop.get()) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(20))) {
          long now = System.currentTimeMillis();
          String topic = record.topic();
          if (topic.equals(healthTopic)) {
            onHealth(decoded(health, record.value()), now);
          } else if (topic.equals(alertTopic)) {
            RiskAlert alert = decoded(alerts, record.value());
            if (alert != null && alert.getStatus() == AlertStatus.OPEN) {
              seen(alertKey(alert.getPattern(), alert.getCustomerId()), now);
            }
          } else if (topic.equals(actionTopic)) {
            DunningAction action = decoded(actions, record.value());
            if (action != null
                && action.getActionType() == DunningActionType.PAYMENT_FAILED_NOTICE
                && action.getInvoiceId() != null) {
              seen(noticeKey(action.getInvoiceId(), action.getEventTime().toEpochMilli()), now);
            }
          } else if (topic.equals(metricTopic)) {
            PortfolioMetric metric = decoded(metrics, record.value());
            if (metric != null
                && metric.getWindowKind() == MetricWindow.DAY
                && !provisional(metric)) {
              seen(dayCloseKey(metric.getWindowEnd().toEpochMilli()), now);
            }
          }
        }
      }
    }
  }

  private void onHealth(CustomerHealth snapshot, long now) {
    if (snapshot == null) {
      return;
    }
    seen(healthKey(snapshot.getLastEventId()), now);
    if (snapshot.getDaysPastDue() > 0) {
      seen(dueKey(snapshot.getCustomerId()), now);
    }
  }

  /** A DAY metric of a day still open ({@code provisional: true}, where the schema has it). */
  private static boolean provisional(SpecificRecordBase metric) {
    Schema.Field field = metric.getSchema().getField("provisional");
    return field != null && Boolean.TRUE.equals(metric.get(field.pos()));
  }

  private static <T extends SpecificRecord> T decoded(AvroWireDecoder<T> decoder, byte[] value) {
    if (value == null) {
      return null;
    }
    DecodeResult<T> result = decoder.decode(value);
    return result.isDecoded() ? result.record() : null;
  }

  @Override
  public void close() throws InterruptedException {
    stop.set(true);
    reader.join(10_000);
  }
}
