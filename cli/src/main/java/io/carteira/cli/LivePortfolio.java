package io.carteira.cli;

import io.carteira.schemas.CustomerHealth;
import io.carteira.schemas.DeadLetter;
import io.carteira.schemas.HealthBand;
import io.carteira.schemas.HealthContribution;
import io.carteira.schemas.Lifecycle;
import io.carteira.schemas.PortfolioStatus;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The demo's picture of the portfolio, folded from customer-health and dead-letters as they arrive.
 */
final class LivePortfolio {

  final Map<String, CustomerHealth> customers = new HashMap<>();
  final Deque<String> changes = new ArrayDeque<>();
  final Deque<DeadLetter> deadLetters = new ArrayDeque<>();
  long snapshots;
  long deadLetterCount;
  Instant latestAsOf = Instant.EPOCH;

  synchronized void apply(CustomerHealth health) {
    snapshots++;
    if (health.getAsOf().isAfter(latestAsOf)) {
      latestAsOf = health.getAsOf();
    }
    CustomerHealth before = customers.put(health.getCustomerId(), health);
    String change = describeChange(before, health);
    if (change != null) {
      changes.addFirst(change);
      while (changes.size() > 8) {
        changes.removeLast();
      }
    }
  }

  synchronized void apply(DeadLetter deadLetter) {
    deadLetterCount++;
    deadLetters.addFirst(deadLetter);
    while (deadLetters.size() > 3) {
      deadLetters.removeLast();
    }
  }

  private static String describeChange(CustomerHealth before, CustomerHealth after) {
    String who =
        String.format("%-9s %-24s", after.getCustomerId(), truncate(after.getCustomerName(), 24));
    if (before == null) {
      return after.getLifecycle() == Lifecycle.PROSPECT
          ? null
          : who + " joined: " + after.getPlanId() + ", " + Money.brl(after.getMrrMinor());
    }
    if (before.getLifecycle() != after.getLifecycle()) {
      return who + " " + before.getLifecycle() + " → " + after.getLifecycle() + reason(after);
    }
    if (before.getHealthBand() != after.getHealthBand()) {
      return who
          + " "
          + before.getHealthBand()
          + " → "
          + after.getHealthBand()
          + " ("
          + after.getHealthScore()
          + ")"
          + reason(after);
    }
    if (before.getMrrMinor() != after.getMrrMinor()) {
      return who
          + " MRR "
          + Money.brl(before.getMrrMinor())
          + " → "
          + Money.brl(after.getMrrMinor());
    }
    return null;
  }

  private static String reason(CustomerHealth health) {
    return health.getContributions().stream()
        .min(Comparator.comparingInt(HealthContribution::getPoints))
        .filter(c -> c.getPoints() < 0)
        .map(c -> "  · " + c.getDetail())
        .orElse("");
  }

  synchronized Summary summary() {
    Map<PortfolioStatus, long[]> byStatus = new EnumMap<>(PortfolioStatus.class);
    Map<Lifecycle, Long> byLifecycle = new EnumMap<>(Lifecycle.class);
    Map<HealthBand, Long> byBand = new EnumMap<>(HealthBand.class);
    long openBalance = 0;
    long openInvoices = 0;
    for (CustomerHealth c : customers.values()) {
      long[] status = byStatus.computeIfAbsent(c.getPortfolioStatus(), s -> new long[2]);
      status[0]++;
      status[1] += c.getMrrMinor();
      byLifecycle.merge(c.getLifecycle(), 1L, Long::sum);
      if (c.getLifecycle() != Lifecycle.PROSPECT && c.getLifecycle() != Lifecycle.CHURNED) {
        byBand.merge(c.getHealthBand(), 1L, Long::sum);
      }
      openBalance += c.getOpenBalanceMinor();
      openInvoices += c.getOpenInvoices();
    }
    Map<String, long[]> byTier = new TreeMap<>();
    Map<String, Long> byBehaviour = new TreeMap<>();
    Map<String, Long> byEngagement = new TreeMap<>();
    Map<String, Long> policies = new TreeMap<>();
    long expansion = 0;
    for (CustomerHealth c : customers.values()) {
      if (c.getLifecycle() == Lifecycle.PROSPECT || c.getLifecycle() == Lifecycle.CHURNED) {
        continue;
      }
      long[] tier = byTier.computeIfAbsent(c.getSegment().getValueTier().name(), t -> new long[2]);
      tier[0]++;
      tier[1] += c.getMrrMinor();
      byBehaviour.merge(c.getSegment().getPaymentBehaviour().name(), 1L, Long::sum);
      byEngagement.merge(c.getSegment().getEngagement().name(), 1L, Long::sum);
      policies.merge(c.getPolicySegment() + " v" + c.getPolicyVersion(), 1L, Long::sum);
      if (c.getExpansionPotential()) {
        expansion++;
      }
    }
    List<CustomerHealth> atRisk =
        customers.values().stream()
            .filter(
                c ->
                    c.getLifecycle() != Lifecycle.CHURNED && c.getLifecycle() != Lifecycle.PROSPECT)
            .filter(
                c ->
                    c.getHealthBand() == HealthBand.AT_RISK
                        || c.getHealthBand() == HealthBand.CRITICAL)
            .sorted(
                Comparator.comparingLong(CustomerHealth::getMrrMinor)
                    .reversed()
                    .thenComparing(CustomerHealth::getHealthScore))
            .limit(6)
            .collect(Collectors.toList());
    return new Summary(
        byStatus,
        byLifecycle,
        byBand,
        openBalance,
        openInvoices,
        atRisk,
        List.copyOf(changes),
        List.copyOf(deadLetters),
        snapshots,
        deadLetterCount,
        latestAsOf,
        customers.size(),
        byTier,
        byBehaviour,
        byEngagement,
        policies,
        expansion);
  }

  record Summary(
      Map<PortfolioStatus, long[]> byStatus,
      Map<Lifecycle, Long> byLifecycle,
      Map<HealthBand, Long> byBand,
      long openBalance,
      long openInvoices,
      List<CustomerHealth> atRisk,
      List<String> changes,
      List<DeadLetter> deadLetters,
      long snapshots,
      long deadLetterCount,
      Instant latestAsOf,
      int customers,
      Map<String, long[]> byTier,
      Map<String, Long> byBehaviour,
      Map<String, Long> byEngagement,
      Map<String, Long> policies,
      long expansionPotential) {}

  static String truncate(String s, int n) {
    if (s == null) {
      return "";
    }
    return s.length() <= n ? s : s.substring(0, n - 1) + "…";
  }
}
