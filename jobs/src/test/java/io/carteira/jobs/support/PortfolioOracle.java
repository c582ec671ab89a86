package io.carteira.jobs.support;

import io.carteira.jobs.generator.GeneratedEvent;
import io.carteira.schemas.PaymentEvent;
import io.carteira.schemas.SubscriptionEvent;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The batch oracle of the portfolio metrics: every metric recomputed from the plain event list, in
 * the order it was published, written from the definitions in DESIGN.md section 5 (and the metric
 * list of definition version 2) and shared with the streaming code by nothing but those
 * definitions. Windows are business days and calendar months in {@code zone}; balances (MRR by
 * customer, open invoices) are taken at the end of a window's last day.
 */
public final class PortfolioOracle {

  private static final List<String> BUCKETS = List.of("1-15", "16-30", "31-60", "61-90", "90+");

  /** What happened in one day. */
  private static final class Day {
    long newMrr, expansion, contraction, churned, reactivation, newCustomers, churnedCustomers, reactivatedCustomers;
    long acquisitionCost, customersWithCost, refunds, refunded;
    final Map<String, Long> attempts = new HashMap<>();
    final Map<String, Long> failuresByMethod = new HashMap<>();
    final Map<String, Long> failuresByCode = new HashMap<>();
    final List<long[]> recoveries = new ArrayList<>(); // days past due at payment, amount

    void addAll(Day d) {
      newMrr += d.newMrr;
      expansion += d.expansion;
      contraction += d.contraction;
      churned += d.churned;
      reactivation += d.reactivation;
      newCustomers += d.newCustomers;
      churnedCustomers += d.churnedCustomers;
      reactivatedCustomers += d.reactivatedCustomers;
      acquisitionCost += d.acquisitionCost;
      customersWithCost += d.customersWithCost;
      refunds += d.refunds;
      refunded += d.refunded;
      d.attempts.forEach((k, v) -> attempts.merge(k, v, Long::sum));
      d.failuresByMethod.forEach((k, v) -> failuresByMethod.merge(k, v, Long::sum));
      d.failuresByCode.forEach((k, v) -> failuresByCode.merge(k, v, Long::sum));
      recoveries.addAll(d.recoveries);
    }
  }

  /** An unpaid invoice. */
  private static final class Invoice {
    long amount;
    LocalDate due;
    String method;
  }

  /** The balances at the end of a day: MRR of each paying customer, and open invoices (due date, amount). */
  private record Balances(List<Long> mrrs, List<Invoice> open) {}

  private final ZoneId zone;
  private final TreeMap<LocalDate, Day> days = new TreeMap<>();
  private final TreeMap<LocalDate, Balances> balances = new TreeMap<>();

  public PortfolioOracle(List<GeneratedEvent> events, ZoneId zone) {
    this.zone = zone;
    Set<String> seen = new HashSet<>();
    Map<String, Map<String, Long>> subscriptions = new HashMap<>();
    Set<String> mrrChurned = new HashSet<>();
    Map<String, Invoice> open = new HashMap<>(); // by customer and invoice id
    Set<String> paid = new HashSet<>();
    TreeMap<LocalDate, List<GeneratedEvent>> byDay = new TreeMap<>();
    for (GeneratedEvent event : events) {
      byDay.computeIfAbsent(date(event.eventTime()), d -> new ArrayList<>()).add(event);
    }
    if (byDay.isEmpty()) {
      return;
    }
    for (LocalDate date = byDay.firstKey(); !date.isAfter(byDay.lastKey()); date = date.plusDays(1)) {
      Day day = new Day();
      days.put(date, day);
      for (GeneratedEvent event : byDay.getOrDefault(date, List.of())) {
        if (event.record() instanceof SubscriptionEvent s && seen.add(s.getEventId())) {
          subscription(s, day, subscriptions.computeIfAbsent(s.getCustomerId(), c -> new HashMap<>()), mrrChurned);
        } else if (event.record() instanceof PaymentEvent p && seen.add(p.getEventId())) {
          payment(p, day, open, paid);
        }
      }
      List<Long> mrrs = new ArrayList<>();
      subscriptions.values().forEach(subs -> {
        long mrr = subs.values().stream().mapToLong(Long::longValue).sum();
        if (mrr > 0) {
          mrrs.add(mrr);
        }
      });
      List<Invoice> unpaid = new ArrayList<>();
      open.values().forEach(i -> {
        Invoice copy = new Invoice();
        copy.amount = i.amount;
        copy.due = i.due;
        unpaid.add(copy);
      });
      balances.put(date, new Balances(mrrs, unpaid));
    }
  }

