package io.carteira.console.model;

import io.carteira.schemas.AlertStatus;
import io.carteira.schemas.RiskAlert;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The alerts read from {@code risk-alerts}: the open and escalated ones ordered by what they put at
 * stake (risk score × MRR at risk, so a likely loss of a large account comes first), each with its
 * history of changes; the latest resolved ones kept for their page.
 */
public final class AlertInbox {

  /** One change of an alert: its status, when (event time), its score and severity then. */
  public record Step(String status, Instant at, int riskScore, String severity) {}

  /** An alert's latest record and every change read of it. */
  public record Tracked(RiskAlert latest, List<Step> history) {
    public long stake() {
      return (long) latest.getRiskScore() * latest.getMrrAtRiskMinor();
    }
  }

  /** What the inbox can be narrowed to; a null field does not narrow. */
  public record Filter(
      String severity, String churnType, String pattern, String segment, String owner) {
    boolean admits(RiskAlert a) {
      return (severity == null || severity.equals(a.getSeverity().name()))
          && (churnType == null || churnType.equals(a.getChurnType().name()))
          && (pattern == null || pattern.equals(a.getPattern()))
          && (segment == null || segment.equals(a.getSegment().getValueTier().name()))
          && (owner == null || owner.equals(String.valueOf(a.getAccountOwner())));
    }
  }

  private static final int RESOLVED_KEPT = 500;
  private static final Comparator<Tracked> MOST_AT_STAKE =
      Comparator.comparingLong(Tracked::stake)
          .reversed()
          .thenComparing(t -> t.latest().getEventTime(), Comparator.reverseOrder())
          .thenComparing(t -> t.latest().getAlertId());

  private final Map<String, Tracked> open = new HashMap<>();
  private final TreeSet<Tracked> ordered = new TreeSet<>(MOST_AT_STAKE);
  private final LinkedHashMap<String, Tracked> resolved = new LinkedHashMap<>();
  private long changes;
  private long resolvedCount;

  /** Takes in one alert change; returns the alert as now tracked. */
  public synchronized Tracked apply(RiskAlert alert) {
    changes++;
    String id = alert.getAlertId();
    Tracked before = open.remove(id);
    if (before == null) {
      before = resolved.remove(id);
    } else {
      ordered.remove(before);
    }
    List<Step> history = before == null ? new ArrayList<>() : new ArrayList<>(before.history());
    history.add(
        new Step(
            alert.getStatus().name(),
            alert.getEventTime(),
            alert.getRiskScore(),
            alert.getSeverity().name()));
    Tracked now = new Tracked(alert, List.copyOf(history));
    if (alert.getStatus() == AlertStatus.RESOLVED) {
      resolvedCount++;
      resolved.put(id, now);
      if (resolved.size() > RESOLVED_KEPT) {
        resolved.remove(resolved.keySet().iterator().next());
      }
    } else {
      open.put(id, now);
      ordered.add(now);
    }
    return now;
  }

  /** A page of the open and escalated alerts that {@code filter} admits, most at stake first. */
  public synchronized Page<Tracked> open(Filter filter, int offset, int limit) {
    List<Tracked> admitted = new ArrayList<>();
    for (Tracked t : ordered) {
      if (filter.admits(t.latest())) {
        admitted.add(t);
      }
    }
    return Page.of(admitted, admitted.size(), offset, limit);
  }

  /** The latest resolved alerts, newest first. */
  public synchronized List<Tracked> recentlyResolved(int limit) {
    List<Tracked> all = new ArrayList<>(resolved.values());
    List<Tracked> newest = new ArrayList<>();
    for (int i = all.size() - 1; i >= 0 && newest.size() < limit; i--) {
      newest.add(all.get(i));
    }
    return newest;
  }

  /** The open and escalated alerts of one customer, most at stake first. */
  public synchronized List<Tracked> openFor(String customerId) {
    List<Tracked> found = new ArrayList<>();
    for (Tracked t : ordered) {
      if (t.latest().getCustomerId().equals(customerId)) {
        found.add(t);
      }
    }
    return found;
  }

  public synchronized Tracked get(String alertId) {
    Tracked t = open.get(alertId);
    return t != null ? t : resolved.get(alertId);
  }

  /**
   * How many open alerts have each severity, churn type, pattern, value tier and account owner: the
   * choices of the inbox's filters.
   */
  public synchronized Map<String, Map<String, Long>> facets() {
    Map<String, Function<RiskAlert, String>> by = new LinkedHashMap<>();
    by.put("severity", a -> a.getSeverity().name());
    by.put("churn_type", a -> a.getChurnType().name());
    by.put("pattern", RiskAlert::getPattern);
    by.put("segment", a -> a.getSegment().getValueTier().name());
    by.put("owner", a -> String.valueOf(a.getAccountOwner()));
    Map<String, Map<String, Long>> facets = new LinkedHashMap<>();
    by.forEach(
        (name, f) -> {
          Map<String, Long> counts = new TreeMap<>();
          open.values().forEach(t -> counts.merge(f.apply(t.latest()), 1L, Long::sum));
          facets.put(name, counts);
        });
    return facets;
  }

  /** Open (and escalated) alerts, escalated ones, MRR at risk, resolved so far, changes read. */
  public synchronized long[] counts() {
    long escalated = count(t -> t.latest().getStatus() == AlertStatus.ESCALATED);
    long atRisk = open.values().stream().mapToLong(t -> t.latest().getMrrAtRiskMinor()).sum();
    return new long[] {open.size(), escalated, atRisk, resolvedCount, changes};
  }

  private long count(Predicate<Tracked> p) {
    return open.values().stream().filter(p).count();
  }
}
