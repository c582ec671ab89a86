package io.carteira.operators.segment;

import io.carteira.schemas.ValueTierThresholds;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;

/**
 * The value-tier thresholds by the event time from which each is in force, as a customer operator
 * keeps them in broadcast state: a customer's tier at an instant is judged by the thresholds in
 * force at that instant, not by whichever arrived last, so a replay ranks every customer alike. The
 * ranking sends thresholds for an instant before its watermark passes it, so when a customer's
 * event or timer at that instant is handled, they are there.
 *
 * <p>Thresholds superseded before the watermark are forgotten as new ones arrive. Keys are {@code
 * at:} and the epoch milli; a savepoint from before this kept one entry under {@value
 * #LEGACY_CURRENT}, in force from the start of time until the next thresholds arrive.
 */
public final class ValueTiersInForce {

  public static final String LEGACY_CURRENT = "current";
  private static final String AT = "at:";

  /** A mirror of the broadcast state, rebuilt from it after a restore. */
  private transient TreeMap<Long, ValueTierThresholds> byTime;

  /** Stores thresholds that arrived and forgets those superseded before {@code watermark}. */
  public void put(
      BroadcastState<String, ValueTierThresholds> state,
      ValueTierThresholds thresholds,
      long watermark)
      throws Exception {
    TreeMap<Long, ValueTierThresholds> all = mirror(state);
    long from = thresholds.getEventTime().toEpochMilli();
    all.put(from, thresholds);
    state.put(AT + from, thresholds);
    Long inForceAtWatermark = all.floorKey(watermark);
    if (inForceAtWatermark != null) {
      List<Long> superseded = new ArrayList<>(all.headMap(inForceAtWatermark, false).keySet());
      for (Long time : superseded) {
        all.remove(time);
        state.remove(time == Long.MIN_VALUE ? LEGACY_CURRENT : AT + time);
      }
    }
  }

  /** The thresholds in force at {@code instant}; null before the first. */
  public ValueTierThresholds at(
      ReadOnlyBroadcastState<String, ValueTierThresholds> state, Instant instant) throws Exception {
    Map.Entry<Long, ValueTierThresholds> entry = mirror(state).floorEntry(instant.toEpochMilli());
    return entry == null ? null : entry.getValue();
  }

  private TreeMap<Long, ValueTierThresholds> mirror(
      ReadOnlyBroadcastState<String, ValueTierThresholds> state) throws Exception {
    if (byTime == null) {
      byTime = new TreeMap<>();
      for (Map.Entry<String, ValueTierThresholds> entry : state.immutableEntries()) {
        byTime.put(
            entry.getKey().startsWith(AT)
                ? Long.parseLong(entry.getKey().substring(AT.length()))
                : Long.MIN_VALUE,
            entry.getValue());
      }
    }
    return byTime;
  }
}
