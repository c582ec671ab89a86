package io.carteira.operators.policy;

import static io.carteira.operators.support.Policies.document;
import static org.assertj.core.api.Assertions.assertThat;

import io.carteira.schemas.PolicyDocument;
import io.carteira.schemas.PolicyStatus;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.api.common.state.BroadcastState;
import org.junit.jupiter.api.Test;

/** What live and shadow operators keep of the accepted documents, and which policy they apply. */
class ShadowPoliciesTest {

  /** A broadcast state as a map. */
  static final class MapState implements BroadcastState<String, PolicyDocument> {
    final Map<String, PolicyDocument> map = new LinkedHashMap<>();

    @Override
    public void put(String key, PolicyDocument value) {
      map.put(key, value);
    }

    @Override
    public void putAll(Map<String, PolicyDocument> all) {
      map.putAll(all);
    }

    @Override
    public void remove(String key) {
      map.remove(key);
    }

    @Override
    public Iterator<Map.Entry<String, PolicyDocument>> iterator() {
      return map.entrySet().iterator();
    }

    @Override
    public Iterable<Map.Entry<String, PolicyDocument>> entries() {
      return map.entrySet();
    }

    @Override
    public PolicyDocument get(String key) {
      return map.get(key);
    }

    @Override
    public boolean contains(String key) {
      return map.containsKey(key);
    }

    @Override
    public Iterable<Map.Entry<String, PolicyDocument>> immutableEntries() {
      return Map.copyOf(map).entrySet();
    }

    @Override
    public void clear() {
      map.clear();
    }
  }

  private static PolicyDocument doc(
      String segment, long version, PolicyStatus status, String body) {
    PolicyDocument d = document(segment, version, body);
    d.setStatus(status);
    return d;
  }

  private static final String STREAK_2 = "{\"risk\": {\"failed_payment_streak\": 2}}";

  @Test
  void aLiveOperatorNeverSeesAShadow() throws Exception {
    MapState live = new MapState();
    ShadowPolicies.apply(live, doc("default", 1, PolicyStatus.LIVE, "{}"), false);
    ShadowPolicies.apply(live, doc("default", 2, PolicyStatus.SHADOW, STREAK_2), false);
    assertThat(live.map).containsOnlyKeys("default");
    assertThat(ShadowPolicies.anyInForce(live)).isFalse();
    Policy applied = new PoliciesInForce().of("key_account", live);
    assertThat(applied.version()).isEqualTo(1);
    assertThat(applied.risk().failedPaymentStreak()).isEqualTo(3);
  }

  @Test
  void aShadowOperatorPrefersTheShadowAtEachStep_untilItIsWithdrawnOrPromoted() throws Exception {
    MapState shadow = new MapState();
    PoliciesInForce lookup = new PoliciesInForce(true);
    ShadowPolicies.apply(shadow, doc("default", 1, PolicyStatus.LIVE, "{}"), true);
    ShadowPolicies.apply(shadow, doc("key_account", 4, PolicyStatus.LIVE, "{}"), true);
    assertThat(ShadowPolicies.anyInForce(shadow)).isFalse();

    ShadowPolicies.apply(shadow, doc("default", 2, PolicyStatus.SHADOW, STREAK_2), true);
    assertThat(ShadowPolicies.anyInForce(shadow)).isTrue();
    // a segment that follows default follows default's shadow; one with its own live policy not
    assertThat(lookup.of("mid_market", shadow).version()).isEqualTo(2);
    assertThat(lookup.of("mid_market", shadow).risk().failedPaymentStreak()).isEqualTo(2);
    assertThat(lookup.of("key_account", shadow).version()).isEqualTo(4);

    ShadowPolicies.apply(shadow, doc("key_account", 5, PolicyStatus.SHADOW, STREAK_2), true);
    assertThat(lookup.of("key_account", shadow).version()).isEqualTo(5);
    ShadowPolicies.apply(shadow, doc("key_account", 5, PolicyStatus.WITHDRAWN, "{}"), true);
    assertThat(lookup.of("key_account", shadow).version()).isEqualTo(4);

    ShadowPolicies.apply(shadow, doc("default", 2, PolicyStatus.LIVE, STREAK_2), true); // promoted
    assertThat(shadow.map).containsOnlyKeys("default", "key_account");
    assertThat(ShadowPolicies.anyInForce(shadow)).isFalse();
    assertThat(lookup.of("mid_market", shadow).version()).isEqualTo(2);
  }
}
