package io.carteira.jobs.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.carteira.jobs.CarteiraJob;
import io.carteira.jobs.JobEnvironment;
import io.carteira.jobs.config.CarteiraConfig;
import io.carteira.jobs.config.Knobs;
import io.carteira.jobs.kafka.KafkaEndpoints;
import io.carteira.jobs.kafka.Topics;
import io.carteira.operators.ingest.IngestedRecord;
import io.carteira.schemas.CustomerHealth;
import io.carteira.schemas.DeadLetter;
import io.carteira.schemas.DunningAction;
import io.carteira.schemas.MetricWindow;
import io.carteira.schemas.PortfolioMetric;
import io.carteira.schemas.RiskAlert;
import io.carteira.schemas.registry.HttpSchemaRegistryClient;
import io.carteira.schemas.wire.AvroWireDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The outputs of one run of the job, on topics of its own ({@code <run>-risk-alerts}, …) and with a
 * consumer group of its own, so several runs over one input can be compared: every output topic
 * drained {@code read_committed}, and each key's records (a customer's snapshots, alerts, actions,
 * dead letters; a metric's window) compared in order, byte for byte.
 *
 * <p>portfolio-metrics also carries provisional figures of a business day still open, sent on
 * watermarks as the day's facts arrive: how many, and with which running totals, depends on where
 * the watermark was when the facts came, so they differ between runs of another pace. What a reader
 * finally sees does not: a metric's final records (those of a closed day) are compared in order,
 * byte for byte, as every other output's records; and so is each key's latest record, which for a
 * day still open at the end is its last provisional figure, with every fact read. Within a key, no
 * provisional record comes after a final one.
 */
public final class RunOutputs {

  public static final Map<String, Class<? extends SpecificRecord>> OUTPUTS = new LinkedHashMap<>();

  static {
    OUTPUTS.put("customer-health", CustomerHealth.class);
    OUTPUTS.put("risk-alerts", RiskAlert.class);
    OUTPUTS.put("dunning-actions", DunningAction.class);
    OUTPUTS.put("portfolio-metrics", PortfolioMetric.class);
    OUTPUTS.put("dead-letters", DeadLetter.class);
  }

  private RunOutputs() {}

  /** The settings that give a run its own consumer group and output topics. */
  public static Map<String, String> settings(String run) {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put(Knobs.CONSUMER_GROUP.key(), run);
    for (String output : OUTPUTS.keySet()) {
      settings.put("topics." + output, run + "-" + output);
    }
    // the shadow outputs too, so runs never share a topic (nothing is written to them unless a
    // shadow policy is in force)
    for (String output : List.of("risk-alerts-shadow", "dunning-actions-shadow")) {
      settings.put("topics." + output, run + "-" + output);
    }
    return settings;
  }

  /** {@code base} with the run's own consumer group and output topics. */
  public static CarteiraConfig.Builder config(CarteiraConfig base, String run) {
    CarteiraConfig.Builder builder = base.toBuilder();
    settings(run).forEach(builder::set);
    return builder;
  }

  /**
   * Creates the run's output topics. customer-health is compacted in production; here every
   * snapshot is kept (and kept by the time it was written: outputs carry event time), to compare
   * them all.
   */
  public static void createTopics(CarteiraConfig config, String run) throws Exception {
    try (Admin admin =
        Admin.create(Map.of("bootstrap.servers", config.get(Knobs.KAFKA_BOOTSTRAP)))) {
      if (!admin
          .listTopics()
          .names()
          .get()
          .contains(run + "-customer-health")) { // created already by an earlier call
        admin
            .createTopics(
                List.of(
                    new NewTopic(
                            run + "-customer-health", config.get(Knobs.TOPIC_PARTITIONS), (short) 1)
                        .configs(
                            Map.of(
                                "cleanup.policy",
                                "delete",
                                "message.timestamp.type",
                                "LogAppendTime"))))
            .all()
            .get();
      }
    }
    Topics.create(config);
  }

  /**
   * Creates the run's topics and submits the real job graph for it to the cluster the test runs on,
   * its event source wrapped by {@code events} ({@code s -> s} for the source as it is).
   */
  public static JobClient submit(
      CarteiraConfig config, String run, UnaryOperator<Source<IngestedRecord, ?, ?>> events)
      throws Exception {
    createTopics(config, run);
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.getExecutionEnvironment(
            JobEnvironment.flinkConfiguration(config));
    CarteiraJob.Inputs kafka = KafkaEndpoints.inputs(config);
    CarteiraJob.assemble(
        env,
        new CarteiraJob.Inputs(events.apply(kafka.events()), kafka.policies()),
        KafkaEndpoints.outputs(config),
        config);
    return env.executeAsync("carteira-" + run);
  }

  /**
   * Asserts that two runs wrote the same records, key by key in the same order, byte for byte past
   * the 5-byte header (the schema id is that of each run's own subject), with records to compare on
   * every output but dead-letters; returns a line per output with what was compared.
   */
  public static List<String> assertIdentical(CarteiraConfig config, String first, String second) {
    return assertIdentical(config, first, second, List.copyOf(OUTPUTS.keySet()));
  }

