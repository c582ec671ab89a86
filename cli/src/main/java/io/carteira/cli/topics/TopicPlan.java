package io.carteira.cli.topics;

import io.carteira.cli.topics.TopicsFile.DesiredTopic;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What {@code carteira topics apply} does to make the cluster match the file, worked out from what
 * the cluster has: topics to create, partitions to add, configs to set; and what it refuses to do
 * (fewer partitions, another replication factor: both are migrations, not an apply).
 */
public final class TopicPlan {

  /** A topic as the cluster has it: its partitions, replication factor and the listed configs. */
  public record ExistingTopic(int partitions, int replicationFactor, Map<String, String> config) {}

  /** One change, with the line that shows it. */
  public sealed interface Change permits Create, AddPartitions, SetConfig {
    String topic();

    String line();
  }

  public record Create(DesiredTopic desired) implements Change {
    public String topic() {
      return desired.name();
    }

    public String line() {
      return "+ "
          + desired.name()
          + ": create with "
          + desired.partitions()
          + " partitions, replication "
          + desired.replicationFactor()
          + ", "
          + desired.config();
    }
  }

  public record AddPartitions(String topic, int from, int to) implements Change {
    public String line() {
      return "~ " + topic + ": partitions " + from + " -> " + to;
    }
  }

  public record SetConfig(String topic, String key, String from, String to) implements Change {
    public String line() {
      return "~ " + topic + ": " + key + " " + (from == null ? "(unset)" : from) + " -> " + to;
    }
  }

  private final List<Change> changes;
  private final List<String> refusals;
  private final List<String> unchanged;

  private TopicPlan(List<Change> changes, List<String> refusals, List<String> unchanged) {
    this.changes = changes;
    this.refusals = refusals;
    this.unchanged = unchanged;
  }

  /** The plan for {@code desired} against {@code existing} (topic name to what it has). */
  public static TopicPlan of(List<DesiredTopic> desired, Map<String, ExistingTopic> existing) {
    List<Change> changes = new ArrayList<>();
    List<String> refusals = new ArrayList<>();
    List<String> unchanged = new ArrayList<>();
    for (DesiredTopic topic : desired) {
      ExistingTopic has = existing.get(topic.name());
      if (has == null) {
        changes.add(new Create(topic));
        continue;
      }
      int before = changes.size();
      if (topic.partitions() > has.partitions()) {
        changes.add(new AddPartitions(topic.name(), has.partitions(), topic.partitions()));
      } else if (topic.partitions() < has.partitions()) {
        refusals.add(
            topic.name()
                + ": has "
                + has.partitions()
                + " partitions, the file says "
                + topic.partitions()
                + " (Kafka cannot remove partitions: create a new topic and migrate)");
      }
      if (topic.replicationFactor() != has.replicationFactor()) {
        refusals.add(
            topic.name()
                + ": replication factor "
                + has.replicationFactor()
                + ", the file says "
                + topic.replicationFactor()
                + " (a partition reassignment, kafka-reassign-partitions, not an apply)");
      }
      topic
          .config()
          .forEach(
              (key, value) -> {
                String current = has.config().get(key);
                if (!value.equals(current)) {
                  changes.add(new SetConfig(topic.name(), key, current, value));
                }
              });
      if (changes.size() == before) {
        unchanged.add(topic.name());
      }
    }
    return new TopicPlan(List.copyOf(changes), List.copyOf(refusals), List.copyOf(unchanged));
  }

  public List<Change> changes() {
    return changes;
  }

  /**
   * What the file asks that apply will not do; any refusal stops the apply before it changes
   * anything.
   */
  public List<String> refusals() {
    return refusals;
  }

  /** Topics that already match. */
  public List<String> unchanged() {
    return unchanged;
  }
}
