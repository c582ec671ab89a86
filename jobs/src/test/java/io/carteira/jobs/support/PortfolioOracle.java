package io.carteira.jobs.support;

import io.carteira.embedded.generator.GeneratedEvent;
import io.carteira.schemas.FailureCodes;
import io.carteira.schemas.PaymentEvent;
import io.carteira.schemas.PaymentEventType;
import io.carteira.schemas.SubscriptionEvent;
import io.carteira.schemas.SubscriptionEventType;
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
 * the order it was published, written from the metric definitions of docs/metrics.md (and the
 * metric list of definition version 2) and shared with the streaming code by nothing but those
 * definitions. Windows are business days and calendar months in {@code zone}; balances (MRR by
 * customer, open invoices) are taken at the end of a window's last day.
 *
 * <p>Segments (definition version 3) are books of their own: a customer's MRR counts in the
 * acquisition channel it had stated by the time it first paid ("unknown" if none), for good; an
 * invoice, its payments and their attempts count in the payment behaviour of the customer when the
 * invoice was issued (from the share of its invoices paid after their due date: none paid UNKNOWN,
 * at most 10% PUNCTUAL, under 40% OCCASIONALLY_LATE, else CHRONICALLY_LATE, the default policy's
 * thresholds); an attempt or refund naming no open invoice, in the behaviour at the time.
 */
public final class PortfolioOracle {

  private static final List<String> BUCKETS = List.of("1-15", "16-30", "31-60", "61-90", "90+");

  /** What happened in one day. */
  private static final class Day {
    long newMrr,
        expansion,
        contraction,
        churned,
        voluntaryChurned,
        involuntaryChurned,
        reactivation,
        newCustomers,
        churnedCustomers,
        voluntaryChurnedCustomers,
        involuntaryChurnedCustomers,
        reactivatedCustomers;
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
      voluntaryChurned += d.voluntaryChurned;
      involuntaryChurned += d.involuntaryChurned;
      voluntaryChurnedCustomers += d.voluntaryChurnedCustomers;
      involuntaryChurnedCustomers += d.involuntaryChurnedCustomers;
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
    boolean dueStated;
    String method;
    String behaviour;
  }

  /**
   * One slice of the portfolio: what happened in it each day, and its balances at the end of each
   * day.
   */
  private static final class Book {
    final TreeMap<LocalDate, Day> days = new TreeMap<>();
    final TreeMap<LocalDate, Balances> balances = new TreeMap<>();
    final Map<String, Window> windows = new HashMap<>();

    Day day(LocalDate date) {
      return days.computeIfAbsent(date, d -> new Day());
    }
  }

  /** What the oracle knows of a customer. */
  private static final class Customer {
    final Map<String, Long> subscriptions = new HashMap<>();
    boolean mrrChurned;
    boolean hardDeclineUnfixed;
    String channelStated;
    String channel; // pinned when it first pays
    int paidOnTime;
    int paidLate;

    String behaviour() {
      int paid = paidOnTime + paidLate;
      if (paid == 0) {
        return "UNKNOWN";
      }
      double lateShare = (double) paidLate / paid;
      return lateShare <= 0.1
          ? "PUNCTUAL"
          : lateShare < 0.4 ? "OCCASIONALLY_LATE" : "CHRONICALLY_LATE";
    }

