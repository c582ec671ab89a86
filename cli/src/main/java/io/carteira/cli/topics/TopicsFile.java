package io.carteira.cli.topics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.carteira.cli.CarteiraCli.CliException;
import io.carteira.jobs.config.CarteiraConfig;
import io.carteira.jobs.config.Knob;
import io.carteira.jobs.config.Knobs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code deploy/topics.yaml}: the topics Carteira needs, each named by its {@code topics.*}
 * setting, with partitions, replication factor and configs (a topic's own over the defaults).
 */
public final class TopicsFile {

  /** One topic as the file wants it, under the name the configuration gives it. */
  public record DesiredTopic(
      String setting,
      String name,
      int partitions,
      short replicationFactor,
      Map<String, String> config) {}

  private static final Set<String> TOP_LEVEL = Set.of("defaults", "topics");
  private static final Set<String> TOPIC_FIELDS =
      Set.of("partitions", "replication-factor", "config");

  private TopicsFile() {}

  public static List<DesiredTopic> read(Path file, CarteiraConfig config) {
    JsonNode root;
    try {
      root = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(file));
    } catch (NoSuchFileException e) {
      throw new CliException("no topics file " + file);
    } catch (IOException e) {
      throw new CliException(
          "cannot read " + file + ": " + e.getMessage().lines().findFirst().orElse(""));
    }
    if (root == null || !root.isObject()) {
      throw new CliException(file + ": expected a mapping with defaults and topics");
    }
    unknown(root, TOP_LEVEL, file + "");
    JsonNode defaults = root.path("defaults");
    unknown(defaults, TOPIC_FIELDS, file + ": defaults");
    JsonNode topics = root.path("topics");
    if (!topics.isObject() || topics.isEmpty()) {
      throw new CliException(file + ": no topics");
    }
    List<DesiredTopic> desired = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = topics.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      String where = file + ": topics." + entry.getKey();
      Knob<?> knob = Knobs.byKey("topics." + entry.getKey());
      if (knob == null || knob.type() != String.class) {
        throw new CliException(where + " names no topic setting (topics." + entry.getKey() + ")");
      }
      JsonNode topic = entry.getValue();
      unknown(topic, TOPIC_FIELDS, where);
      Map<String, String> settings = new TreeMap<>(configOf(defaults, where));
      settings.putAll(configOf(topic, where));
      desired.add(
          new DesiredTopic(
              knob.key(),
              config.text(knob),
              positive(topic.has("partitions") ? topic : defaults, "partitions", where),
              (short)
                  positive(
                      topic.has("replication-factor") ? topic : defaults,
                      "replication-factor",
                      where),
              settings));
    }
    return desired;
  }

  private static Map<String, String> configOf(JsonNode node, String where) {
    Map<String, String> config = new LinkedHashMap<>();
    JsonNode values = node.path("config");
    if (values.isMissingNode() || values.isNull()) {
      return config;
    }
    if (!values.isObject()) {
      throw new CliException(where + ".config: expected a mapping of topic configs");
    }
    values.fields().forEachRemaining(e -> config.put(e.getKey(), e.getValue().asText()));
    return config;
  }

  private static int positive(JsonNode node, String field, String where) {
    JsonNode value = node.path(field);
    if (!value.canConvertToInt() || value.asInt() < 1) {
      throw new CliException(where + ": " + field + " must be a whole number of at least 1");
    }
    return value.asInt();
  }

  private static void unknown(JsonNode node, Set<String> allowed, String where) {
    if (node.isMissingNode()) {
      return;
    }
    if (!node.isObject()) {
      throw new CliException(where + ": expected a mapping");
    }
    node.fieldNames()
        .forEachRemaining(
            name -> {
              if (!allowed.contains(name)) {
                throw new CliException(where + ": unknown field '" + name + "' (" + allowed + ")");
              }
            });
  }
}
