package io.carteira.operators.policy;

import static io.carteira.operators.support.Policies.document;
import static org.assertj.core.api.Assertions.assertThat;

import io.carteira.schemas.ControlMessage;
import io.carteira.schemas.DeadLetter;
import io.carteira.schemas.DeadLetterKind;
import io.carteira.schemas.PolicyDocument;
import io.carteira.schemas.PolicyStatus;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Shadow policies through policy-validation: what comes into force, and every refusal's reason. */
class ShadowPolicyValidationTest {

  private KeyedOneInputStreamOperatorTestHarness<String, IngestedPolicy, ControlMessage> h;
  private long offset;

  @BeforeEach
  void open() throws Exception {
    h = harness();
    h.open();
  }

  @AfterEach
  void close() throws Exception {
    h.close();
  }

  private static KeyedOneInputStreamOperatorTestHarness<String, IngestedPolicy, ControlMessage>
      harness() throws Exception {
    return new KeyedOneInputStreamOperatorTestHarness<>(
        new KeyedProcessOperator<>(new PolicyValidationFunction()),
        IngestedPolicy::segmentKey,
        Types.STRING);
  }

  private static PolicyDocument doc(
      String segment, long version, PolicyStatus status, String body) {
    PolicyDocument d = document(segment, version, body);
    d.setStatus(status);
    return d;
  }

  private void offer(PolicyDocument d) throws Exception {
    h.processElement(
        new StreamRecord<>(
            IngestedPolicy.decoded(
                d, "policies", 0, offset++, 0, d.getSegment().getBytes(), new byte[] {1})));
  }

  private List<String> accepted() {
    return h.extractOutputValues().stream()
        .map(ControlMessage::getPolicy)
        .map(p -> p.getSegment() + " v" + p.getVersion() + " " + p.getStatus())
        .toList();
  }

  private List<DeadLetter> refused() {
    return h.getSideOutput(PolicyValidationFunction.DEAD_LETTERS) == null
        ? List.of()
        : h.getSideOutput(PolicyValidationFunction.DEAD_LETTERS).stream()
            .map(StreamRecord::getValue)
            .toList();
  }

  private static final String STREAK_2 = "{\"risk\": {\"failed_payment_streak\": 2}}";

  @Test
  void aShadowAboveTheLiveVersionIsAccepted_thenPromotedAsLive() throws Exception {
    offer(doc("key_account", 3, PolicyStatus.LIVE, "{\"grace_period_days\": 7}"));
    String candidate =
        "{\"grace_period_days\": 7, \"risk\": {\"failed_payment_streak\": 2, \"open_from\": 40},"
            + " \"dunning\": {\"pre_due_days\": 5}}";
    offer(doc("key_account", 4, PolicyStatus.SHADOW, candidate));
    offer(doc("key_account", 4, PolicyStatus.LIVE, candidate)); // the promotion
    offer(doc("key_account", 5, PolicyStatus.LIVE, "{\"grace_period_days\": 7}"));

    assertThat(refused()).isEmpty();
    assertThat(accepted())
        .containsExactly(
            "key_account v3 LIVE",
            "key_account v4 SHADOW",
            "key_account v4 LIVE",
            "key_account v5 LIVE");
  }

  @Test
  void aShadowChangingCustomerStateSettings_isRefusedNamingThem() throws Exception {
    offer(doc("default", 1, PolicyStatus.LIVE, "{\"grace_period_days\": 5}"));
    offer(
        doc(
            "default",
            2,
            PolicyStatus.SHADOW,
            "{\"grace_period_days\": 5, \"health\": {\"weights\": {\"tenure\": 2.0}},"
                + " \"risk\": {\"silence_days\": 10, \"failed_payment_streak\": 2}}"));
    // unchanged ones may be named: only a difference from the live policy counts
    offer(
        doc(
            "default",
            3,
            PolicyStatus.SHADOW,
            "{\"grace_period_days\": 5, \"risk\": {\"silence_days\": 21, \"open_from\": 30}}"));

    assertThat(accepted()).containsExactly("default v1 LIVE", "default v3 SHADOW");
    assertThat(refused()).hasSize(1);
    DeadLetter refusal = refused().get(0);
    assertThat(refusal.getErrorKind()).isEqualTo(DeadLetterKind.INVALID_POLICY);
    assertThat(refusal.getErrorMessage())
        .isEqualTo(
            "policy default v2 (shadow) refused: a shadow cannot change settings applied in"
                + " customer-state, where only the live policy is evaluated: health.weights,"
                + " risk.silence_days");
    assertThat(refusal.getEventId()).isEqualTo("default-v2-shadow");
  }

