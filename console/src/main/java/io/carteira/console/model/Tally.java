package io.carteira.console.model;

import java.util.Map;
import java.util.TreeMap;

/**
 * Customers and MRR per value of one dimension (a status, a segment), kept up to date as each
 * snapshot replaces the one before: the old card is taken out, the new one put in, so the counts
 * never need a pass over every customer.
 */
final class Tally {

  private final Map<String, long[]> byValue = new TreeMap<>();

  void add(String value, long mrr, int sign) {
    long[] v = byValue.computeIfAbsent(value == null ? "—" : value, k -> new long[2]);
    v[0] += sign;
    v[1] += sign * mrr;
    if (v[0] == 0 && v[1] == 0) {
      byValue.remove(value == null ? "—" : value);
    }
  }

  /** Value → {customers, MRR in minor units}. */
  Map<String, long[]> snapshot() {
    Map<String, long[]> copy = new TreeMap<>();
    byValue.forEach((k, v) -> copy.put(k, v.clone()));
    return copy;
  }
}
