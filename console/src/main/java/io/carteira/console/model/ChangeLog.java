package io.carteira.console.model;

import java.util.ArrayList;
import java.util.List;

/**
 * What the browsers are told, numbered 1, 2, 3… in the order it happened, the latest {@code
 * capacity} kept. A browser that reconnects says the last number it got ({@code Last-Event-ID}) and
 * is sent every change after it: none missed, none twice. One that fell further behind than the
 * ring holds is told to reload instead.
 */
public final class ChangeLog {

  /** One change: its number, its kind (the SSE event name) and its JSON. */
  public record Change(long id, String kind, String json) {}

  private final Change[] ring;
  private long latest;
  private boolean closed;

  public ChangeLog(int capacity) {
    this.ring = new Change[capacity];
  }

  /** Adds a change and wakes the streams waiting for one; returns its number. */
  public synchronized long append(String kind, String json) {
    latest++;
    ring[(int) (latest % ring.length)] = new Change(latest, kind, json);
    notifyAll();
    return latest;
  }

  /** The number of the latest change, 0 before any. */
  public synchronized long latest() {
    return latest;
  }

  /**
   * The changes after {@code lastId}, at most {@code max}, oldest first; null when some of them are
   * no longer kept (the reader must reload).
   */
  public synchronized List<Change> after(long lastId, int max) {
    long oldest = Math.max(1, latest - ring.length + 1);
    if (lastId < oldest - 1 || lastId > latest) {
      return null;
    }
    List<Change> changes = new ArrayList<>();
    for (long id = lastId + 1; id <= latest && changes.size() < max; id++) {
      changes.add(ring[(int) (id % ring.length)]);
    }
    return changes;
  }

  /** Waits up to {@code millis} for a change after {@code lastId}; returns false once closed. */
  public synchronized boolean await(long lastId, long millis) throws InterruptedException {
    long until = System.currentTimeMillis() + millis;
    while (!closed && latest <= lastId) {
      long left = until - System.currentTimeMillis();
      if (left <= 0) {
        break;
      }
      wait(left);
    }
    return !closed;
  }

  /** Wakes and ends every stream. */
  public synchronized void close() {
    closed = true;
    notifyAll();
  }
}
