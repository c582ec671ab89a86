package io.carteira.operators.metrics;

import io.carteira.schemas.ChurnType;
import io.carteira.schemas.MovementTotals;
import io.carteira.schemas.MrrMovement;
import io.carteira.schemas.OpenReceivable;
import io.carteira.schemas.PaymentAttempt;
import io.carteira.schemas.PortfolioFact;
import io.carteira.schemas.ReceivableChange;
import java.util.HashMap;
import java.util.Map;

/**
 * A day's movement totals of the portfolio, as plain Java: a fact added to the day (its flows, and
 * its balance changes until the day closes), days added into a window, the day closed into the
 * running balances, and the MRR and paying customers a window ends with.
 */
public final class DayTotals {

  private DayTotals() {}

  /** Adds one fact to a day's totals: its flows, and its balance changes until the day closes. */
  public static void add(MovementTotals t, PortfolioFact fact) {
    MrrMovement movement = fact.getMrrMovement();
    if (movement != null) {
      add(t, movement);
      if (fact.getAcquisitionCostMinor() != null) {
        t.setAcquisitionCostMinor(t.getAcquisitionCostMinor() + fact.getAcquisitionCostMinor());
        t.setCustomersWithAcquisitionCost(t.getCustomersWithAcquisitionCost() + 1);
      }
      Map<String, Integer> changes = new HashMap<>(t.getMrrChanges());
      if (movement.getMrrBeforeMinor() > 0) {
        changes.merge(String.valueOf(movement.getMrrBeforeMinor()), -1, Integer::sum);
      }
      if (movement.getMrrAfterMinor() > 0) {
        changes.merge(String.valueOf(movement.getMrrAfterMinor()), 1, Integer::sum);
      }
      t.setMrrChanges(changes);
    }
    ReceivableChange receivable = fact.getReceivable();
    if (receivable != null) {
      Map<String, OpenReceivable> changes = new HashMap<>(t.getReceivableChanges());
      OpenReceivable due =
          changes.computeIfAbsent(
              String.valueOf(receivable.getDueDate().toEpochDay()),
              d -> new OpenReceivable(0L, 0L));
      due.setAmountMinor(due.getAmountMinor() + receivable.getAmountMinor());
      due.setInvoices(due.getInvoices() + receivable.getInvoices());
      t.setReceivableChanges(changes);
      Integer late = receivable.getDaysPastDueAtPayment();
      if (late != null) {
        String bucket = AgingBuckets.of(late);
        t.setRecoveredInvoicesByBucket(plus(t.getRecoveredInvoicesByBucket(), bucket, 1));
        t.setRecoveredMinorByBucket(
            plus(t.getRecoveredMinorByBucket(), bucket, -receivable.getAmountMinor()));
        t.setDaysToRecover(plus(t.getDaysToRecover(), String.valueOf(late), 1));
      }
    }
    PaymentAttempt attempt = fact.getPaymentAttempt();
    if (attempt != null) {
      t.setAttemptsByMethod(plus(t.getAttemptsByMethod(), attempt.getMethod(), 1));
      if (attempt.getFailureCode() != null) {
        t.setFailuresByMethod(plus(t.getFailuresByMethod(), attempt.getMethod(), 1));
        t.setFailuresByCode(plus(t.getFailuresByCode(), attempt.getFailureCode(), 1));
      }
    }
    if (fact.getRefundMinor() != null) {
      t.setRefunds(t.getRefunds() + 1);
      t.setRefundedMinor(t.getRefundedMinor() + fact.getRefundMinor());
    }
  }

  /** Adds one MRR movement to a day's totals. */
  public static void add(MovementTotals totals, MrrMovement movement) {
    long amount = movement.getAmountMinor();
    switch (movement.getMovement()) {
      case NEW -> {
        totals.setNewMrr(totals.getNewMrr() + amount);
        totals.setNewCustomers(totals.getNewCustomers() + 1);
      }
      case EXPANSION -> totals.setExpansionMrr(totals.getExpansionMrr() + amount);
      case CONTRACTION -> totals.setContractionMrr(totals.getContractionMrr() + amount);
      case CHURN -> {
        totals.setChurnedMrr(totals.getChurnedMrr() + amount);
        totals.setChurnedCustomers(totals.getChurnedCustomers() + 1);
        if (movement.getChurnType() == ChurnType.INVOLUNTARY) {
          totals.setInvoluntaryChurnedMrr(totals.getInvoluntaryChurnedMrr() + amount);
          totals.setInvoluntaryChurnedCustomers(totals.getInvoluntaryChurnedCustomers() + 1);
        } else {
          totals.setVoluntaryChurnedMrr(totals.getVoluntaryChurnedMrr() + amount);
          totals.setVoluntaryChurnedCustomers(totals.getVoluntaryChurnedCustomers() + 1);
        }
      }
      case REACTIVATION -> {
        totals.setReactivationMrr(totals.getReactivationMrr() + amount);
        totals.setReactivatedCustomers(totals.getReactivatedCustomers() + 1);
      }
    }
  }

