package io.carteira.jobs.support;

import io.carteira.jobs.generator.GeneratedEvent;
import io.carteira.schemas.SubscriptionEvent;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The batch oracle of the portfolio metrics: every metric recomputed from the plain event list,
 * written from the definitions in DESIGN.md section 5 and shared with the streaming code by
 * nothing but those definitions. Windows are business days and calendar months in {@code zone}.
 */
public final class PortfolioOracle {

  /** What moved in one window. */
  private static final class Moves {
    long newMrr, expansion, contraction, churned, reactivation, newCustomers, churnedCustomers, reactivatedCustomers;
  }

  private final ZoneId zone;
  private final TreeMap<LocalDate, Moves> byDay = new TreeMap<>();

  public PortfolioOracle(List<GeneratedEvent> events, ZoneId zone) {
    this.zone = zone;
    List<SubscriptionEvent> subscriptions = new ArrayList<>();
    for (GeneratedEvent event : events) {
      if (event.record() instanceof SubscriptionEvent s) {
        subscriptions.add(s);
      }
    }
    subscriptions.sort(Comparator.comparing(SubscriptionEvent::getEventTime));
    Map<String, Long> mrr = new HashMap<>();
    Set<String> everChurned = new HashSet<>();
    Set<String> seen = new HashSet<>();
    for (SubscriptionEvent s : subscriptions) {
      if (!seen.add(s.getEventId())) {
        continue; // a repeated event counts once
      }
      long before = mrr.getOrDefault(s.getCustomerId(), 0L);
      long after = switch (s.getEventType()) {
        case CANCELLED -> 0L;
        case STARTED, PLAN_CHANGED, RENEWED -> s.getMrrMinor() == null ? before : s.getMrrMinor();
        default -> before;
      };
      mrr.put(s.getCustomerId(), after);
      if (after == before) {
        continue;
      }
      Moves day = byDay.computeIfAbsent(s.getEventTime().atZone(zone).toLocalDate(), d -> new Moves());
      if (before == 0 && everChurned.contains(s.getCustomerId())) {
        day.reactivation += after;
        day.reactivatedCustomers++;
      } else if (before == 0) {
        day.newMrr += after;
        day.newCustomers++;
      } else if (after == 0) {
        day.churned += before;
        day.churnedCustomers++;
        everChurned.add(s.getCustomerId());
      } else if (after > before) {
        day.expansion += after - before;
      } else {
        day.contraction += before - after;
      }
    }
  }

  /** The value of {@code metric} for the window [from, to) of whole days: a money metric in minor units, a rate or a count; null when undefined. */
  public Number value(String metric, LocalDate from, LocalDate to) {
    long mrrStart = 0;
    long customersStart = 0;
    Moves w = new Moves();
    for (Map.Entry<LocalDate, Moves> e : byDay.entrySet()) {
      Moves m = e.getValue();
      if (e.getKey().isBefore(from)) {
        mrrStart += m.newMrr + m.expansion + m.reactivation - m.contraction - m.churned;
        customersStart += m.newCustomers + m.reactivatedCustomers - m.churnedCustomers;
      } else if (e.getKey().isBefore(to)) {
        w.newMrr += m.newMrr;
        w.expansion += m.expansion;
        w.contraction += m.contraction;
        w.churned += m.churned;
        w.reactivation += m.reactivation;
        w.newCustomers += m.newCustomers;
        w.churnedCustomers += m.churnedCustomers;
        w.reactivatedCustomers += m.reactivatedCustomers;
      }
    }
    long mrrEnd = mrrStart + w.newMrr + w.expansion + w.reactivation - w.contraction - w.churned;
    long customersEnd = customersStart + w.newCustomers + w.reactivatedCustomers - w.churnedCustomers;
    return switch (metric) {
      case "mrr" -> mrrEnd;
      case "mrr_start" -> mrrStart;
      case "new_mrr" -> w.newMrr;
      case "expansion_mrr" -> w.expansion;
      case "contraction_mrr" -> w.contraction;
      case "churned_mrr" -> w.churned;
      case "reactivation_mrr" -> w.reactivation;
      case "customers" -> (double) customersEnd;
      case "customers_start" -> (double) customersStart;
      case "new_customers" -> (double) w.newCustomers;
      case "churned_customers" -> (double) w.churnedCustomers;
      case "reactivated_customers" -> (double) w.reactivatedCustomers;
      case "logo_churn_rate" -> ratio(w.churnedCustomers, customersStart);
      case "gross_mrr_churn_rate" -> ratio(w.churned + w.contraction, mrrStart);
      case "net_mrr_churn_rate" -> ratio(w.churned + w.contraction - w.expansion - w.reactivation, mrrStart);
      case "grr" -> ratio(mrrStart - w.churned - w.contraction, mrrStart);
      case "nrr" -> ratio(mrrStart + w.expansion + w.reactivation - w.contraction - w.churned, mrrStart);
      case "quick_ratio" -> ratio(w.newMrr + w.expansion + w.reactivation, w.contraction + w.churned);
      case "arpa" -> customersEnd == 0 ? null : Math.round((double) mrrEnd / customersEnd);
      default -> throw new IllegalArgumentException("the oracle does not know metric " + metric);
    };
  }

  private static Double ratio(long numerator, long denominator) {
    return denominator == 0 ? null : (double) numerator / denominator;
  }

  public LocalDate date(Instant instant) {
    return instant.atZone(zone).toLocalDate();
  }
}
