package io.carteira.cli;

import io.carteira.schemas.DunningAction;
import io.carteira.schemas.RiskAlert;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a shadow policy would have done differently from the live one: the records of a shadow
 * output ({@code risk-alerts-shadow}, {@code dunning-actions-shadow}) against those of its live
 * output, per kind (an alert's pattern and status, a dunning action's type). Records are matched
 * per customer and kind by their instant: one at the same instant in both is unchanged; the others
 * are paired in time order, each pair moved in time; what is left is added (shadow only) or removed
 * (live only).
 */
final class ShadowComparison {

  /** A record as it is compared: its customer, its kind and its instant. */
  record Item(String customer, String kind, Instant at) {}

  /** The comparison of one kind. */
  record Row(String kind, int live, int shadow, int added, int removed, int moved) {
    boolean differs() {
      return added + removed + moved > 0;
    }
  }

  private ShadowComparison() {}

  /** An alert change: its pattern and status ({@code FAILED_PAYMENT_STREAK OPEN}). */
  static Item of(RiskAlert alert) {
    return new Item(
        alert.getCustomerId(), alert.getPattern() + " " + alert.getStatus(), alert.getEventTime());
  }

  /** A dunning action: its type. */
  static Item of(DunningAction action) {
    return new Item(
        action.getCustomerId(), String.valueOf(action.getActionType()), action.getEventTime());
  }

  /** One row per kind found on either side, by kind. */
  static List<Row> compare(Collection<Item> live, Collection<Item> shadow) {
    Map<String, Map<String, List<Instant>[]>> byKind = new TreeMap<>();
    group(byKind, live, 0);
    group(byKind, shadow, 1);
    List<Row> rows = new ArrayList<>();
    byKind.forEach(
        (kind, byCustomer) -> {
          int[] counts = new int[5]; // live, shadow, added, removed, moved
          for (List<Instant>[] sides : byCustomer.values()) {
            List<Instant> l = new ArrayList<>(sides[0]);
            List<Instant> s = new ArrayList<>(sides[1]);
            counts[0] += l.size();
            counts[1] += s.size();
            for (Instant at : sides[0]) {
              if (s.remove(at)) {
                l.remove(at); // unchanged
              }
            }
            l.sort(null);
            s.sort(null);
            int moved = Math.min(l.size(), s.size());
            counts[4] += moved;
            counts[2] += s.size() - moved;
            counts[3] += l.size() - moved;
          }
          rows.add(new Row(kind, counts[0], counts[1], counts[2], counts[3], counts[4]));
        });
    return rows;
  }

  @SuppressWarnings("unchecked")
  private static void group(
      Map<String, Map<String, List<Instant>[]>> byKind, Collection<Item> items, int side) {
    for (Item item : items) {
      List<Instant>[] sides =
          byKind
              .computeIfAbsent(item.kind(), k -> new TreeMap<>())
              .computeIfAbsent(
                  item.customer(), c -> new List[] {new ArrayList<>(), new ArrayList<>()});
      sides[side].add(item.at());
    }
  }

  /** The rows as a table under {@code heading} (the kind's column name). */
  static List<String> table(String heading, List<Row> rows) {
    List<String> lines = new ArrayList<>();
    lines.add(
        String.format(
            "%-36s %7s %7s %7s %7s %7s", heading, "live", "shadow", "added", "removed", "moved"));
    for (Row r : rows) {
      lines.add(
          String.format(
              "%-36s %7d %7d %7d %7d %7d",
              r.kind(), r.live(), r.shadow(), r.added(), r.removed(), r.moved()));
    }
    if (rows.isEmpty()) {
      lines.add("(none on either side)");
    }
    return lines;
  }
}
