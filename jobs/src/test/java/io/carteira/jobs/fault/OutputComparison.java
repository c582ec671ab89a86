package io.carteira.jobs.fault;

import io.carteira.jobs.support.Drain;
import io.carteira.schemas.CustomerHealth;
import io.carteira.schemas.DeadLetter;
import io.carteira.schemas.DunningAction;
import io.carteira.schemas.PortfolioMetric;
import io.carteira.schemas.RiskAlert;
import io.carteira.schemas.registry.SchemaRegistryClient;
import io.carteira.schemas.wire.AvroWireDecoder;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Two runs' outputs compared the way RELIABILITY.md says: every output topic drained
 * {@code read_committed}, each record identified by its deterministic id (alert and status, action,
 * customer's latest snapshot, metric window and dimensions, dead letter's source offset), and
 * counted missing (in the baseline only), duplicate (an id more often than in the baseline) or
 * differing (same id, other bytes).
 */
final class OutputComparison {

  /** What one topic's comparison found. */
  record Difference(String output, int baseline, int compared, int missing, int duplicates, int differing, List<String> examples) {
    boolean none() {
      return missing == 0 && duplicates == 0 && differing == 0;
    }

    @Override
    public String toString() {
      return String.format("%s: %,d records in the baseline, %,d compared: %d missing, %d duplicate, %d differing%s", output, baseline,
          compared, missing, duplicates, differing, examples.isEmpty() ? "" : " e.g. " + examples);
    }
  }

  private final String bootstrap;
  private final SchemaRegistryClient registry;

  OutputComparison(String bootstrap, SchemaRegistryClient registry) {
    this.bootstrap = bootstrap;
    this.registry = registry;
  }

  /** The outputs of the run whose topics start with {@code baseline} against those starting with {@code compared}. */
  List<Difference> compare(String baseline, String compared) {
    return List.of(
        topic("risk-alerts", baseline, compared, RiskAlert.class, a -> a.getAlertId() + "/" + a.getStatus() + "/" + a.getEventTime(), false),
        topic("dunning-actions", baseline, compared, DunningAction.class, DunningAction::getActionId, false),
        topic("customer-health", baseline, compared, CustomerHealth.class, CustomerHealth::getCustomerId, true),
        topic("portfolio-metrics", baseline, compared, PortfolioMetric.class,
            m -> m.getMetric() + "/" + m.getWindowKind() + "/" + m.getWindowStart() + "/" + m.getCurrency() + "/" + new TreeMap<>(m.getDimensions()),
            false),
        topic("dead-letters", baseline, compared, DeadLetter.class,
            d -> d.getSourceTopic() + "/" + d.getSourcePartition() + "/" + d.getSourceOffset(), false));
  }

  /**
   * One output topic. An id that repeats (an alert's change of status at one event time, an
   * action resent) is numbered in its order within the partition, and the n-th is compared with
   * the baseline's n-th. A compacted topic ({@code latestOnly}) is compared as its readers see it:
   * the latest record per id. How many snapshots a customer got on the way depends on when the
   * watermark passed (a snapshot is published when what it shows changes); the latest one does not.
   */
  private <T extends SpecificRecord> Difference topic(String output, String baseline, String compared, Class<T> type,
      Function<T, String> id, boolean latestOnly) {
    AvroWireDecoder<T> decoder = new AvroWireDecoder<>(type, registry);
    Map<String, byte[]> expected = records(baseline + "-" + output, decoder, id, latestOnly);
    Map<String, byte[]> actual = records(compared + "-" + output, decoder, id, latestOnly);
    return differences(output, expected, actual, decoder);
  }

  private static <T extends SpecificRecord> Difference differences(String output, Map<String, byte[]> expected, Map<String, byte[]> actual,
      AvroWireDecoder<T> decoder) {
    int missing = 0;
    int differing = 0;
    List<String> examples = new java.util.ArrayList<>();
    for (Map.Entry<String, byte[]> e : expected.entrySet()) {
      byte[] got = actual.get(e.getKey());
      if (got == null) {
        missing++;
        example(examples, "missing " + e.getKey());
      } else if (!Arrays.equals(got, 5, got.length, e.getValue(), 5, e.getValue().length)) {
        // the Avro body: the header's schema id is the registry's id of the run's own subject
        differing++;
        example(examples, "differing " + e.getKey() + (differing == 1 ? ": " + decoder.decode(e.getValue()).record() + " vs "
            + decoder.decode(got).record() : ""));
      }
    }
    int duplicates = 0;
    for (String key : actual.keySet()) {
      if (!expected.containsKey(key)) {
        duplicates++; // an extra record: a repeat of an id the baseline holds fewer times, or one it never had
        example(examples, "extra " + key);
      }
    }
    return new Difference(output, expected.size(), actual.size(), missing, duplicates, differing, examples);
  }

  private <T extends SpecificRecord> Map<String, byte[]> records(String topic, AvroWireDecoder<T> decoder, Function<T, String> id,
      boolean latestOnly) {
    Map<String, byte[]> byId = new LinkedHashMap<>();
    Map<String, Integer> seen = new HashMap<>();
    for (ConsumerRecord<byte[], byte[]> r : Drain.committed(bootstrap, topic)) {
      String base = id.apply(decoder.decode(r.value()).record());
      byId.put(latestOnly ? base : base + "#" + seen.merge(base, 1, Integer::sum), r.value());
    }
    return byId;
  }

  private static void example(List<String> examples, String what) {
    if (examples.size() < 3) {
      examples.add(what);
    }
  }
}
