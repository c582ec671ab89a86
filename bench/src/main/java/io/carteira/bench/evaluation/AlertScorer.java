package io.carteira.bench.evaluation;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Scores the alerts a run raised against what a labelled portfolio says happened, the way a
 * customer-success desk judges them: did the churners get an alert in time (recall, lead), did the
 * alerted customers churn (precision), and how many alerts would the desk have had to work (alert
 * budget).
 *
 * <p>Only the customers of the labels are scored: alerts on a customer the labels leave out (a data
 * set whose labels for it contradict each other) count nowhere, budget included.
 *
 * <ul>
 *   <li><b>Recall</b> of a churn kind: churners of that kind with an alert of that kind opened
 *       strictly before they churned. For all churn, an alert of the churner's own kind; a churner
 *       of unknown kind (a label without a churn type) is judged by an alert of any kind for all
 *       churn, and left out of each kind's scores (recall and precision).
 *   <li><b>Precision</b> of a churn kind: customers alerted for that kind who churned of that kind
 *       within the horizon after their first such alert. An alert too recent for its horizon to
 *       have passed by the end of the observation, on a customer who has not churned, is left out:
 *       its outcome is not known yet.
 *   <li><b>Lead</b>: days from a recalled churner's first right alert to its churn; median and 25th
 *       percentile.
 *   <li><b>Alert budget</b>: alerts open at once per 100 customers (at most, and on average over
 *       the observation), and alerts opened per 100 customers per 30 days.
 * </ul>
 */
public final class AlertScorer {

  private static final double DAY_MILLIS = Duration.ofDays(1).toMillis();

  private final Map<String, ChurnLabel> labels = new HashMap<>();
  private final Duration horizon;
  private final Instant observedFrom;
  private final Instant observedUntil;

  /**
   * @param labels every customer of the portfolio, churned or not
   * @param horizon how soon after an alert a churn makes it right (60 days by default)
   * @param observedFrom start of the observation (the budget's time base)
   * @param observedUntil end of the observation: outcomes after it are unknown
   */
  public AlertScorer(
      Collection<ChurnLabel> labels,
      Duration horizon,
      Instant observedFrom,
      Instant observedUntil) {
    labels.forEach(label -> this.labels.put(label.customerId(), label));
    this.horizon = horizon;
    this.observedFrom = observedFrom;
    this.observedUntil = observedUntil;
  }

  /** The score of one scope: all churn, or one kind. */
  public record Score(
      int churners,
      int recalled,
      int alertedCustomers,
      int alertedWhoChurned,
      double recall,
      double precision,
      double f1,
      double medianLeadDays,
      double p25LeadDays) {}

  /** How many alerts the desk had to work. */
  public record Budget(double maxOpenPer100, double meanOpenPer100, double newPer100Per30Days) {}

  /** All churn (each churner judged by alerts of its own kind). */
  public Score all(List<AlertChange> alerts) {
    return score(alerts, label -> true, kind -> true, true);
  }

  /** One churn kind: its churners, and the alerts of that kind. */
  public Score of(ChurnKind kind, List<AlertChange> alerts) {
    return score(alerts, label -> label.kind() == kind, alertKind -> alertKind == kind, false);
  }

  /** Precision and reach of one pattern: the customers it alerted, and how many churned. */
  public Score ofPattern(String pattern, List<AlertChange> alerts) {
    List<AlertChange> own = alerts.stream().filter(a -> a.pattern().equals(pattern)).toList();
    return score(own, label -> true, kind -> true, true);
  }

