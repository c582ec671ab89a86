package io.carteira.operators.segment;

import static org.assertj.core.api.Assertions.assertThat;

import io.carteira.schemas.ValueTier;
import io.carteira.schemas.ValueTierThresholds;
import java.time.Instant;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ValueTiersTest {

  @Test
  void theTopFifthByMrrRankAreKeyAccounts() {
    TreeMap<Long, Integer> portfolio = new TreeMap<>();
    portfolio.put(9_900L, 50); // ranks 51-100
    portfolio.put(29_900L, 30); // ranks 21-50
    portfolio.put(99_000L, 15); // ranks 6-20
    portfolio.put(499_000L, 5); // ranks 1-5
    long[] t = ValueTiers.thresholds(portfolio);
    assertThat(t).containsExactly(99_000L, 29_900L, 100L);
    ValueTierThresholds thresholds = new ValueTierThresholds(t[0], t[1], (int) t[2], Instant.EPOCH);
    assertThat(ValueTiers.tierOf(499_000, thresholds)).isEqualTo(ValueTier.KEY_ACCOUNT);
    assertThat(ValueTiers.tierOf(99_000, thresholds)).isEqualTo(ValueTier.KEY_ACCOUNT);
    assertThat(ValueTiers.tierOf(98_999, thresholds)).isEqualTo(ValueTier.MID_MARKET);
    assertThat(ValueTiers.tierOf(29_900, thresholds)).isEqualTo(ValueTier.MID_MARKET);
    assertThat(ValueTiers.tierOf(9_900, thresholds)).isEqualTo(ValueTier.LONG_TAIL);
    assertThat(ValueTiers.tierOf(0, thresholds)).isEqualTo(ValueTier.UNRANKED);
  }

  @Test
  void anEmptyPortfolioRanksNobody() {
    long[] t = ValueTiers.thresholds(new TreeMap<>());
    assertThat(t[2]).isZero();
    assertThat(ValueTiers.tierOf(10_000, null)).isEqualTo(ValueTier.UNRANKED);
  }
}