    long mrr() {
      return subscriptions.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  /**
   * The balances at the end of a day: MRR of each paying customer, and open invoices (due date,
   * amount).
   */
  private record Balances(List<Long> mrrs, List<Invoice> open) {}

  private final ZoneId zone;

  /** The books by slice: "" for the whole portfolio, "dimension=segment" for a segment. */
  private final Map<String, Book> books = new HashMap<>();

  public PortfolioOracle(List<GeneratedEvent> events, ZoneId zone) {
    this.zone = zone;
    Set<String> seen = new HashSet<>();
    Map<String, Customer> customers = new HashMap<>();
    Map<String, Invoice> open = new HashMap<>(); // by customer and invoice id
    Set<String> paid = new HashSet<>();
    TreeMap<LocalDate, List<GeneratedEvent>> byDay = new TreeMap<>();
    for (GeneratedEvent event : events) {
      byDay.computeIfAbsent(date(event.eventTime()), d -> new ArrayList<>()).add(event);
    }
    books.put("", new Book());
    if (byDay.isEmpty()) {
      return;
    }
    for (LocalDate date = byDay.firstKey();
        !date.isAfter(byDay.lastKey());
        date = date.plusDays(1)) {
      for (GeneratedEvent event : byDay.getOrDefault(date, List.of())) {
        if (event.record() instanceof SubscriptionEvent s && seen.add(s.getEventId())) {
          subscription(
              s, date, customers.computeIfAbsent(s.getCustomerId(), c -> new Customer()), open);
        } else if (event.record() instanceof PaymentEvent p && seen.add(p.getEventId())) {
          payment(
              p,
              date,
              customers.computeIfAbsent(p.getCustomerId(), c -> new Customer()),
              open,
              paid);
        }
      }
      Map<String, Balances> end = new HashMap<>();
      for (String slice : books.keySet()) {
        end.put(slice, new Balances(new ArrayList<>(), new ArrayList<>()));
      }
      customers
          .values()
          .forEach(
              c -> {
                long mrr = c.mrr();
                if (mrr > 0) {
                  end.get("").mrrs().add(mrr);
                  end.get("acquisition_channel=" + c.channel).mrrs().add(mrr);
                }
              });
      open.values()
          .forEach(
              i -> {
                Invoice copy = new Invoice();
                copy.amount = i.amount;
                copy.due = i.due;
                end.get("").open().add(copy);
                end.get("payment_behaviour=" + i.behaviour).open().add(copy);
              });
      for (Map.Entry<String, Book> book : books.entrySet()) {
        book.getValue().day(date);
        book.getValue().balances.put(date, end.get(book.getKey()));
      }
    }
  }

  /** The days of the whole portfolio and of one segment, where a fact of {@code date} counts. */
  private List<Day> daysOf(LocalDate date, String dimension, String segment) {
    return List.of(
        books.get("").day(date),
        books.computeIfAbsent(dimension + "=" + segment, k -> new Book()).day(date));
  }

  private void subscription(
      SubscriptionEvent s, LocalDate date, Customer customer, Map<String, Invoice> open) {
    Map<String, Long> subs = customer.subscriptions;
    String stated = s.getAttributes().get("acquisition_channel");
    if (customer.channelStated == null && stated != null && !stated.isBlank()) {
      customer.channelStated = stated;
    }
    long before = customer.mrr();
    String id = s.getSubscriptionId() == null ? "" : s.getSubscriptionId();
    switch (s.getEventType()) {
      case STARTED ->
          subs.put(id, s.getMrrMinor() != null ? s.getMrrMinor() : subs.getOrDefault(id, 0L));
      case PLAN_CHANGED, RENEWED -> {
        if (s.getMrrMinor() != null) {
          subs.put(id, s.getMrrMinor());
        }
      }
      case CANCELLED -> {
        if (s.getSubscriptionId() == null
            || (!subs.containsKey(id) && subs.keySet().equals(Set.of("")))) {
          subs.clear();
        } else {
          subs.remove(id);
        }
      }
      default -> {}
    }
    long after = customer.mrr();
    if (after == before) {
      return;
    }
    if (customer.channel == null) {
      customer.channel = customer.channelStated != null ? customer.channelStated : "unknown";
    }
    for (Day day : daysOf(date, "acquisition_channel", customer.channel)) {
      if (before == 0 && customer.mrrChurned) {
        day.reactivation += after;
        day.reactivatedCustomers++;
      } else if (before == 0) {
        day.newMrr += after;
        day.newCustomers++;
        if (s.getAcquisitionCostMinor() != null
            && s.getEventType() == SubscriptionEventType.STARTED) {
          day.acquisitionCost += s.getAcquisitionCostMinor();
          day.customersWithCost++;
        }
      } else if (after == 0) {
        day.churned += before;
        day.churnedCustomers++;
        if (involuntary(s.getCustomerId(), customer, date, open)) {
          day.involuntaryChurned += before;
          day.involuntaryChurnedCustomers++;
        } else {
          day.voluntaryChurned += before;
          day.voluntaryChurnedCustomers++;
        }
      } else if (after > before) {
        day.expansion += after - before;
      } else {
        day.contraction += before - after;
      }
    }
    if (after == 0) {
      customer.mrrChurned = true;
    }
  }

  /**
   * Whether a churn is involuntary: the customer's card was declined hard (an expired, lost or
   * stolen card, a closed account...) and no payment succeeded nor method was updated since, or its
   * oldest unpaid invoice with a due date is as many days past due as the end of its dunning ladder
   * (the default policy's: 25 days for a chronically late payer, else 30).
   */
  private static boolean involuntary(
      String customerId, Customer customer, LocalDate date, Map<String, Invoice> open) {
    if (customer.hardDeclineUnfixed) {
      return true;
    }
    long daysPastDue = 0;
    for (Map.Entry<String, Invoice> e : open.entrySet()) {
      Invoice invoice = e.getValue();
      if (e.getKey().startsWith(customerId + "/") && invoice.dueStated) {
        daysPastDue = Math.max(daysPastDue, ChronoUnit.DAYS.between(invoice.due, date));
      }
    }
    int ladderEnd = customer.behaviour().equals("CHRONICALLY_LATE") ? 25 : 30;
    return daysPastDue >= ladderEnd;
  }

  private void payment(
      PaymentEvent p,
      LocalDate date,
      Customer customer,
      Map<String, Invoice> open,
      Set<String> paid) {
    String key = p.getCustomerId() + "/" + p.getInvoiceId();
    Invoice invoice = open.get(key);
    String behaviour = invoice != null ? invoice.behaviour : customer.behaviour();
    switch (p.getEventType()) {
      case INVOICE_ISSUED -> {
        if (invoice == null && !paid.contains(key)) {
          Invoice opened = new Invoice();
          opened.amount = p.getAmountMinor();
          opened.dueStated = p.getDueDate() != null;
          opened.due = opened.dueStated ? p.getDueDate() : date;
          opened.method = p.getMethod() == null ? null : p.getMethod().name();
          opened.behaviour = behaviour;
          open.put(key, opened);
          daysOf(
              date,
              "payment_behaviour",
              behaviour); // the segment's book opens with its first invoice
        }
      }
      case PAYMENT_SUCCEEDED, PAYMENT_FAILED -> {
        String method =
            p.getMethod() != null
                ? p.getMethod().name()
                : invoice != null && invoice.method != null ? invoice.method : "OTHER";
        boolean failed = p.getEventType() == PaymentEventType.PAYMENT_FAILED;
        if (failed && FailureCodes.isHardDecline(p.getFailureCode())) {
          customer.hardDeclineUnfixed = true;
        } else if (!failed) {
          customer.hardDeclineUnfixed = false;
        }
        String code =
            p.getFailureCode() == null || p.getFailureCode().isBlank()
                ? "unknown"
                : p.getFailureCode();
        long[] recovery = null;
        if (failed) {
          // nothing owed changes
        } else if (invoice == null) {
          paid.add(key);
        } else if (p.getAmountMinor() != null && p.getAmountMinor() < invoice.amount) {
          invoice.amount -= p.getAmountMinor();
        } else {
          open.remove(key);
          paid.add(key);
          long late = ChronoUnit.DAYS.between(invoice.due, date);
          if (late > 0) {
            recovery = new long[] {late, invoice.amount};
          }
          if (invoice.dueStated && date.isAfter(invoice.due)) {
            customer.paidLate++;
          } else {
            customer.paidOnTime++;
          }
        }
        for (Day day : daysOf(date, "payment_behaviour", behaviour)) {
          day.attempts.merge(method, 1L, Long::sum);
          if (failed) {
            day.failuresByMethod.merge(method, 1L, Long::sum);
            day.failuresByCode.merge(code, 1L, Long::sum);
          }
          if (recovery != null) {
            day.recoveries.add(recovery);
          }
        }
      }
      case PAYMENT_METHOD_UPDATED -> customer.hardDeclineUnfixed = false;
      case REFUNDED, CHARGEBACK -> {
        for (Day day : daysOf(date, "payment_behaviour", behaviour)) {
          day.refunds++;
          day.refunded += p.getAmountMinor() == null ? 0 : p.getAmountMinor();
        }
      }
      default -> {}
    }
  }

  /**
   * The value of {@code metric} with {@code dimensions} for the window [from, to) of whole days: a
   * money metric in minor units (Long), a count or rate (Double); null when undefined.
   */
  public Number value(String metric, Map<String, String> dimensions, LocalDate from, LocalDate to) {
    Map<String, String> breakdown = new HashMap<>(dimensions);
    String channel = breakdown.remove("acquisition_channel");
    String behaviour = breakdown.remove("payment_behaviour");
    String slice =
        channel != null
            ? "acquisition_channel=" + channel
            : behaviour != null ? "payment_behaviour=" + behaviour : "";
    Book book = books.get(slice);
    if (book == null) {
      throw new IllegalArgumentException("the oracle has no segment " + slice);
    }
    boolean mrrFamily = MRR_FAMILY.contains(metric);
    if ((channel != null && !mrrFamily) || (behaviour != null && mrrFamily)) {
      throw new IllegalArgumentException(metric + " is not reported per " + slice);
    }
    return value(book, metric, breakdown, from, to);
  }

  /** The metrics reported per acquisition channel; the others are per payment behaviour. */
  private static final Set<String> MRR_FAMILY =
      Set.of(
          "mrr",
          "mrr_start",
          "new_mrr",
          "expansion_mrr",
          "contraction_mrr",
          "churned_mrr",
          "voluntary_churned_mrr",
          "involuntary_churned_mrr",
          "reactivation_mrr",
          "customers",
          "customers_start",
          "new_customers",
          "churned_customers",
          "voluntary_churned_customers",
          "involuntary_churned_customers",
          "reactivated_customers",
          "logo_churn_rate",
          "gross_mrr_churn_rate",
          "net_mrr_churn_rate",
          "grr",
          "nrr",
          "quick_ratio",
          "arpa",
          "ltv",
          "cac",
          "payback_months",
          "revenue_concentration_top_20");

  private Number value(
      Book book, String metric, Map<String, String> dimensions, LocalDate from, LocalDate to) {
    Window window = book.windows.computeIfAbsent(from + "/" + to, k -> window(book, from, to));
    long mrrStart = window.mrrStart();
    long customersStart = window.customersStart();
    Day w = window.moved();
    LocalDate last = to.minusDays(1);
    Balances end = book.balances.get(last);
    if (end == null) {
      throw new IllegalArgumentException("the oracle has no day " + last);
    }
    long mrrEnd = mrrStart + w.newMrr + w.expansion + w.reactivation - w.contraction - w.churned;
    long customersEnd =
        customersStart + w.newCustomers + w.reactivatedCustomers - w.churnedCustomers;
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
    List<long[]> recovered =
        w.recoveries.stream().filter(r -> bucket == null || bucket.equals(bucketOf(r[0]))).toList();
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
      case "voluntary_churned_mrr" -> w.voluntaryChurned;
      case "involuntary_churned_mrr" -> w.involuntaryChurned;
      case "reactivation_mrr" -> w.reactivation;
      case "customers" -> (double) customersEnd;
      case "customers_start" -> (double) customersStart;
      case "new_customers" -> (double) w.newCustomers;
      case "churned_customers" -> (double) w.churnedCustomers;
      case "voluntary_churned_customers" -> (double) w.voluntaryChurnedCustomers;
      case "involuntary_churned_customers" -> (double) w.involuntaryChurnedCustomers;
      case "reactivated_customers" -> (double) w.reactivatedCustomers;
      case "logo_churn_rate" -> ratio(w.churnedCustomers, customersStart);
      case "gross_mrr_churn_rate" -> ratio(w.churned + w.contraction, mrrStart);
      case "net_mrr_churn_rate" ->
          ratio(w.churned + w.contraction - w.expansion - w.reactivation, mrrStart);
      case "grr" -> ratio(mrrStart - w.churned - w.contraction, mrrStart);
      case "nrr" ->
          ratio(mrrStart + w.expansion + w.reactivation - w.contraction - w.churned, mrrStart);
      case "quick_ratio" ->
          ratio(w.newMrr + w.expansion + w.reactivation, w.contraction + w.churned);
      case "arpa" -> money(BigDecimal.valueOf(mrrEnd), BigDecimal.valueOf(customersEnd));
      case "ltv" -> {
        // ARPA over the monthly logo churn rate
        if (customersEnd == 0 || w.churnedCustomers == 0 || customersStart == 0) {
          yield null;
        }
        yield money(
            BigDecimal.valueOf(mrrEnd)
                .divide(BigDecimal.valueOf(customersEnd), MathContext.DECIMAL128)
                .divide(
                    BigDecimal.valueOf(w.churnedCustomers)
                        .divide(BigDecimal.valueOf(customersStart), MathContext.DECIMAL128),
                    MathContext.DECIMAL128),
            BigDecimal.ONE);
      }
      case "cac" ->
          money(BigDecimal.valueOf(w.acquisitionCost), BigDecimal.valueOf(w.customersWithCost));
      case "payback_months" ->
          w.customersWithCost == 0 || w.newMrr == 0
              ? null
              : (double) w.acquisitionCost
                  / w.customersWithCost
                  / ((double) w.newMrr / w.newCustomers);
      case "revenue_concentration_top_20" -> {
        List<Long> mrrs = new ArrayList<>(end.mrrs());
        mrrs.sort((a, b) -> Long.compare(b, a));
        long total = mrrs.stream().mapToLong(Long::longValue).sum();
        long top =
            mrrs.stream()
                .limit((long) Math.ceil(mrrs.size() * 0.2))
                .mapToLong(Long::longValue)
                .sum();
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
      case "payment_failures" ->
          (double) w.failuresByMethod.values().stream().mapToLong(Long::longValue).sum();
      case "payment_failure_rate" ->
          ratio(w.failuresByMethod.values().stream().mapToLong(Long::longValue).sum(), attempts);
      case "refunds" -> (double) w.refunds;
      case "refunded_minor" -> w.refunded;
      default -> throw new IllegalArgumentException("the oracle does not know metric " + metric);
    };
  }

  /** What a window started with and what happened within it. */
  private record Window(long mrrStart, long customersStart, Day moved) {}

  private static Window window(Book book, LocalDate from, LocalDate to) {
    long mrrStart = 0;
    long customersStart = 0;
    Day w = new Day();
    for (Map.Entry<LocalDate, Day> e : book.days.entrySet()) {
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
    return denominator.signum() == 0
        ? null
        : numerator.divide(denominator, 0, RoundingMode.HALF_UP).longValueExact();
  }

  private static Double ratio(long numerator, long denominator) {
    return denominator == 0 ? null : (double) numerator / denominator;
  }

  public LocalDate date(Instant instant) {
    return instant.atZone(zone).toLocalDate();
  }
}
