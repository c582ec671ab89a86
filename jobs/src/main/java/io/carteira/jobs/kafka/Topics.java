package io.carteira.jobs.kafka;

import io.carteira.jobs.config.CarteiraConfig;
import io.carteira.jobs.config.Knobs;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Carteira's topics with their settings: keys are customer ids everywhere, so partitions line up.
 */
public final class Topics {

  private Topics() {}

  public record TopicSpec(String name, int partitions, Map<String, String> settings) {}

  public static List<TopicSpec> all(CarteiraConfig config) {
    int partitions = config.get(Knobs.TOPIC_PARTITIONS);
    // Input records carry their event time as the Kafka timestamp; retention must count from when
    // they arrived, or a backfill of old events would be deleted as soon as it lands.
    Map<String, String> inputs =
        Map.of(
            "retention.ms",
            String.valueOf(90L * 24 * 3600 * 1000),
            "message.timestamp.type",
            "LogAppendTime");
    // Outputs carry the event time too (a replayed year of alerts is stamped with that year), so
    // they also count retention from when they were written.
    Map<String, String> events =
        Map.of(
            "retention.ms",
            String.valueOf(90L * 24 * 3600 * 1000),
            "message.timestamp.type",
            "LogAppendTime");
    List<TopicSpec> specs = new ArrayList<>();
    specs.add(new TopicSpec(config.get(Knobs.TOPIC_PAYMENTS), partitions, inputs));
    specs.add(new TopicSpec(config.get(Knobs.TOPIC_USAGE), partitions, inputs));
    specs.add(new TopicSpec(config.get(Knobs.TOPIC_SUBSCRIPTIONS), partitions, inputs));
    specs.add(
        new TopicSpec(config.get(Knobs.TOPIC_POLICIES), 1, Map.of("cleanup.policy", "compact")));
    specs.add(
        new TopicSpec(
            config.get(Knobs.TOPIC_CUSTOMER_HEALTH),
            partitions,
            Map.of("cleanup.policy", "compact", "min.compaction.lag.ms", "60000")));
    specs.add(new TopicSpec(config.get(Knobs.TOPIC_RISK_ALERTS), partitions, events));
    specs.add(new TopicSpec(config.get(Knobs.TOPIC_DUNNING_ACTIONS), partitions, events));
    specs.add(new TopicSpec(config.get(Knobs.TOPIC_RISK_ALERTS_SHADOW), partitions, events));
    specs.add(new TopicSpec(config.get(Knobs.TOPIC_DUNNING_ACTIONS_SHADOW), partitions, events));
    specs.add(new TopicSpec(config.get(Knobs.TOPIC_PORTFOLIO_METRICS), partitions, events));
    specs.add(
        new TopicSpec(
            config.get(Knobs.TOPIC_DEAD_LETTERS),
            partitions,
            Map.of(
                "retention.ms",
                String.valueOf(30L * 24 * 3600 * 1000),
                "message.timestamp.type",
                "LogAppendTime")));
    return specs;
  }

  /** Creates the topics that do not exist yet; existing ones are left as they are. */
  public static void create(CarteiraConfig config) throws InterruptedException {
    Properties props = KafkaClients.common(config);
    try (Admin admin = Admin.create(props)) {
      Set<String> existing = admin.listTopics().names().get();
      List<NewTopic> missing = new ArrayList<>();
      for (TopicSpec spec : all(config)) {
        if (!existing.contains(spec.name())) {
          missing.add(
              new NewTopic(
                      spec.name(),
                      spec.partitions(),
                      config.get(Knobs.TOPIC_REPLICATION).shortValue())
                  .configs(spec.settings()));
        }
      }
      admin.createTopics(missing).all().get();
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new IllegalStateException(
            "cannot create topics: " + e.getCause().getMessage(), e.getCause());
      }
    }
  }
}