  /**
   * Adds the flows of {@code more} into {@code totals} (balance changes are not summed over
   * windows).
   */
  public static void add(MovementTotals totals, MovementTotals more) {
    totals.setNewMrr(totals.getNewMrr() + more.getNewMrr());
    totals.setExpansionMrr(totals.getExpansionMrr() + more.getExpansionMrr());
    totals.setContractionMrr(totals.getContractionMrr() + more.getContractionMrr());
    totals.setChurnedMrr(totals.getChurnedMrr() + more.getChurnedMrr());
    totals.setReactivationMrr(totals.getReactivationMrr() + more.getReactivationMrr());
    totals.setVoluntaryChurnedMrr(totals.getVoluntaryChurnedMrr() + more.getVoluntaryChurnedMrr());
    totals.setInvoluntaryChurnedMrr(
        totals.getInvoluntaryChurnedMrr() + more.getInvoluntaryChurnedMrr());
    totals.setVoluntaryChurnedCustomers(
        totals.getVoluntaryChurnedCustomers() + more.getVoluntaryChurnedCustomers());
    totals.setInvoluntaryChurnedCustomers(
        totals.getInvoluntaryChurnedCustomers() + more.getInvoluntaryChurnedCustomers());
    totals.setNewCustomers(totals.getNewCustomers() + more.getNewCustomers());
    totals.setChurnedCustomers(totals.getChurnedCustomers() + more.getChurnedCustomers());
    totals.setReactivatedCustomers(
        totals.getReactivatedCustomers() + more.getReactivatedCustomers());
    totals.setAcquisitionCostMinor(
        totals.getAcquisitionCostMinor() + more.getAcquisitionCostMinor());
    totals.setCustomersWithAcquisitionCost(
        totals.getCustomersWithAcquisitionCost() + more.getCustomersWithAcquisitionCost());
    totals.setAttemptsByMethod(plus(totals.getAttemptsByMethod(), more.getAttemptsByMethod()));
    totals.setFailuresByMethod(plus(totals.getFailuresByMethod(), more.getFailuresByMethod()));
    totals.setFailuresByCode(plus(totals.getFailuresByCode(), more.getFailuresByCode()));
    totals.setRecoveredInvoicesByBucket(
        plus(totals.getRecoveredInvoicesByBucket(), more.getRecoveredInvoicesByBucket()));
    totals.setRecoveredMinorByBucket(
        plus(totals.getRecoveredMinorByBucket(), more.getRecoveredMinorByBucket()));
    totals.setDaysToRecover(plus(totals.getDaysToRecover(), more.getDaysToRecover()));
    totals.setRefunds(totals.getRefunds() + more.getRefunds());
    totals.setRefundedMinor(totals.getRefundedMinor() + more.getRefundedMinor());
  }

  /**
   * Adds a sum of facts of the same day ({@link PortfolioSliceTotals}) to a day's totals: its flows
   * and its balance changes.
   */
  public static void addDay(MovementTotals day, MovementTotals more) {
    add(day, more);
    if (!more.getMrrChanges().isEmpty()) {
      Map<String, Integer> changes = new HashMap<>(day.getMrrChanges());
      more.getMrrChanges().forEach((mrr, delta) -> changes.merge(mrr, delta, Integer::sum));
      day.setMrrChanges(changes);
    }
    if (!more.getReceivableChanges().isEmpty()) {
      Map<String, OpenReceivable> changes = new HashMap<>(day.getReceivableChanges());
      more.getReceivableChanges()
          .forEach(
              (due, change) ->
                  changes.merge(
                      due,
                      new OpenReceivable(change.getAmountMinor(), change.getInvoices()),
                      (a, b) ->
                          new OpenReceivable(
                              a.getAmountMinor() + b.getAmountMinor(),
                              a.getInvoices() + b.getInvoices())));
      day.setReceivableChanges(changes);
    }
  }

  /**
   * Applies a closing day's balance changes to the balances ({@code customersByMrr} and {@code
   * receivablesByDueDate}, in place) and takes them off the day, which keeps its flows only.
   */
  public static void close(
      MovementTotals day,
      Map<String, Long> customersByMrr,
      Map<String, OpenReceivable> receivablesByDueDate) {
    day.getMrrChanges()
        .forEach(
            (mrr, delta) -> {
              long n = customersByMrr.getOrDefault(mrr, 0L) + delta;
              if (n == 0) {
                customersByMrr.remove(mrr);
              } else {
                customersByMrr.put(mrr, n);
              }
            });
    day.getReceivableChanges()
        .forEach(
            (dueDay, change) -> {
              OpenReceivable open = receivablesByDueDate.get(dueDay);
              long amount = (open == null ? 0 : open.getAmountMinor()) + change.getAmountMinor();
              long invoices = (open == null ? 0 : open.getInvoices()) + change.getInvoices();
              if (amount == 0 && invoices == 0) {
                receivablesByDueDate.remove(dueDay);
              } else {
                receivablesByDueDate.put(dueDay, new OpenReceivable(amount, invoices));
              }
            });
    day.setMrrChanges(new HashMap<>());
    day.setReceivableChanges(new HashMap<>());
  }

  public static long mrrAfter(long mrrStart, MovementTotals t) {
    return mrrStart
        + t.getNewMrr()
        + t.getExpansionMrr()
        + t.getReactivationMrr()
        - t.getContractionMrr()
        - t.getChurnedMrr();
  }

  public static long customersAfter(long customersStart, MovementTotals t) {
    return customersStart
        + t.getNewCustomers()
        + t.getReactivatedCustomers()
        - t.getChurnedCustomers();
  }

  static long sum(Map<String, Long> counts) {
    long sum = 0;
    for (long n : counts.values()) {
      sum += n;
    }
    return sum;
  }

  static Map<String, Long> plus(Map<String, Long> counts, String key, long delta) {
    Map<String, Long> more = new HashMap<>(counts);
    more.merge(key, delta, Long::sum);
    return more;
  }

  static Map<String, Long> plus(Map<String, Long> counts, Map<String, Long> more) {
    if (more.isEmpty()) {
      return counts;
    }
    Map<String, Long> sum = new HashMap<>(counts);
    more.forEach((k, n) -> sum.merge(k, n, Long::sum));
    return sum;
  }
}
