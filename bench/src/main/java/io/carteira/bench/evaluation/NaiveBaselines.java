package io.carteira.bench.evaluation;

import io.carteira.schemas.CustomerEvent;
import io.carteira.schemas.CustomerHealth;
import io.carteira.schemas.HealthBand;
import io.carteira.schemas.PaymentEventType;
import io.carteira.schemas.UsageEventType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The rules a team would write without Carteira, computed from the same input and outputs, so the
 * harness can say what Carteira adds: an alert for no login in 30 days (voluntary), for two failed
 * payments in a row (involuntary), and for a health band of at risk or critical (either kind). Each
 * opens when its rule starts to hold and resolves when it stops.
 */
public final class NaiveBaselines {

  public static final String NO_LOGIN_30_DAYS = "NAIVE_NO_LOGIN_30_DAYS";
  public static final String TWO_FAILED_PAYMENTS = "NAIVE_TWO_FAILED_PAYMENTS";
  public static final String HEALTH_AT_RISK = "NAIVE_HEALTH_AT_RISK";

  private static final Duration SILENCE = Duration.ofDays(30);

  private NaiveBaselines() {}

  /**
   * No login for 30 days: opens 30 days after a customer's latest login (or its first event, for
   * one that never logged in) unless another login came first; resolves at the next login. Checked
   * up to {@code until}.
   */
  public static List<AlertChange> noLoginFor30Days(List<CustomerEvent> events, Instant until) {
    Map<String, List<CustomerEvent>> byCustomer = byCustomer(events);
    List<AlertChange> alerts = new ArrayList<>();
    byCustomer.forEach(
        (customer, own) -> {
          Instant quietSince = own.get(0).getEventTime();
          int opened = 0;
          String open = null;
          for (CustomerEvent e : own) {
            if (!isLogin(e)) {
              continue;
            }
            Instant due = quietSince.plus(SILENCE);
            if (open == null && due.isBefore(e.getEventTime())) {
              open = customer + ":" + NO_LOGIN_30_DAYS + ":" + opened++;
              alerts.add(change(open, customer, NO_LOGIN_30_DAYS, ChurnKind.VOLUNTARY, OPEN, due));
            }
            if (open != null) {
              alerts.add(
                  change(
                      open,
                      customer,
                      NO_LOGIN_30_DAYS,
                      ChurnKind.VOLUNTARY,
                      RESOLVED,
                      e.getEventTime()));
              open = null;
            }
            quietSince = e.getEventTime();
          }
          Instant due = quietSince.plus(SILENCE);
          if (!due.isAfter(until)) {
            alerts.add(
                change(
                    customer + ":" + NO_LOGIN_30_DAYS + ":" + opened,
                    customer,
                    NO_LOGIN_30_DAYS,
                    ChurnKind.VOLUNTARY,
                    OPEN,
                    due));
          }
        });
    return alerts;
  }

  /**
   * Two failed payments with no successful one between: opens at the second, resolves at a success.
   */
  public static List<AlertChange> twoFailedPaymentsInARow(List<CustomerEvent> events) {
    List<AlertChange> alerts = new ArrayList<>();
    byCustomer(events)
        .forEach(
            (customer, own) -> {
              int failuresInARow = 0;
              int opened = 0;
              String open = null;
              for (CustomerEvent e : own) {
                if (e.getPayment() == null) {
                  continue;
                }
                PaymentEventType type = e.getPayment().getEventType();
                if (type == PaymentEventType.PAYMENT_FAILED) {
                  failuresInARow++;
                  if (failuresInARow == 2 && open == null) {
                    open = customer + ":" + TWO_FAILED_PAYMENTS + ":" + opened++;
                    alerts.add(
                        change(
                            open,
                            customer,
                            TWO_FAILED_PAYMENTS,
                            ChurnKind.INVOLUNTARY,
                            OPEN,
                            e.getEventTime()));
                  }
                } else if (type == PaymentEventType.PAYMENT_SUCCEEDED) {
                  failuresInARow = 0;
                  if (open != null) {
                    alerts.add(
                        change(
                            open,
                            customer,
                            TWO_FAILED_PAYMENTS,
                            ChurnKind.INVOLUNTARY,
                            RESOLVED,
                            e.getEventTime()));
                    open = null;
                  }
                }
              }
            });
    return alerts;
  }

  /**
   * Health band at risk or critical, from the snapshots on {@code customer-health}: opens when a
   * customer's band enters either, resolves when it leaves them. Of no kind: it counts for either.
   */
  public static List<AlertChange> healthAtRisk(List<CustomerHealth> snapshots) {
    Map<String, List<CustomerHealth>> byCustomer = new HashMap<>();
    for (CustomerHealth s : snapshots) {
      byCustomer.computeIfAbsent(s.getCustomerId(), id -> new ArrayList<>()).add(s);
    }
    List<AlertChange> alerts = new ArrayList<>();
    byCustomer.forEach(
        (customer, own) -> {
          own.sort(Comparator.comparing(CustomerHealth::getAsOf));
          int opened = 0;
          String open = null;
          for (CustomerHealth s : own) {
            boolean atRisk =
                s.getHealthBand() == HealthBand.AT_RISK || s.getHealthBand() == HealthBand.CRITICAL;
            if (atRisk && open == null) {
              open = customer + ":" + HEALTH_AT_RISK + ":" + opened++;
              alerts.add(change(open, customer, HEALTH_AT_RISK, null, OPEN, s.getAsOf()));
            } else if (!atRisk && open != null) {
              alerts.add(change(open, customer, HEALTH_AT_RISK, null, RESOLVED, s.getAsOf()));
              open = null;
            }
          }
        });
    return alerts;
  }

  private static final AlertChange.Status OPEN = AlertChange.Status.OPEN;
  private static final AlertChange.Status RESOLVED = AlertChange.Status.RESOLVED;

  private static AlertChange change(
      String id,
      String customer,
      String pattern,
      ChurnKind kind,
      AlertChange.Status status,
      Instant at) {
    return new AlertChange(id, customer, pattern, kind, status, 0, at);
  }

  private static boolean isLogin(CustomerEvent e) {
    return e.getUsage() != null && e.getUsage().getEventType() == UsageEventType.LOGIN;
  }

  private static Map<String, List<CustomerEvent>> byCustomer(List<CustomerEvent> events) {
    Map<String, List<CustomerEvent>> byCustomer = new HashMap<>();
    for (CustomerEvent e : events) {
      byCustomer.computeIfAbsent(e.getCustomerId(), id -> new ArrayList<>()).add(e);
    }
    byCustomer.values().forEach(own -> own.sort(Comparator.comparing(CustomerEvent::getEventTime)));
    return byCustomer;
  }
}