  private static void subscription(SubscriptionEvent s, Day day, Map<String, Long> subs, Set<String> mrrChurned) {
    long before = subs.values().stream().mapToLong(Long::longValue).sum();
    String id = s.getSubscriptionId() == null ? "" : s.getSubscriptionId();
    switch (s.getEventType()) {
      case STARTED -> subs.put(id, s.getMrrMinor() != null ? s.getMrrMinor() : subs.getOrDefault(id, 0L));
      case PLAN_CHANGED, RENEWED -> {
        if (s.getMrrMinor() != null) {
          subs.put(id, s.getMrrMinor());
        }
      }
      case CANCELLED -> {
        if (s.getSubscriptionId() == null || (!subs.containsKey(id) && subs.keySet().equals(Set.of("")))) {
          subs.clear();
        } else {
          subs.remove(id);
        }
      }
      default -> { }
    }
    long after = subs.values().stream().mapToLong(Long::longValue).sum();
    if (after == before) {
      return;
    }
    if (before == 0 && mrrChurned.contains(s.getCustomerId())) {
      day.reactivation += after;
      day.reactivatedCustomers++;
    } else if (before == 0) {
      day.newMrr += after;
      day.newCustomers++;
      if (s.getAcquisitionCostMinor() != null && s.getEventType() == io.carteira.schemas.SubscriptionEventType.STARTED) {
        day.acquisitionCost += s.getAcquisitionCostMinor();
        day.customersWithCost++;
      }
    } else if (after == 0) {
      day.churned += before;
      day.churnedCustomers++;
      mrrChurned.add(s.getCustomerId());
    } else if (after > before) {
      day.expansion += after - before;
    } else {
      day.contraction += before - after;
    }
  }

  private void payment(PaymentEvent p, Day day, Map<String, Invoice> open, Set<String> paid) {
    String key = p.getCustomerId() + "/" + p.getInvoiceId();
    Invoice invoice = open.get(key);
    switch (p.getEventType()) {
      case INVOICE_ISSUED -> {
        if (invoice == null && !paid.contains(key)) {
          Invoice opened = new Invoice();
          opened.amount = p.getAmountMinor();
          opened.due = p.getDueDate() != null ? p.getDueDate() : date(p.getEventTime());
          opened.method = p.getMethod() == null ? null : p.getMethod().name();
          open.put(key, opened);
        }
      }
      case PAYMENT_SUCCEEDED, PAYMENT_FAILED -> {
        String method = p.getMethod() != null ? p.getMethod().name() : invoice != null && invoice.method != null ? invoice.method : "OTHER";
        day.attempts.merge(method, 1L, Long::sum);
        if (p.getEventType() == io.carteira.schemas.PaymentEventType.PAYMENT_FAILED) {
          day.failuresByMethod.merge(method, 1L, Long::sum);
          String code = p.getFailureCode() == null || p.getFailureCode().isBlank() ? "unknown" : p.getFailureCode();
          day.failuresByCode.merge(code, 1L, Long::sum);
        } else if (invoice == null) {
          paid.add(key);
        } else if (p.getAmountMinor() != null && p.getAmountMinor() < invoice.amount) {
          invoice.amount -= p.getAmountMinor();
        } else {
          open.remove(key);
          paid.add(key);
          long late = ChronoUnit.DAYS.between(invoice.due, date(p.getEventTime()));
          if (late > 0) {
            day.recoveries.add(new long[] {late, invoice.amount});
          }
        }
      }
      case REFUNDED, CHARGEBACK -> {
        day.refunds++;
        day.refunded += p.getAmountMinor() == null ? 0 : p.getAmountMinor();
      }
      default -> { }
    }
  }