  @Test
  void versionsRise_andALiveVersionWaitsForTheShadowToEnd() throws Exception {
    offer(doc("default", 2, PolicyStatus.LIVE, "{}"));
    offer(doc("default", 2, PolicyStatus.SHADOW, STREAK_2)); // not above live v2
    offer(doc("default", 3, PolicyStatus.SHADOW, STREAK_2));
    offer(doc("default", 4, PolicyStatus.LIVE, "{}")); // neither the promotion nor after it
    offer(doc("default", 3, PolicyStatus.LIVE, "{}")); // v3 but another body
    offer(doc("default", 3, PolicyStatus.SHADOW, STREAK_2)); // not newer than shadow v3

    assertThat(accepted()).containsExactly("default v2 LIVE", "default v3 SHADOW");
    assertThat(refused())
        .extracting(DeadLetter::getErrorMessage)
        .containsExactly(
            "policy default v2 (shadow) refused: a shadow must be above the live v2 in force",
            "policy default v4 refused: shadow v3 is in force for default: promote it (its version"
                + " and body, live) or withdraw it first",
            "policy default v3 refused: shadow v3 is in force for default: promote it (its version"
                + " and body, live) or withdraw it first",
            "policy default v3 (shadow) refused: v3 is not newer than shadow v3");
    assertThat(refused())
        .extracting(DeadLetter::getErrorKind)
        .containsExactly(
            DeadLetterKind.STALE_POLICY,
            DeadLetterKind.INVALID_POLICY,
            DeadLetterKind.INVALID_POLICY,
            DeadLetterKind.STALE_POLICY);
  }

  @Test
  void aWithdrawalEndsTheShadowItNames_andThenLiveVersionsGoOn() throws Exception {
    offer(doc("default", 1, PolicyStatus.LIVE, "{}"));
    offer(doc("default", 2, PolicyStatus.SHADOW, STREAK_2));
    offer(doc("default", 3, PolicyStatus.WITHDRAWN, "{}")); // not the shadow in force
    offer(doc("default", 2, PolicyStatus.WITHDRAWN, "{}"));
    offer(doc("default", 2, PolicyStatus.WITHDRAWN, "{}")); // nothing left to withdraw
    offer(doc("default", 2, PolicyStatus.LIVE, "{}")); // live again; v2 was never live

    assertThat(accepted())
        .containsExactly(
            "default v1 LIVE", "default v2 SHADOW", "default v2 WITHDRAWN", "default v2 LIVE");
    assertThat(refused())
        .extracting(DeadLetter::getErrorMessage)
        .containsExactly(
            "policy default v3 (withdrawn) refused: the shadow in force for default is v2, not v3",
            "policy default v2 (withdrawn) refused: no shadow is in force for default");
  }

  @Test
  void aShadowNeedsTheSegmentsOwnLivePolicy_theBuiltInOneCountsForDefault() throws Exception {
    offer(doc("mid_market", 1, PolicyStatus.SHADOW, STREAK_2));
    offer(doc("default", 1, PolicyStatus.SHADOW, STREAK_2)); // beside the built-in v0

    assertThat(accepted()).containsExactly("default v1 SHADOW");
    assertThat(refused())
        .extracting(DeadLetter::getErrorMessage)
        .containsExactly(
            "policy mid_market v1 (shadow) refused: mid_market has no live policy of its own (its"
                + " customers follow default): a shadow is tried beside the segment's own live"
                + " policy, publish one first");
  }

  @Test
  void theShadowInForceSurvivesASnapshotAndRestore() throws Exception {
    offer(doc("default", 1, PolicyStatus.LIVE, "{}"));
    offer(doc("default", 2, PolicyStatus.SHADOW, STREAK_2));
    var snapshot = h.snapshot(1, 1);
    h.close();
    h = harness();
    h.initializeState(snapshot);
    h.open();
    offer(doc("default", 3, PolicyStatus.LIVE, "{}")); // the shadow is still in force
    offer(doc("default", 2, PolicyStatus.LIVE, STREAK_2)); // its promotion

    assertThat(accepted()).containsExactly("default v2 LIVE");
    assertThat(refused())
        .extracting(DeadLetter::getErrorKind)
        .containsExactly(DeadLetterKind.INVALID_POLICY);
  }
}
