package io.carteira.ingest.http;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A token bucket per source (provider and sender address): each holds up to one second's worth of
 * requests and refills continuously. A provider retrying hard, or anything else hammering the
 * endpoint, is answered 429 before its body is read or its signature computed, and one source never
 * starves another. Buckets of sources silent for a minute are dropped, so the map stays small.
 */
public final class RateLimiter {

  private static final long IDLE_NANOS = 60_000_000_000L;
  private static final int SWEEP_ABOVE = 10_000;

  private final double perSecond;
  private final LongSupplier nanoTime;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

  public RateLimiter(double perSecond) {
    this(perSecond, System::nanoTime);
  }

  RateLimiter(double perSecond, LongSupplier nanoTime) {
    if (perSecond <= 0) {
      throw new IllegalArgumentException("the rate limit must be positive");
    }
    this.perSecond = perSecond;
    this.nanoTime = nanoTime;
  }

  /** Whether one more request from {@code source} may go ahead now. */
  public boolean tryAcquire(String source) {
    long now = nanoTime.getAsLong();
    if (buckets.size() > SWEEP_ABOVE) {
      sweep(now);
    }
    return buckets.computeIfAbsent(source, s -> new Bucket(perSecond, now)).take(perSecond, now);
  }

  private void sweep(long now) {
    for (Iterator<Bucket> it = buckets.values().iterator(); it.hasNext(); ) {
      if (now - it.next().last > IDLE_NANOS) {
        it.remove();
      }
    }
  }

  private static final class Bucket {
    private double tokens;
    private long last;

    Bucket(double capacity, long now) {
      this.tokens = capacity;
      this.last = now;
    }

    synchronized boolean take(double perSecond, long now) {
      tokens = Math.min(perSecond, tokens + (now - last) / 1e9 * perSecond);
      last = now;
      if (tokens >= 1) {
        tokens -= 1;
        return true;
      }
      return false;
    }
  }
}