  /**
   * The value of {@code metric} with {@code dimensions} for the window [from, to) of whole days: a
   * money metric in minor units (Long), a count or rate (Double); null when undefined.
   */
  public Number value(String metric, Map<String, String> dimensions, LocalDate from, LocalDate to) {
    Window window = windows.computeIfAbsent(from + "/" + to, k -> window(from, to));
    long mrrStart = window.mrrStart();
    long customersStart = window.customersStart();
    Day w = window.moved();
    LocalDate last = to.minusDays(1);
    Balances end = balances.get(last);
    if (end == null) {
      throw new IllegalArgumentException("the oracle has no day " + last);
    }
    long mrrEnd = mrrStart + w.newMrr + w.expansion + w.reactivation - w.contraction - w.churned;
    long customersEnd = customersStart + w.newCustomers + w.reactivatedCustomers - w.churnedCustomers;
    long attempts = w.attempts.values().stream().mapToLong(Long::longValue).sum();
    if (dimensions.containsKey("method")) {
      String method = dimensions.get("method");
      long n = w.attempts.getOrDefault(method, 0L);
      long failed = w.failuresByMethod.getOrDefault(method, 0L);
      return switch (metric) {
        case "payment_attempts" -> (double) n;
        case "payment_failures" -> (double) failed;
        case "payment_failure_rate" -> ratio(failed, n);
        default -> throw new IllegalArgumentException("no " + metric + " per method");
      };
    }
    if (dimensions.containsKey("failure_code")) {
      long failed = w.failuresByCode.getOrDefault(dimensions.get("failure_code"), 0L);
      return switch (metric) {
        case "payment_failures" -> (double) failed;
        case "payment_failure_rate" -> ratio(failed, attempts);
        default -> throw new IllegalArgumentException("no " + metric + " per failure code");
      };
    }
    String bucket = dimensions.get("aging_bucket");
    if (!dimensions.isEmpty() && bucket == null) {
      throw new IllegalArgumentException("the oracle knows no dimensions " + dimensions);
    }
    long open = 0;
    long pastDue = 0;
    long pastDueInvoices = 0;
    long bucketOpen = 0;
    long bucketInvoices = 0;
    for (Invoice i : end.open()) {
      long late = ChronoUnit.DAYS.between(i.due, last);
      open += i.amount;
      if (late > 0) {
        pastDue += i.amount;
        pastDueInvoices++;
      }
      if (bucket != null && bucket.equals(bucketOf(late))) {
        bucketOpen += i.amount;
        bucketInvoices++;
      }
    }
    List<long[]> recovered = w.recoveries.stream().filter(r -> bucket == null || bucket.equals(bucketOf(r[0]))).toList();
    long recoveredMinor = recovered.stream().mapToLong(r -> r[1]).sum();
    if (bucket != null) {
      return switch (metric) {
        case "open_receivables" -> bucketOpen;
        case "open_invoices" -> (double) bucketInvoices;
        case "delinquency_rate" -> ratio(bucketOpen, open);
        case "recovered_invoices" -> (double) recovered.size();
        case "recovered_minor" -> recoveredMinor;
        case "median_days_to_recover" -> median(recovered);
        case "recovery_rate" -> ratio(recovered.size(), recovered.size() + bucketInvoices);
        default -> throw new IllegalArgumentException("no " + metric + " per aging bucket");
      };
    }
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
      case "arpa" -> money(BigDecimal.valueOf(mrrEnd), BigDecimal.valueOf(customersEnd));
      case "ltv" -> {
        // ARPA over the monthly logo churn rate
        if (customersEnd == 0 || w.churnedCustomers == 0 || customersStart == 0) {
          yield null;
        }
        yield money(BigDecimal.valueOf(mrrEnd).divide(BigDecimal.valueOf(customersEnd), MathContext.DECIMAL128)
            .divide(BigDecimal.valueOf(w.churnedCustomers).divide(BigDecimal.valueOf(customersStart), MathContext.DECIMAL128),
                MathContext.DECIMAL128), BigDecimal.ONE);
      }
      case "cac" -> money(BigDecimal.valueOf(w.acquisitionCost), BigDecimal.valueOf(w.customersWithCost));
      case "payback_months" -> w.customersWithCost == 0 || w.newMrr == 0 ? null
          : (double) w.acquisitionCost / w.customersWithCost / ((double) w.newMrr / w.newCustomers);
      case "revenue_concentration_top_20" -> {
        List<Long> mrrs = new ArrayList<>(end.mrrs());
        mrrs.sort((a, b) -> Long.compare(b, a));
        long total = mrrs.stream().mapToLong(Long::longValue).sum();
        long top = mrrs.stream().limit((long) Math.ceil(mrrs.size() * 0.2)).mapToLong(Long::longValue).sum();
        yield ratio(top, total);
      }
      case "open_receivables" -> open;
      case "open_invoices" -> (double) end.open().size();
      case "past_due_receivables" -> pastDue;
      case "delinquency_rate" -> ratio(pastDue, open);
      case "recovered_invoices" -> (double) recovered.size();
      case "recovered_minor" -> recoveredMinor;
      case "median_days_to_recover" -> median(recovered);
      case "recovery_rate" -> ratio(recovered.size(), recovered.size() + pastDueInvoices);
      case "payment_attempts" -> (double) attempts;
      case "payment_failures" -> (double) w.failuresByMethod.values().stream().mapToLong(Long::longValue).sum();
      case "payment_failure_rate" -> ratio(w.failuresByMethod.values().stream().mapToLong(Long::longValue).sum(), attempts);
      case "refunds" -> (double) w.refunds;
      case "refunded_minor" -> w.refunded;
      default -> throw new IllegalArgumentException("the oracle does not know metric " + metric);
    };
  }

  /** What a window started with and what happened within it. */
  private record Window(long mrrStart, long customersStart, Day moved) {}

  private final Map<String, Window> windows = new HashMap<>();

  private Window window(LocalDate from, LocalDate to) {
    long mrrStart = 0;
    long customersStart = 0;
    Day w = new Day();
    for (Map.Entry<LocalDate, Day> e : days.entrySet()) {
      Day m = e.getValue();
      if (e.getKey().isBefore(from)) {
        mrrStart += m.newMrr + m.expansion + m.reactivation - m.contraction - m.churned;
        customersStart += m.newCustomers + m.reactivatedCustomers - m.churnedCustomers;
      } else if (e.getKey().isBefore(to)) {
        w.addAll(m);
      }
    }
    return new Window(mrrStart, customersStart, w);
  }

  private static String bucketOf(long daysPastDue) {
    if (daysPastDue <= 0) {
      return null;
    }
    long[] upper = {15, 30, 60, 90};
    for (int i = 0; i < upper.length; i++) {
      if (daysPastDue <= upper[i]) {
        return BUCKETS.get(i);
      }
    }
    return BUCKETS.get(4);
  }

  private static Double median(List<long[]> recoveries) {
    if (recoveries.isEmpty()) {
      return null;
    }
    long[] sorted = recoveries.stream().mapToLong(r -> r[0]).sorted().toArray();
    int n = sorted.length;
    return n % 2 == 1 ? (double) sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
  }

  private static Long money(BigDecimal numerator, BigDecimal denominator) {
    return denominator.signum() == 0 ? null : numerator.divide(denominator, 0, RoundingMode.HALF_UP).longValueExact();
  }

  private static Double ratio(long numerator, long denominator) {
    return denominator == 0 ? null : (double) numerator / denominator;
  }

  public LocalDate date(Instant instant) {
    return instant.atZone(zone).toLocalDate();
  }
}
