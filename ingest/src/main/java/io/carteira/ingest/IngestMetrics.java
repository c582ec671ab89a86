package io.carteira.ingest;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The receiver's counters, exposed in Prometheus's text format at {@code /metrics}: deliveries
 * received, verified, refused (by reason), answered 503; events mapped (by Carteira type);
 * deliveries ignored and checked (by provider type); dead letters; and how long Kafka takes to
 * acknowledge. A small hand-written exposition, so the receiver carries no metrics library.
 */
public final class IngestMetrics {

  /** Upper bounds of the produce-latency histogram, in seconds. */
  static final double[] LATENCY_BUCKETS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

  private static final String PREFIX = "carteira_ingest_";

  private final Map<String, Family> families = new ConcurrentHashMap<>();
  private final LongAdder[] latencyBuckets = new LongAdder[LATENCY_BUCKETS.length];
  private final LongAdder latencyCount = new LongAdder();
  private final LongAdder latencyMicros = new LongAdder();

  public IngestMetrics() {
    for (int i = 0; i < latencyBuckets.length; i++) {
      latencyBuckets[i] = new LongAdder();
    }
    family("deliveries_received_total", "Webhook deliveries received.");
    family("deliveries_verified_total", "Deliveries whose signature or token checked out.");
    family("deliveries_refused_total", "Deliveries refused before mapping, by reason.");
    family("deliveries_unavailable_total", "Deliveries answered 503: Kafka did not acknowledge.");
    family("events_mapped_total", "Carteira input events produced, by Carteira event type.");
    family("deliveries_ignored_total", "Deliveries of event types Carteira does not use.");
    family("deliveries_checked_total", "Deliveries that confirm what Carteira derives itself.");
    family("dead_letters_total", "Deliveries that could not be mapped, sent to dead-letters.");
  }

  public void received(String provider) {
    count("deliveries_received_total", "provider", provider);
  }

  public void verified(String provider) {
    count("deliveries_verified_total", "provider", provider);
  }

  public void refused(String provider, String reason) {
    count("deliveries_refused_total", "provider", provider, "reason", reason);
  }

  public void unavailable(String provider) {
    count("deliveries_unavailable_total", "provider", provider);
  }

  public void mapped(String provider, String carteiraType) {
    count("events_mapped_total", "provider", provider, "type", carteiraType);
  }

  public void ignored(String provider, String providerType) {
    count("deliveries_ignored_total", "provider", provider, "event_type", providerType);
  }

  public void checked(String provider, String providerType) {
    count("deliveries_checked_total", "provider", provider, "event_type", providerType);
  }

  public void deadLetter(String provider) {
    count("dead_letters_total", "provider", provider);
  }

  /** One acknowledged (or failed) write to Kafka. */
  public void produceLatency(Duration latency) {
    double seconds = latency.toNanos() / 1e9;
    for (int i = 0; i < LATENCY_BUCKETS.length; i++) {
      if (seconds <= LATENCY_BUCKETS[i]) {
        latencyBuckets[i].increment();
      }
    }
    latencyCount.increment();
    latencyMicros.add(latency.toNanos() / 1000);
  }

  /** A counter's value, for tests and logs; 0 when never counted. */
  public long value(String name, String... labels) {
    Family family = families.get(name);
    if (family == null) {
      return 0;
    }
    LongAdder adder = family.series.get(labels(labels));
    return adder == null ? 0 : adder.sum();
  }

  /** Carteira events produced for {@code provider}, all types. */
  public long mappedEvents(String provider) {
    String prefix = labels("provider", provider).replace("}", ",");
    return families.get("events_mapped_total").series.entrySet().stream()
        .filter(e -> e.getKey().startsWith(prefix))
        .mapToLong(e -> e.getValue().sum())
        .sum();
  }

  /** The Prometheus text exposition (format 0.0.4). */
  public String exposition() {
    StringBuilder out = new StringBuilder();
    new TreeMap<>(families)
        .forEach(
            (name, family) -> {
              out.append("# HELP ").append(PREFIX).append(name).append(' ').append(family.help);
              out.append("\n# TYPE ").append(PREFIX).append(name).append(" counter\n");
              new TreeMap<>(family.series)
                  .forEach(
                      (labels, value) ->
                          out.append(PREFIX)
                              .append(name)
                              .append(labels)
                              .append(' ')
                              .append(value.sum())
                              .append('\n'));
            });
    String latency = PREFIX + "produce_latency_seconds";
    out.append("# HELP ")
        .append(latency)
        .append(" Time for Kafka to acknowledge a delivery's records.\n");
    out.append("# TYPE ").append(latency).append(" histogram\n");
    for (int i = 0; i < LATENCY_BUCKETS.length; i++) {
      out.append(latency)
          .append("_bucket{le=\"")
          .append(LATENCY_BUCKETS[i])
          .append("\"} ")
          .append(latencyBuckets[i].sum())
          .append('\n');
    }
    out.append(latency).append("_bucket{le=\"+Inf\"} ").append(latencyCount.sum()).append('\n');
    out.append(latency).append("_sum ").append(latencyMicros.sum() / 1e6).append('\n');
    out.append(latency).append("_count ").append(latencyCount.sum()).append('\n');
    return out.toString();
  }

  private void family(String name, String help) {
    families.put(name, new Family(help));
  }

  private void count(String name, String... labels) {
    families.get(name).series.computeIfAbsent(labels(labels), k -> new LongAdder()).increment();
  }

  /** {@code {a="x",b="y"}} with Prometheus's escapes. */
  static String labels(String... pairs) {
    if (pairs.length == 0) {
      return "";
    }
    StringBuilder out = new StringBuilder("{");
    for (int i = 0; i < pairs.length; i += 2) {
      if (i > 0) {
        out.append(',');
      }
      String value = pairs[i + 1] == null ? "" : pairs[i + 1];
      out.append(pairs[i])
          .append("=\"")
          .append(value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n"))
          .append('"');
    }
    return out.append('}').toString();
  }

  private static final class Family {
    final String help;
    final Map<String, LongAdder> series = new ConcurrentHashMap<>();

    Family(String help) {
      this.help = help;
    }
  }
}
