package io.carteira.console.read;

import io.carteira.jobs.config.CarteiraConfig;
import io.carteira.jobs.config.Knobs;
import io.carteira.jobs.kafka.RegistryClients;
import io.carteira.schemas.CustomerHealth;
import io.carteira.schemas.DeadLetter;
import io.carteira.schemas.DunningAction;
import io.carteira.schemas.PolicyDocument;
import io.carteira.schemas.PortfolioMetric;
import io.carteira.schemas.RiskAlert;
import io.carteira.schemas.registry.SchemaRegistryClient;
import io.carteira.schemas.wire.AvroWireDecoder;
import io.carteira.schemas.wire.DecodeResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads Carteira's output topics as any downstream service would: a read_committed consumer, every
 * record decoded with the writer's schema from the registry and handed to a {@link Listener}. The
 * terminal live view and the web console both read through it. Compacted {@code customer-health}
 * (and the policies, when asked for) are read from their beginning; the other outputs from the
 * {@link StartPosition} given. Records that do not decode are skipped: the job wrote them, so a
 * failure here is a registry the reader cannot reach, not bad data to keep.
 */
public final class OutputReader implements AutoCloseable {

  /** What a reader is told, on the thread that polls. */
  public interface Listener {
    /** A customer's snapshot, with the bytes it was read as (decoded again on demand). */
    default void health(CustomerHealth health, byte[] wire, Instant readAt) {}

    default void alert(RiskAlert alert, Instant readAt) {}

    default void action(DunningAction action, Instant readAt) {}

    /** A metric, with when the job wrote it (the record's timestamp). */
    default void metric(PortfolioMetric metric, Instant written, Instant readAt) {}

    default void deadLetter(DeadLetter deadLetter, Instant readAt) {}

    default void policy(PolicyDocument document, long offset, Instant readAt) {}
  }

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final String healthTopic;
  private final String alertTopic;
  private final String actionTopic;
  private final String metricTopic;
  private final String policyTopic;
  private final AvroWireDecoder<CustomerHealth> healthDecoder;
  private final AvroWireDecoder<RiskAlert> alertDecoder;
  private final AvroWireDecoder<DunningAction> actionDecoder;
  private final AvroWireDecoder<PortfolioMetric> metricDecoder;
  private final AvroWireDecoder<DeadLetter> deadLetterDecoder;
  private final AvroWireDecoder<PolicyDocument> policyDecoder;
  private final List<TopicPartition> inputs = new ArrayList<>();
  private final Map<TopicPartition, Long> healthEnd;
  private final Map<TopicPartition, Long> healthBegin;

  /**
   * Opens the reader: the five outputs, and the policies when {@code policies}; fails with a {@link
   * TopicReading.ReadingException} when the broker or a topic is missing.
   */
  public OutputReader(CarteiraConfig config, StartPosition start, boolean policies) {
    String bootstrap = config.get(Knobs.KAFKA_BOOTSTRAP);
    this.consumer = TopicReading.consumer(config);
    this.healthTopic = config.get(Knobs.TOPIC_CUSTOMER_HEALTH);
    this.alertTopic = config.get(Knobs.TOPIC_RISK_ALERTS);
    this.actionTopic = config.get(Knobs.TOPIC_DUNNING_ACTIONS);
    this.metricTopic = config.get(Knobs.TOPIC_PORTFOLIO_METRICS);
    this.policyTopic = policies ? config.get(Knobs.TOPIC_POLICIES) : null;
    SchemaRegistryClient registry = RegistryClients.of(config);
    this.healthDecoder = new AvroWireDecoder<>(CustomerHealth.class, registry);
    this.alertDecoder = new AvroWireDecoder<>(RiskAlert.class, registry);
    this.actionDecoder = new AvroWireDecoder<>(DunningAction.class, registry);
    this.metricDecoder = new AvroWireDecoder<>(PortfolioMetric.class, registry);
    this.deadLetterDecoder = new AvroWireDecoder<>(DeadLetter.class, registry);
    this.policyDecoder = new AvroWireDecoder<>(PolicyDocument.class, registry);
    try {
      List<TopicPartition> fromBeginning = new ArrayList<>();
      List<TopicPartition> fromStart = new ArrayList<>();
      List<TopicPartition> health = TopicReading.partitions(consumer, healthTopic, bootstrap);
      fromBeginning.addAll(health);
      if (policyTopic != null) {
        fromBeginning.addAll(TopicReading.partitions(consumer, policyTopic, bootstrap));
      }
      for (String topic :
          List.of(alertTopic, actionTopic, metricTopic, config.get(Knobs.TOPIC_DEAD_LETTERS))) {
        fromStart.addAll(TopicReading.partitions(consumer, topic, bootstrap));
      }
      for (String topic :
          List.of(
              config.get(Knobs.TOPIC_PAYMENTS),
              config.get(Knobs.TOPIC_USAGE),
              config.get(Knobs.TOPIC_SUBSCRIPTIONS))) {
        inputs.addAll(TopicReading.partitions(consumer, topic, bootstrap));
      }
      List<TopicPartition> all = new ArrayList<>(fromBeginning);
      all.addAll(fromStart);
      consumer.assign(all);
      // explicit offsets rather than a lazy seekToBeginning, which a later offset look-up may
      // resolve with the consumer's default reset (the end)
      consumer.beginningOffsets(fromBeginning).forEach(consumer::seek);
      seek(fromStart, start);
      this.healthEnd = new HashMap<>(consumer.endOffsets(health));
      this.healthBegin = new HashMap<>(consumer.beginningOffsets(health));
    } catch (RuntimeException e) {
      consumer.close(Duration.ZERO);
      throw e;
    }
  }

