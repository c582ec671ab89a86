package io.carteira.jobs.kafka;

import io.carteira.jobs.CarteiraJob;
import io.carteira.jobs.config.CarteiraConfig;
import io.carteira.jobs.config.ConfigException;
import io.carteira.jobs.config.Knob;
import io.carteira.jobs.config.Knobs;
import io.carteira.jobs.config.OutputKnobs;
import io.carteira.jobs.serde.InputRecordDeserializer;
import io.carteira.jobs.serde.PolicyRecordDeserializer;
import io.carteira.jobs.serde.WireRecordSerializer;
import io.carteira.operators.ingest.DeadLetters;
import io.carteira.operators.ingest.IngestedRecord;
import io.carteira.operators.metrics.PortfolioMetricKey;
import io.carteira.operators.policy.IngestedPolicy;
import io.carteira.schemas.CustomerHealth;
import io.carteira.schemas.DeadLetter;
import io.carteira.schemas.DunningAction;
import io.carteira.schemas.PortfolioMetric;
import io.carteira.schemas.RiskAlert;
import io.carteira.schemas.registry.RegistryAccess;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.util.function.SerializableFunction;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/** The job's Kafka source and sinks, built from the configuration. */
public final class KafkaEndpoints {

  private KafkaEndpoints() {}

  /** The input topics, read without end. */
  public static CarteiraJob.Inputs inputs(CarteiraConfig config) {
    boolean bounded = config.get(Knobs.BOUNDED);
    return new CarteiraJob.Inputs(source(config, bounded), policies(config, bounded));
  }

  /**
   * The input topics up to the offsets they have now; the job ends when it has read them (tests,
   * replays).
   */
  public static CarteiraJob.Inputs boundedInputs(CarteiraConfig config) {
    return new CarteiraJob.Inputs(source(config, true), policies(config, true));
  }

  /**
   * The policies topic, always from its beginning: every version is replayed through validation.
   */
  private static KafkaSource<IngestedPolicy> policies(CarteiraConfig config, boolean bounded) {
    KafkaSourceBuilder<IngestedPolicy> source =
        KafkaSource.<IngestedPolicy>builder()
            .setProperties(KafkaClients.common(config))
            .setTopics(config.get(Knobs.TOPIC_POLICIES))
            .setGroupId(config.get(Knobs.CONSUMER_GROUP) + "-policies")
            .setStartingOffsets(OffsetsInitializer.earliest())
            .setDeserializer(new PolicyRecordDeserializer(RegistryClients.access(config)))
            .setProperty("isolation.level", "read_committed")
            .setProperty("partition.discovery.interval.ms", bounded ? "-1" : "60000");
    if (bounded) {
      source.setBounded(OffsetsInitializer.latest());
    }
    return source.build();
  }

  /** Bytes a fetch takes from one input partition at most (Kafka's default is 1 MB). */
  static final int PARTITION_FETCH_BYTES = 64 * 1024;

  private static KafkaSource<IngestedRecord> source(CarteiraConfig config, boolean bounded) {
    RegistryAccess registry = RegistryClients.access(config);
    KafkaSourceBuilder<IngestedRecord> source =
        KafkaSource.<IngestedRecord>builder()
            .setProperties(KafkaClients.common(config))
            .setTopics(
                config.get(Knobs.TOPIC_PAYMENTS),
                config.get(Knobs.TOPIC_USAGE),
                config.get(Knobs.TOPIC_SUBSCRIPTIONS))
            .setGroupId(config.get(Knobs.CONSUMER_GROUP))
            .setStartingOffsets(startingOffsets(config.get(Knobs.STARTING_OFFSETS)))
            .setDeserializer(
                new InputRecordDeserializer(
                    registry,
                    config.get(Knobs.TOPIC_PAYMENTS),
                    config.get(Knobs.TOPIC_USAGE),
                    config.get(Knobs.TOPIC_SUBSCRIPTIONS)))
            .setProperty("isolation.level", "read_committed")
            // small fetches per partition, so a reader takes turns among its partitions every few
            // hundred records: one left out while the others are read has nothing to read, and
            // may go idle (the consumer hands out a partition's whole fetch before the next one's;
            // with the default 1 MB, a partition with records waiting went unread for seconds)
            .setProperty("max.partition.fetch.bytes", String.valueOf(PARTITION_FETCH_BYTES))
            .setProperty("partition.discovery.interval.ms", bounded ? "-1" : "60000");
    if (bounded) {
      source.setBounded(OffsetsInitializer.latest());
    }
    return source.build();
  }

  public static CarteiraJob.Outputs outputs(CarteiraConfig config) {
    checkTransactionSettings(config);
    checkTopicsAreDistinct(config);
    return new CarteiraJob.Outputs(
        sink(
            config,
            CustomerHealth.class,
            Knobs.TOPIC_CUSTOMER_HEALTH,
            Knobs.DELIVERY_CUSTOMER_HEALTH,
            CustomerHealth::getCustomerId),
        sink(
            config,
            RiskAlert.class,
            Knobs.TOPIC_RISK_ALERTS,
            Knobs.DELIVERY_RISK_ALERTS,
            RiskAlert::getCustomerId),
        sink(
            config,
            DunningAction.class,
            Knobs.TOPIC_DUNNING_ACTIONS,
            Knobs.DELIVERY_DUNNING_ACTIONS,
            DunningAction::getCustomerId),
        sink(
            config,
            PortfolioMetric.class,
            Knobs.TOPIC_PORTFOLIO_METRICS,
            Knobs.DELIVERY_PORTFOLIO_METRICS,
            PortfolioMetricKey::of),
        sink(
            config,
            DeadLetter.class,
            Knobs.TOPIC_DEAD_LETTERS,
            Knobs.DELIVERY_DEAD_LETTERS,
            DeadLetters::keyOf),
        // the shadow outputs, delivered as their live counterparts, each with its own
        // transactional-id prefix (named after its topic)
        sink(
            config,
            RiskAlert.class,
            Knobs.TOPIC_RISK_ALERTS_SHADOW,
            Knobs.DELIVERY_RISK_ALERTS,
            RiskAlert::getCustomerId),
        sink(
            config,
            DunningAction.class,
            Knobs.TOPIC_DUNNING_ACTIONS_SHADOW,
            Knobs.DELIVERY_DUNNING_ACTIONS,
            DunningAction::getCustomerId));
  }