  /** As above, for the named outputs only. */
  public static List<String> assertIdentical(
      CarteiraConfig config, String first, String second, List<String> outputs) {
    List<String> compared = new ArrayList<>();
    String bootstrap = config.get(Knobs.KAFKA_BOOTSTRAP);
    for (Map.Entry<String, Class<? extends SpecificRecord>> output : OUTPUTS.entrySet()) {
      if (!outputs.contains(output.getKey())) {
        continue;
      }
      Map<String, List<byte[]>> a = byKey(bootstrap, first + "-" + output.getKey());
      Map<String, List<byte[]>> b = byKey(bootstrap, second + "-" + output.getKey());
      AvroWireDecoder<?> decoder =
          new AvroWireDecoder<>(
              output.getValue(),
              new HttpSchemaRegistryClient(config.get(Knobs.SCHEMA_REGISTRY_URL)));
      assertSameKeys(output.getKey(), first, a.keySet(), second, b.keySet());
      boolean metrics = output.getValue() == PortfolioMetric.class;
      int provisional = 0;
      for (String key : a.keySet()) {
        List<byte[]> x0 = a.get(key);
        List<byte[]> y0 = b.get(key);
        if (metrics) {
          // what a reader finally sees: the final records, then the latest one
          List<byte[]> finalsA = finals(decoder, first, key, x0);
          List<byte[]> finalsB = finals(decoder, second, key, y0);
          provisional += x0.size() - finalsA.size();
          x0 = new ArrayList<>(finalsA);
          x0.add(a.get(key).get(a.get(key).size() - 1));
          y0 = new ArrayList<>(finalsB);
          y0.add(b.get(key).get(b.get(key).size() - 1));
        }
        if (!bodies(x0).equals(bodies(y0))) {
          List<String> x = decoded(decoder, x0);
          List<String> y = decoded(decoder, y0);
          int at = 0;
          while (at < Math.min(x.size(), y.size()) && x.get(at).equals(y.get(at))) {
            at++;
          }
          throw new AssertionError(
              String.format(
                  "%s of %s: %d vs %d records, the first difference at %d:%n %s: %s%n %s: %s",
                  output.getKey(),
                  key,
                  x.size(),
                  y.size(),
                  at,
                  first,
                  at < x.size() ? x.get(at) : "(none)",
                  second,
                  at < y.size() ? y.get(at) : "(none)"));
        }
      }
      int records = a.values().stream().mapToInt(List::size).sum() - provisional;
      if (!output.getKey().equals("dead-letters")) {
        assertThat(records).as(output.getKey() + " has records to compare").isPositive();
      }
      compared.add(
          String.format(
              "%s: %,d records of %,d keys%s",
              output.getKey(),
              records,
              a.size(),
              metrics
                  ? String.format(
                      " (final; and each key's latest; %,d provisional in %s)", provisional, first)
                  : ""));
    }
    return compared;
  }

  /** Fails, naming the keys of each side the other lacks, unless both runs wrote the same keys. */
  static void assertSameKeys(
      String output, String first, Set<String> a, String second, Set<String> b) {
    if (!a.equals(b)) {
      Set<String> missing = new TreeSet<>(a);
      missing.removeAll(b);
      Set<String> extra = new TreeSet<>(b);
      extra.removeAll(a);
      throw new AssertionError(
          String.format(
              "%s: keys only in %s: %s; only in %s: %s", output, first, missing, second, extra));
    }
  }

  /** A topic as read_committed readers see it: each key's records in order. */
  public static Map<String, List<byte[]>> byKey(String bootstrap, String topic) {
    Map<String, List<byte[]>> byKey = new HashMap<>();
    for (ConsumerRecord<byte[], byte[]> r : Drain.committed(bootstrap, topic)) {
      String key = r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8);
      byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(r.value());
    }
    return byKey;
  }

  /**
   * The final records of a portfolio-metrics key, in order; asserts no provisional record follows
   * one.
   */
  private static List<byte[]> finals(
      AvroWireDecoder<?> decoder, String run, String key, List<byte[]> values) {
    List<byte[]> finals = new ArrayList<>();
    for (byte[] value : values) {
      PortfolioMetric m = (PortfolioMetric) decoder.decode(value).record();
      if (!m.getProvisional()) {
        finals.add(value);
      } else {
        assertThat(finals)
            .as("%s of %s: a provisional record after a final one: %s", run, key, m)
            .isEmpty();
        assertThat(m.getWindowKind())
            .as("%s of %s: only DAY records are provisional", run, key)
            .isEqualTo(MetricWindow.DAY);
      }
    }
    return finals;
  }

  private static List<String> bodies(List<byte[]> values) {
    return values.stream().map(v -> Arrays.toString(Arrays.copyOfRange(v, 5, v.length))).toList();
  }

  private static List<String> decoded(AvroWireDecoder<?> decoder, List<byte[]> values) {
    return values.stream().map(v -> String.valueOf(decoder.decode(v).record())).toList();
  }
}