  /**
   * @param anyKindIsRight an alerted customer's churn of any kind within the horizon makes its
   *     alert right (all churn, a pattern); else only a churn of the alert's kind (one kind)
   */
  private Score score(
      List<AlertChange> alerts,
      Predicate<ChurnLabel> churners,
      Predicate<ChurnKind> alertKinds,
      boolean anyKindIsRight) {
    // each customer's first opening, by churn kind
    Map<String, Map<ChurnKind, Instant>> firstOpen = new HashMap<>();
    for (AlertChange a : alerts) {
      if (!labels.containsKey(a.customerId())) {
        continue; // a customer the labels do not say how it ended: left out of scoring
      }
      if (a.status() != AlertChange.Status.OPEN
          || (a.churnType() != null && !alertKinds.test(a.churnType()))) {
        continue; // an alert of no kind (a baseline's) counts for either
      }
      firstOpen
          .computeIfAbsent(a.customerId(), id -> new HashMap<>())
          .merge(a.churnType(), a.at(), (x, y) -> x.isBefore(y) ? x : y);
    }
    int churnerCount = 0;
    List<Double> leads = new ArrayList<>();
    for (ChurnLabel label : labels.values()) {
      if (!label.churned() || !churners.test(label)) {
        continue;
      }
      churnerCount++;
      Instant alerted = firstFor(firstOpen.get(label.customerId()), label.kind());
      if (alerted != null && alerted.isBefore(label.churnedAt())) {
        leads.add((label.churnedAt().toEpochMilli() - alerted.toEpochMilli()) / DAY_MILLIS);
      }
    }
    int judged = 0;
    int right = 0;
    for (Map.Entry<String, Map<ChurnKind, Instant>> e : firstOpen.entrySet()) {
      ChurnLabel label = labels.get(e.getKey());
      if (!anyKindIsRight && label.churned() && label.kind() == null) {
        continue; // churned, but of a kind the labels do not say: not judged for one kind
      }
      Instant first = e.getValue().values().stream().min(Comparator.naturalOrder()).orElseThrow();
      Instant from =
          anyKindIsRight || !label.churned() ? first : firstFor(e.getValue(), label.kind());
      boolean churnedInTime =
          label.churned()
              && churners.test(label) // of one kind, a churn of the other kind is no right alert
              && from != null
              && label.churnedAt().isAfter(from)
              && !label.churnedAt().isAfter(from.plus(horizon));
      if (churnedInTime) {
        judged++;
        right++;
      } else if (!first.plus(horizon).isAfter(observedUntil) || label.churned()) {
        judged++; // wrong: its horizon has passed, or the customer churned otherwise
      }
    }
    double recall = churnerCount == 0 ? 0 : (double) leads.size() / churnerCount;
    double precision = judged == 0 ? 0 : (double) right / judged;
    double f1 = recall + precision == 0 ? 0 : 2 * recall * precision / (recall + precision);
    leads.sort(Comparator.naturalOrder());
    return new Score(
        churnerCount,
        leads.size(),
        judged,
        right,
        recall,
        precision,
        f1,
        percentile(leads, 0.5),
        percentile(leads, 0.25));
  }

  /** The alert budget over the observation, per labelled customer. */
  public Budget budget(List<AlertChange> alerts) {
    Map<String, Instant> openedAt = new HashMap<>();
    TreeMap<Instant, Integer> steps = new TreeMap<>();
    int opened = 0;
    List<AlertChange> inOrder =
        alerts.stream()
            .filter(a -> labels.containsKey(a.customerId()))
            .sorted(Comparator.comparing(AlertChange::at))
            .toList();
    for (AlertChange a : inOrder) {
      if (a.status() == AlertChange.Status.OPEN && !openedAt.containsKey(a.alertId())) {
        openedAt.put(a.alertId(), a.at());
        steps.merge(a.at(), 1, Integer::sum);
        opened++;
      } else if (a.status() == AlertChange.Status.RESOLVED
          && openedAt.remove(a.alertId()) != null) {
        steps.merge(a.at(), -1, Integer::sum);
      }
    }
    double customers = Math.max(1, labels.size());
    long span = Math.max(1, observedUntil.toEpochMilli() - observedFrom.toEpochMilli());
    int open = 0;
    int maxOpen = 0;
    double openMillis = 0;
    Instant previous = observedFrom;
    for (Map.Entry<Instant, Integer> step : steps.entrySet()) {
      Instant at = step.getKey().isBefore(observedFrom) ? observedFrom : step.getKey();
      if (at.isAfter(observedUntil)) {
        break;
      }
      openMillis += (double) open * (at.toEpochMilli() - previous.toEpochMilli());
      open += step.getValue();
      maxOpen = Math.max(maxOpen, open);
      previous = at;
    }
    openMillis += (double) open * (observedUntil.toEpochMilli() - previous.toEpochMilli());
    double months = span / (30 * DAY_MILLIS);
    return new Budget(
        100 * maxOpen / customers,
        100 * openMillis / span / customers,
        100 * opened / customers / months);
  }

  /**
   * The first opening for {@code kind}: of that kind, or of no kind; for a churn of unknown kind
   * (null), the first opening of any kind.
   */
  private static Instant firstFor(Map<ChurnKind, Instant> firstByKind, ChurnKind kind) {
    if (firstByKind == null) {
      return null;
    }
    if (kind == null) {
      return firstByKind.values().stream().min(Comparator.naturalOrder()).orElse(null);
    }
    Instant ofKind = firstByKind.get(kind);
    Instant ofNone = firstByKind.get(null);
    if (ofKind == null || ofNone == null) {
      return ofKind == null ? ofNone : ofKind;
    }
    return ofKind.isBefore(ofNone) ? ofKind : ofNone;
  }

  private static double percentile(List<Double> sorted, double p) {
    if (sorted.isEmpty()) {
      return Double.NaN;
    }
    int index = (int) Math.ceil(p * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
  }
}