  /**
   * Refuses a topic named by two settings. Each sink's transactional ids are named after its topic:
   * two exactly-once sinks on one topic would share them and fence each other at every checkpoint,
   * and an output written into an input or another output mixes record types in one topic.
   */
  public static void checkTopicsAreDistinct(CarteiraConfig config) {
    Map<String, String> settingByTopic = new HashMap<>();
    for (Knob<String> knob :
        List.of(
            Knobs.TOPIC_PAYMENTS,
            Knobs.TOPIC_USAGE,
            Knobs.TOPIC_SUBSCRIPTIONS,
            Knobs.TOPIC_POLICIES,
            Knobs.TOPIC_CUSTOMER_HEALTH,
            Knobs.TOPIC_RISK_ALERTS,
            Knobs.TOPIC_DUNNING_ACTIONS,
            Knobs.TOPIC_RISK_ALERTS_SHADOW,
            Knobs.TOPIC_DUNNING_ACTIONS_SHADOW,
            Knobs.TOPIC_PORTFOLIO_METRICS,
            Knobs.TOPIC_DEAD_LETTERS)) {
      String other = settingByTopic.putIfAbsent(config.get(knob), knob.key());
      if (other != null) {
        throw new ConfigException(
            other
                + " and "
                + knob.key()
                + " are both '"
                + config.get(knob)
                + "': each input and output needs a topic of its own (an exactly-once sink's"
                + " transactional ids are named after its topic)");
      }
    }
  }

  /**
   * Refuses transaction timeouts that the job could outlive before it commits: the broker would
   * abort a transaction the job still means to commit, and committed output would go missing. A
   * transaction stays open until a checkpoint completes: through every checkpoint that may time out
   * in a row without a restart, and then the restart.
   */
  public static void checkTransactionSettings(CarteiraConfig config) {
    Duration timeout = config.get(Knobs.TRANSACTION_TIMEOUT);
    Duration needed =
        config
            .get(Knobs.CHECKPOINT_TIMEOUT)
            .multipliedBy(config.get(Knobs.CHECKPOINT_TOLERABLE_FAILURES) + 1L)
            .plus(config.get(Knobs.RESTART_BUDGET));
    if (timeout.compareTo(needed) <= 0) {
      throw new ConfigException(
          Knobs.TRANSACTION_TIMEOUT.key()
              + " ("
              + timeout
              + ") must exceed "
              + Knobs.CHECKPOINT_TIMEOUT.key()
              + " x ("
              + Knobs.CHECKPOINT_TOLERABLE_FAILURES.key()
              + " + 1) + "
              + Knobs.RESTART_BUDGET.key()
              + " ("
              + needed
              + ")");
    }
  }

  private static <T extends SpecificRecord> KafkaSink<T> sink(
      CarteiraConfig config,
      Class<T> type,
      Knob<String> topicKnob,
      Knob<String> deliveryKnob,
      SerializableFunction<T, String> key) {
    String topic = config.get(topicKnob);
    boolean exactlyOnce = config.get(deliveryKnob).equals("exactly-once");
    return KafkaSink.<T>builder()
        .setKafkaProducerConfig(KafkaClients.common(config))
        .setRecordSerializer(
            new WireRecordSerializer<>(
                type,
                topic,
                RegistryClients.access(config),
                config.get(Knobs.SCHEMA_AUTO_REGISTER),
                key))
        .setDeliveryGuarantee(
            exactlyOnce ? DeliveryGuarantee.EXACTLY_ONCE : DeliveryGuarantee.AT_LEAST_ONCE)
        // one prefix per sink and job: two exactly-once sinks sharing one would fence each other
        .setTransactionalIdPrefix(config.get(Knobs.CONSUMER_GROUP) + "-" + topic)
        .setProperty(
            "transaction.timeout.ms",
            String.valueOf(config.get(Knobs.TRANSACTION_TIMEOUT).toMillis()))
        .setProperty("compression.type", OutputKnobs.compressionOf(config, topicKnob))
        // Each batch costs the producer a compressor of its own (LZ4: two 64 KB blocks, allocated
        // and zeroed); at 5 ms a batch held four snapshots. An exactly-once sink's records become
        // visible when the checkpoint's transaction commits, and the writer flushes every batch at
        // the checkpoint barrier, so a longer linger adds nothing to what a reader waits for; an
        // at-least-once sink's records wait for it, so it stays short there.
        .setProperty("linger.ms", exactlyOnce ? "50" : "5")
        .setProperty("batch.size", String.valueOf(128 * 1024))
        .build();
  }

  private static OffsetsInitializer startingOffsets(String choice) {
    return switch (choice) {
      case "latest" -> OffsetsInitializer.latest();
      case "committed" -> OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
      default -> OffsetsInitializer.earliest();
    };
  }
}