  private void seek(List<TopicPartition> partitions, StartPosition start) {
    switch (start.kind()) {
      case BEGINNING -> consumer.beginningOffsets(partitions).forEach(consumer::seek);
      case END -> consumer.endOffsets(partitions).forEach(consumer::seek);
      case AGO -> {
        long since = start.since(Instant.now()).toEpochMilli();
        Map<TopicPartition, Long> query = new HashMap<>();
        partitions.forEach(p -> query.put(p, since));
        Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query);
        List<TopicPartition> none = new ArrayList<>();
        found.forEach(
            (p, o) -> {
              if (o == null) {
                none.add(p);
              } else {
                consumer.seek(p, o.offset());
              }
            });
        consumer.endOffsets(none).forEach(consumer::seek);
      }
    }
  }

  /** Reads what arrives for up to {@code budget}, handing each record to {@code listener}. */
  public void poll(Duration budget, Listener listener) {
    long until = System.nanoTime() + budget.toNanos();
    do {
      var records = consumer.poll(Duration.ofMillis(Math.min(50, Math.max(1, budget.toMillis()))));
      Instant readAt = Instant.now();
      for (ConsumerRecord<byte[], byte[]> record : records) {
        if (record.value() != null) {
          read(record, readAt, listener);
        }
      }
    } while (System.nanoTime() < until);
  }

  private void read(ConsumerRecord<byte[], byte[]> record, Instant readAt, Listener listener) {
    String topic = record.topic();
    if (topic.equals(healthTopic)) {
      DecodeResult<CustomerHealth> d = healthDecoder.decode(record.value());
      if (d.isDecoded()) {
        listener.health(d.record(), record.value(), readAt);
      }
    } else if (topic.equals(alertTopic)) {
      DecodeResult<RiskAlert> d = alertDecoder.decode(record.value());
      if (d.isDecoded()) {
        listener.alert(d.record(), readAt);
      }
    } else if (topic.equals(actionTopic)) {
      DecodeResult<DunningAction> d = actionDecoder.decode(record.value());
      if (d.isDecoded()) {
        listener.action(d.record(), readAt);
      }
    } else if (topic.equals(metricTopic)) {
      DecodeResult<PortfolioMetric> d = metricDecoder.decode(record.value());
      if (d.isDecoded()) {
        listener.metric(d.record(), Instant.ofEpochMilli(record.timestamp()), readAt);
      }
    } else if (topic.equals(policyTopic)) {
      DecodeResult<PolicyDocument> d = policyDecoder.decode(record.value());
      if (d.isDecoded()) {
        listener.policy(d.record(), record.offset(), readAt);
      }
    } else {
      DecodeResult<DeadLetter> d = deadLetterDecoder.decode(record.value());
      if (d.isDecoded()) {
        listener.deadLetter(d.record(), readAt);
      }
    }
  }

  /** A snapshot of {@code customer-health} decoded again from the bytes it was read as. */
  public CustomerHealth decodeHealth(byte[] wire) {
    DecodeResult<CustomerHealth> d = healthDecoder.decode(wire);
    return d.isDecoded() ? d.record() : null;
  }

  /**
   * How much of {@code customer-health} as it stood when the reader opened is read: records up to
   * the end offsets found then, and how many that is. Equal once the start-up load is done.
   */
  public long[] healthLoaded() {
    long read = 0;
    long total = 0;
    for (Map.Entry<TopicPartition, Long> e : healthEnd.entrySet()) {
      long begin = healthBegin.getOrDefault(e.getKey(), 0L);
      total += e.getValue() - begin;
      read += Math.max(0, Math.min(e.getValue(), consumer.position(e.getKey())) - begin);
    }
    return new long[] {read, total};
  }

  /** The end offset of each input topic (the sum over its partitions): its records so far. */
  public Map<String, Long> inputEnds() {
    Map<String, Long> ends = new LinkedHashMap<>();
    consumer.endOffsets(inputs).forEach((p, end) -> ends.merge(p.topic(), end, Long::sum));
    return ends;
  }

  @Override
  public void close() {
    consumer.close(Duration.ofSeconds(2));
  }
}
