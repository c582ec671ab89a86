package io.carteira.console.model;

import io.carteira.schemas.PortfolioMetric;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The figures read from {@code portfolio-metrics}, upserted by their key as the topic's definition
 * asks (a provisional figure of the open day is replaced by later ones, and by the final one when
 * the day closes): one series per currency, window kind, metric and dimensions, the latest {@value
 * #DAYS_KEPT} windows of each.
 */
public final class MetricsBook {

  static final int DAYS_KEPT = 400;

  /** One window's figure: a count, rate or ratio in {@code value}, money in {@code valueMinor}. */
  public record Point(
      Instant start, Instant end, Double value, Long valueMinor, boolean provisional) {}

  private final TreeMap<String, TreeMap<Instant, Point>> series = new TreeMap<>();
  private final TreeSet<String> currencies = new TreeSet<>();
  private long version;

  /** The series key: currency, window kind, metric, then the dimensions in name order. */
  static String key(String currency, String window, String metric, Map<String, String> dims) {
    StringBuilder k =
        new StringBuilder(currency).append('|').append(window).append('|').append(metric);
    new TreeMap<>(dims).forEach((d, v) -> k.append('|').append(d).append('=').append(v));
    return k.toString();
  }

  public synchronized void apply(PortfolioMetric m) {
    String currency = m.getCurrency() == null ? "—" : m.getCurrency();
    currencies.add(currency);
    TreeMap<Instant, Point> points =
        series.computeIfAbsent(
            key(currency, m.getWindowKind().name(), m.getMetric(), m.getDimensions()),
            k -> new TreeMap<>());
    points.put(
        m.getWindowStart(),
        new Point(
            m.getWindowStart(),
            m.getWindowEnd(),
            m.getValue(),
            m.getValueMinor(),
            m.getProvisional()));
    while (points.size() > DAYS_KEPT) {
      points.pollFirstEntry();
    }
    version++;
  }

  /** The series of a metric, oldest first; empty when none was read. */
  public synchronized List<Point> series(
      String currency, String window, String metric, Map<String, String> dims) {
    TreeMap<Instant, Point> points = series.get(key(currency, window, metric, dims));
    return points == null ? List.of() : new ArrayList<>(points.values());
  }

  /** The latest window's figure of a metric, or null. */
  public synchronized Point latest(
      String currency, String window, String metric, Map<String, String> dims) {
    TreeMap<Instant, Point> points = series.get(key(currency, window, metric, dims));
    return points == null || points.isEmpty() ? null : points.lastEntry().getValue();
  }

  /**
   * The latest figure of a metric for each value of one breakdown dimension, e.g. {@code
   * open_receivables} by {@code aging_bucket}: breakdown value → point.
   */
  public synchronized Map<String, Point> breakdown(
      String currency, String window, String metric, String dimension) {
    String prefix = currency + '|' + window + '|' + metric + '|' + dimension + '=';
    Map<String, Point> found = new TreeMap<>();
    NavigableMap<String, TreeMap<Instant, Point>> keys =
        series.subMap(prefix, true, prefix + Character.MAX_VALUE, true);
    keys.forEach(
        (k, points) -> {
          String rest = k.substring(prefix.length());
          if (!rest.contains("|") && !points.isEmpty()) {
            found.put(rest, points.lastEntry().getValue());
          }
        });
    return found;
  }

  public synchronized List<String> currencies() {
    return new ArrayList<>(currencies);
  }

  /** Grows by one with every figure read: a page asks again only when it moved. */
  public synchronized long version() {
    return version;
  }
}
