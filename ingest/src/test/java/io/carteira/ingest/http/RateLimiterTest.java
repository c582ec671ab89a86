package io.carteira.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

  @Test
  void aSourceGetsASecondsWorth_thenRefills_andOthersAreUntouched() {
    AtomicLong now = new AtomicLong();
    RateLimiter limiter = new RateLimiter(3, now::get);

    assertThat(limiter.tryAcquire("stripe|10.0.0.1")).isTrue();
    assertThat(limiter.tryAcquire("stripe|10.0.0.1")).isTrue();
    assertThat(limiter.tryAcquire("stripe|10.0.0.1")).isTrue();
    assertThat(limiter.tryAcquire("stripe|10.0.0.1")).isFalse();
    assertThat(limiter.tryAcquire("stripe|10.0.0.2")).isTrue();

    now.addAndGet(340_000_000L); // a third of a second: one more
    assertThat(limiter.tryAcquire("stripe|10.0.0.1")).isTrue();
    assertThat(limiter.tryAcquire("stripe|10.0.0.1")).isFalse();
  }
}
