package io.carteira.jobs.config;

import java.util.List;
import java.util.Map;

/**
 * How the job's output producers compress their batches. LZ4 costs the job least, but not every
 * reader decodes it: kafkajs (Node.js) reads only gzip without a codec plugin, and some librdkafka
 * builds lack zstd. So each output's codec is a setting, with one default for all.
 */
public final class OutputKnobs {

  /** The codecs every Kafka client of this version can write. */
  public static final List<String> CODECS = List.of("none", "gzip", "snappy", "lz4", "zstd");

  public static final Knob<String> COMPRESSION =
      Knobs.choice(
          "kafka.compression",
          "lz4",
          "Compression of every output topic's producer unless its compression.<output> says"
              + " otherwise: none, gzip, snappy, lz4 or zstd. lz4 is the cheapest for the job;"
              + " kafkajs readers need gzip or none (docs/operations.md lists which client reads"
              + " which codec).",
          CODECS.toArray(String[]::new));

  public static final Knob<String> COMPRESSION_CUSTOMER_HEALTH =
      perOutput(Knobs.TOPIC_CUSTOMER_HEALTH);
  public static final Knob<String> COMPRESSION_RISK_ALERTS = perOutput(Knobs.TOPIC_RISK_ALERTS);
  public static final Knob<String> COMPRESSION_DUNNING_ACTIONS =
      perOutput(Knobs.TOPIC_DUNNING_ACTIONS);
  public static final Knob<String> COMPRESSION_PORTFOLIO_METRICS =
      perOutput(Knobs.TOPIC_PORTFOLIO_METRICS);
  public static final Knob<String> COMPRESSION_DEAD_LETTERS = perOutput(Knobs.TOPIC_DEAD_LETTERS);

  private static final Map<String, Knob<String>> BY_TOPIC_KNOB =
      Map.of(
          Knobs.TOPIC_CUSTOMER_HEALTH.key(), COMPRESSION_CUSTOMER_HEALTH,
          Knobs.TOPIC_RISK_ALERTS.key(), COMPRESSION_RISK_ALERTS,
          Knobs.TOPIC_DUNNING_ACTIONS.key(), COMPRESSION_DUNNING_ACTIONS,
          Knobs.TOPIC_RISK_ALERTS_SHADOW.key(), COMPRESSION_RISK_ALERTS,
          Knobs.TOPIC_DUNNING_ACTIONS_SHADOW.key(), COMPRESSION_DUNNING_ACTIONS,
          Knobs.TOPIC_PORTFOLIO_METRICS.key(), COMPRESSION_PORTFOLIO_METRICS,
          Knobs.TOPIC_DEAD_LETTERS.key(), COMPRESSION_DEAD_LETTERS);

  private OutputKnobs() {}

  /** Loads this class, so its knobs are declared (called by {@link Knobs}). */
  static void declare() {}

  /**
   * The {@code compression.type} of the producer writing the output that {@code topicKnob} names:
   * its own setting, else {@code kafka.compression}.
   */
  public static String compressionOf(CarteiraConfig config, Knob<String> topicKnob) {
    Knob<String> own = BY_TOPIC_KNOB.get(topicKnob.key());
    if (own == null) {
      throw new IllegalArgumentException(topicKnob.key() + " is not an output topic");
    }
    String codec = config.get(own);
    return codec.isEmpty() ? config.get(COMPRESSION) : codec;
  }

  private static Knob<String> perOutput(Knob<String> topicKnob) {
    String output = topicKnob.key().substring("topics.".length());
    return Knobs.knob(
        "compression." + output,
        String.class,
        "",
        "Compression of the " + output + " producer; empty: kafka.compression.",
        s -> {
          if (s.isEmpty() || CODECS.contains(s.toLowerCase(java.util.Locale.ROOT))) {
            return s.toLowerCase(java.util.Locale.ROOT);
          }
          throw new IllegalArgumentException("one of " + String.join(", ", CODECS) + ", or empty");
        });
  }
}
