package io.carteira.operators.dedup;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RecentEventIdsTest {

  private static final Duration RETENTION = Duration.ofHours(25).plusMinutes(10);
  private static final long BUCKET = RETENTION.toMillis() / 2;

  @Test
  void anIdIsForgottenAtTheFirstBoundaryOfItsCustomerAfterTheRetention() {
    RecentEventIds ids = new RecentEventIds(RETENTION);
    long eventTime = Instant.parse("2026-03-02T09:17:23.456Z").toEpochMilli();
    for (int i = 0; i < 1_000; i++) {
      String customer = "cus-" + i;
      long forgetAt = ids.forgetAt(customer, eventTime);
      long due = eventTime + RETENTION.toMillis();
      assertThat(forgetAt).isGreaterThan(due).isLessThanOrEqualTo(due + BUCKET);
      assertThat(Math.floorMod(forgetAt - ids.phase(customer), BUCKET)).isZero();
      assertThat(forgetAt % 1000).as("on a whole second").isZero();
      assertThat(ids.forgetAt(customer, eventTime + 1))
          .as("the same bucket for every event time within it")
          .isIn(forgetAt, forgetAt + BUCKET);
    }
  }

  @Test
  void customersBucketsEndSpreadOverTheBucketNotAllAtOnce() {
    RecentEventIds ids = new RecentEventIds(RETENTION);
    long eventTime = Instant.parse("2026-03-02T09:00:00Z").toEpochMilli();
    Set<Long> quarterHours = new HashSet<>();
    Set<Long> instants = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      long forgetAt = ids.forgetAt(String.format("cus-%05d", i), eventTime);
      instants.add(forgetAt);
      quarterHours.add(forgetAt / Duration.ofMinutes(15).toMillis());
    }
    // the 50 quarter hours of a bucket of 12 h 35 min (51 when it straddles them), every one
    // used; hardly two customers alike
    assertThat(quarterHours).hasSizeGreaterThanOrEqualTo(50);
    assertThat(instants.size()).isGreaterThan(7_000);
  }

  @Test
  void aShortRetentionHasBucketsOfHalfOfIt() {
    RecentEventIds ids = new RecentEventIds(Duration.ofHours(2));
    long forgetAt = ids.forgetAt("cus-1", 0);
    assertThat(forgetAt).isGreaterThan(Duration.ofHours(2).toMillis());
    assertThat(forgetAt).isLessThanOrEqualTo(Duration.ofHours(3).toMillis());
  }

  @Test
  void aCustomerKeepsAtMostThreeBucketsWhateverItsEvents() {
    RecentEventIds ids = new RecentEventIds(RETENTION);
    long start = Instant.parse("2026-03-02T00:00:00Z").toEpochMilli();
    Set<Long> pending = new HashSet<>();
    // an event a minute for a retention: every bucket its ids may be forgotten in
    for (long t = start; t < start + RETENTION.toMillis(); t += 60_000) {
      pending.add(ids.forgetAt("cus-7", t));
    }
    assertThat(pending).hasSizeBetween(2, 3);
  }
}
