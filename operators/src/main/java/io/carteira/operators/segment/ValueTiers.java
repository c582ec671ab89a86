package io.carteira.operators.segment;

import io.carteira.schemas.ValueTier;
import io.carteira.schemas.ValueTierThresholds;
import java.util.Map;
import java.util.NavigableMap;

/**
 * Value tiers by MRR rank over the whole portfolio: the top 20% of paying customers by MRR are key
 * accounts, the next 30% mid-market, the rest the long tail. Customers tied at a threshold share
 * the higher tier. Customers paying nothing are unranked.
 */
public final class ValueTiers {

  public static final double KEY_ACCOUNT_SHARE = 0.20;
  public static final double MID_MARKET_SHARE = 0.50;

  private ValueTiers() {}

  public static ValueTier tierOf(long mrrMinor, ValueTierThresholds thresholds) {
    if (mrrMinor <= 0 || thresholds == null || thresholds.getPayingCustomers() == 0) {
      return ValueTier.UNRANKED;
    }
    if (mrrMinor >= thresholds.getKeyAccountFromMinor()) {
      return ValueTier.KEY_ACCOUNT;
    }
    return mrrMinor >= thresholds.getMidMarketFromMinor()
        ? ValueTier.MID_MARKET
        : ValueTier.LONG_TAIL;
  }

  /** The policy segment of a tier: its own name, or {@code default} for the unranked. */
  public static String segmentOf(ValueTier tier) {
    return switch (tier) {
      case KEY_ACCOUNT -> "key_account";
      case MID_MARKET -> "mid_market";
      case LONG_TAIL -> "long_tail";
      case UNRANKED -> "default";
    };
  }

  /**
   * Thresholds from a distribution of paying customers' MRR (MRR → number of customers): the MRR of
   * the customer at rank ceil(share × n), counted from the top.
   */
  public static long[] thresholds(NavigableMap<Long, Integer> customersByMrr) {
    long paying = 0;
    for (Map.Entry<Long, Integer> e : customersByMrr.entrySet()) {
      if (e.getKey() > 0) {
        paying += e.getValue();
      }
    }
    if (paying == 0) {
      return new long[] {Long.MAX_VALUE, Long.MAX_VALUE, 0};
    }
    long keyRank = Math.max(1, (long) Math.ceil(KEY_ACCOUNT_SHARE * paying));
    long midRank = Math.max(1, (long) Math.ceil(MID_MARKET_SHARE * paying));
    long key = 0;
    long mid = 0;
    long seen = 0;
    for (Map.Entry<Long, Integer> e : customersByMrr.descendingMap().entrySet()) {
      if (e.getKey() <= 0) {
        break;
      }
      long before = seen;
      seen += e.getValue();
      if (before < keyRank && seen >= keyRank) {
        key = e.getKey();
      }
      if (before < midRank && seen >= midRank) {
        mid = e.getKey();
      }
    }
    return new long[] {key, mid, paying};
  }
}
