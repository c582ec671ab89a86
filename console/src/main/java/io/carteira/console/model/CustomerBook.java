package io.carteira.console.model;

import io.carteira.schemas.CustomerHealth;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The latest snapshot of every customer, as compacted {@code customer-health} holds them, indexed
 * so that no page ever walks a million customers: by id, by the start of any word of the name, the
 * at-risk customers sorted by MRR, and the counts per status and segment kept as snapshots arrive.
 * About a kilobyte a customer (the snapshot's bytes and a card).
 */
public final class CustomerBook {

  /** A customer's card and the bytes of its latest snapshot. */
  public record Entry(CustomerCard card, byte[] wire) {}

  private static final Comparator<CustomerCard> LARGEST_FIRST =
      Comparator.comparingLong(CustomerCard::mrrMinor)
          .reversed()
          .thenComparingInt(CustomerCard::score)
          .thenComparing(CustomerCard::id);

  private final TreeMap<String, Entry> byId = new TreeMap<>();
  private final TreeMap<String, String> byWord = new TreeMap<>();
  private final TreeSet<CustomerCard> atRisk = new TreeSet<>(LARGEST_FIRST);
  private final Map<String, Tally> tallies = new LinkedHashMap<>();
  private long snapshots;
  private Instant latestAsOf = Instant.EPOCH;

  public CustomerBook() {
    for (String d :
        List.of(
            "portfolio_status",
            "lifecycle",
            "health_band",
            "value_tier",
            "payment_behaviour",
            "engagement",
            "policy")) {
      tallies.put(d, new Tally());
    }
  }

  /** Puts {@code health} in place of the customer's snapshot before; returns that card or null. */
  public synchronized CustomerCard apply(CustomerHealth health, byte[] wire) {
    snapshots++;
    if (health.getAsOf().isAfter(latestAsOf)) {
      latestAsOf = health.getAsOf();
    }
    CustomerCard card = CustomerCard.of(health);
    Entry before = byId.put(card.id(), new Entry(card, wire));
    if (before != null) {
      count(before.card(), -1);
      if (!before.card().searchName().equals(card.searchName())) {
        words(before.card()).forEach(byWord::remove);
      }
      atRisk.remove(before.card());
    }
    count(card, +1);
    words(card).forEach(w -> byWord.put(w, card.id()));
    if (card.atRisk()) {
      atRisk.add(card);
    }
    return before == null ? null : before.card();
  }

  private void count(CustomerCard c, int sign) {
    tallies.get("portfolio_status").add(c.portfolioStatus(), c.mrrMinor(), sign);
    tallies.get("lifecycle").add(c.lifecycle(), c.mrrMinor(), sign);
    if (c.live()) {
      tallies.get("health_band").add(c.band(), c.mrrMinor(), sign);
      tallies.get("value_tier").add(c.valueTier(), c.mrrMinor(), sign);
      tallies.get("payment_behaviour").add(c.paymentBehaviour(), c.mrrMinor(), sign);
      tallies.get("engagement").add(c.engagement(), c.mrrMinor(), sign);
      tallies.get("policy").add(c.policySegment() + " v" + c.policyVersion(), c.mrrMinor(), sign);
    }
  }

  /** The index keys of a card: each word of its name (the first four), then its id. */
  private static List<String> words(CustomerCard c) {
    List<String> keys = new ArrayList<>();
    String[] words = c.searchName().split("[\\s\\-_.,]+");
    for (int i = 0; i < words.length && i < 4; i++) {
      if (!words[i].isEmpty()) {
        keys.add(words[i] + '\0' + c.id());
      }
    }
    return keys;
  }

  public synchronized Entry get(String id) {
    return byId.get(id);
  }

  /**
   * At most {@code limit} customers whose id starts with {@code query}, then those a word of whose
   * name does (case aside), ids first.
   */
  public synchronized List<CustomerCard> search(String query, int limit) {
    List<CustomerCard> found = new ArrayList<>();
    String q = query.trim();
    if (q.isEmpty()) {
      return found;
    }
    for (Entry e : byId.subMap(q, true, q + Character.MAX_VALUE, true).values()) {
      if (found.size() >= limit) {
        return found;
      }
      found.add(e.card());
    }
    String lower = q.toLowerCase().split("\\s+")[0];
    NavigableMap<String, String> words =
        byWord.subMap(lower, true, lower + Character.MAX_VALUE, true);
    String whole = q.toLowerCase();
    for (String id : words.values()) {
      if (found.size() >= limit) {
        break;
      }
      CustomerCard card = byId.get(id).card();
      if (!found.contains(card) && card.searchName().contains(whole)) {
        found.add(card);
      }
    }
    return found;
  }

  /** A page of the at-risk and critical customers, largest MRR first, and how many there are. */
  public synchronized Page<CustomerCard> atRisk(int offset, int limit) {
    return Page.of(atRisk, atRisk.size(), offset, limit);
  }

  /** Dimension → value → {customers, MRR}. */
  public synchronized Map<String, Map<String, long[]>> tallies() {
    Map<String, Map<String, long[]>> copy = new LinkedHashMap<>();
    tallies.forEach((k, v) -> copy.put(k, v.snapshot()));
    return copy;
  }

  public synchronized int size() {
    return byId.size();
  }

  public synchronized long snapshots() {
    return snapshots;
  }

  public synchronized Instant latestAsOf() {
    return latestAsOf;
  }
}
