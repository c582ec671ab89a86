package io.carteira.operators.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.carteira.operators.support.Policies;
import io.carteira.schemas.PolicyDocument;
import io.carteira.schemas.PolicyStatus;
import org.junit.jupiter.api.Test;

/**
 * Shadow runs: a run lasts from a segment's first shadow to its withdrawal or promotion, a newer
 * shadow continuing it; which run applies to a customer's segment.
 */
class ShadowRunsTest {

  private final ShadowPoliciesTest.MapState policies = new ShadowPoliciesTest.MapState();
  private final ShadowRuns runs = new ShadowRuns();

  @Test
  void noShadow_noRun_andNothingSeen() throws Exception {
    publish("default", 1, PolicyStatus.LIVE);
    assertThat(runs.at(policies).any()).isFalse();
    assertThat(runs.anySeen()).isFalse();
    assertThat(runs.runOf("default", policies)).isNull();
  }

  @Test
  void aNewerShadowContinuesTheRun_aWithdrawalEndsIt_andTheNextShadowStartsAnother()
      throws Exception {
    publish("default", 1, PolicyStatus.LIVE);
    publish("default", 2, PolicyStatus.SHADOW);
    String first = runs.at(policies).runOf("default", policies);
    assertThat(first).isNotNull();

    publish("default", 3, PolicyStatus.SHADOW);
    assertThat(runs.at(policies).runOf("default", policies)).isEqualTo(first);
    assertThat(runs.inForce(first)).isTrue();

    publish("default", 3, PolicyStatus.WITHDRAWN);
    assertThat(runs.at(policies).any()).isFalse();
    assertThat(runs.anySeen()).as("books of the ended run may be left").isTrue();
    assertThat(runs.inForce(first)).isFalse();

    publish("default", 4, PolicyStatus.SHADOW);
    String next = runs.at(policies).runOf("default", policies);
    assertThat(next).isNotNull().isNotEqualTo(first);
    assertThat(runs.inForce(first)).isFalse();

    publish("default", 4, PolicyStatus.LIVE); // the promotion ends it too
    assertThat(runs.at(policies).any()).isFalse();
    assertThat(runs.inForce(next)).isFalse();
  }

  @Test
  void defaultsShadowAppliesToSegmentsThatFollowDefault_notToThoseWithAPolicyOfTheirOwn()
      throws Exception {
    publish("default", 1, PolicyStatus.LIVE);
    publish("key_account", 1, PolicyStatus.LIVE);
    publish("default", 2, PolicyStatus.SHADOW);
    runs.at(policies);
    assertThat(runs.runOf("long_tail", policies)).isEqualTo(runs.runOf("default", policies));
    assertThat(runs.runOf(null, policies)).isEqualTo(runs.runOf("default", policies));
    assertThat(runs.runOf("key_account", policies)).isNull();

    publish("key_account", 2, PolicyStatus.SHADOW);
    runs.at(policies);
    assertThat(runs.runOf("key_account", policies))
        .isNotNull()
        .isNotEqualTo(runs.runOf("default", policies));
  }

  @Test
  void runKeysAreNotPolicies() throws Exception {
    publish("default", 1, PolicyStatus.LIVE);
    publish("default", 2, PolicyStatus.SHADOW);
    publish("default", 2, PolicyStatus.WITHDRAWN);
    publish("default", 3, PolicyStatus.SHADOW);
    assertThat(policies.map.keySet().stream().filter(ShadowRuns::isRunKey))
        .containsExactlyInAnyOrder("run:default", "run-ended");
    assertThat(new PoliciesInForce().of("default", policies).version()).isEqualTo(1);
    assertThat(new PoliciesInForce(true).of("default", policies).version()).isEqualTo(3);
  }

  private void publish(String segment, long version, PolicyStatus status) throws Exception {
    PolicyDocument document =
        PolicyDocument.newBuilder(Policies.document(segment, version, "{}"))
            .setStatus(status)
            .build();
    ShadowPolicies.apply(policies, document, true);
    ShadowRuns.apply(policies, document);
    runs.invalidate();
  }
}
