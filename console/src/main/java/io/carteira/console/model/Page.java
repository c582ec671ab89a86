package io.carteira.console.model;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** One page of a list too long to send whole: its items, where it starts and the list's size. */
public record Page<T>(List<T> items, int offset, long total) {

  /** Skips {@code offset} items of {@code all} (of {@code total}) and takes up to {@code limit}. */
  static <T> Page<T> of(Iterable<T> all, long total, int offset, int limit) {
    int from = Math.max(0, offset);
    int size = Math.max(0, Math.min(limit, 200));
    List<T> items = new ArrayList<>(size);
    Iterator<T> it = all.iterator();
    for (int i = 0; i < from && it.hasNext(); i++) {
      it.next();
    }
    while (items.size() < size && it.hasNext()) {
      items.add(it.next());
    }
    return new Page<>(items, from, total);
  }
}
