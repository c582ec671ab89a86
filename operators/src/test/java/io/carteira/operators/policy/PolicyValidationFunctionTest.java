package io.carteira.operators.policy;

import static io.carteira.operators.support.Policies.document;
import static org.assertj.core.api.Assertions.assertThat;

import io.carteira.schemas.ControlMessage;
import io.carteira.schemas.DeadLetterKind;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class PolicyValidationFunctionTest {

  @Test
  void acceptsNewerVersions_refusesInvalidAndStaleOnesWithTheirReason() throws Exception {
    var h =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(new PolicyValidationFunction()),
            IngestedPolicy::segmentKey,
            Types.STRING);
    h.open();
    long offset = 0;
    for (var doc :
        new io.carteira.schemas.PolicyDocument[] {
          document("default", 2, "{\"grace_period_days\": 5}"),
          document("default", 3, "{\"health\": {\"bands\": {\"healthy\": 10}}}"),
          document("default", 2, "{}"),
          document("key_account", 1, "{}"),
          document("default", 4, "{\"renewal_window_days\": 90}")
        }) {
      h.processElement(
          new StreamRecord<>(
              IngestedPolicy.decoded(
                  doc, "policies", 0, offset++, 0, doc.getSegment().getBytes(), new byte[] {9})));
    }
    assertThat(h.extractOutputValues())
        .extracting(ControlMessage::getPolicy)
        .extracting(p -> p.getSegment() + " v" + p.getVersion())
        .containsExactly("default v2", "key_account v1", "default v4");
    var deadLetters = h.getSideOutput(PolicyValidationFunction.DEAD_LETTERS);
    assertThat(deadLetters)
        .extracting(r -> r.getValue().getErrorKind())
        .containsExactly(DeadLetterKind.INVALID_POLICY, DeadLetterKind.STALE_POLICY);
    assertThat(deadLetters)
        .extracting(r -> r.getValue().getErrorMessage())
        .containsExactly(
            "policy default v3 refused: health.bands must decrease: healthy (10) > attention (50) >"
                + " at_risk (25)",
            "policy default v2 is not newer than v2 in force");
    assertThat(deadLetters).extracting(r -> r.getValue().getSourceOffset()).containsExactly(1L, 2L);
    h.close();
  }
}
