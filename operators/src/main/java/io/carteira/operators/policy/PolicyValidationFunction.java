package io.carteira.operators.policy;

import io.carteira.operators.ingest.DeadLetters;
import io.carteira.schemas.AvroModels;
import io.carteira.schemas.ControlMessage;
import io.carteira.schemas.DeadLetter;
import io.carteira.schemas.DeadLetterKind;
import io.carteira.schemas.PolicyDocument;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Decides, once for the whole job, whether a published policy comes into force: keyed by segment,
 * it refuses invalid documents (every error listed) and versions not above the one in force, on
 * dead-letters, and passes accepted ones on to be broadcast. The rules, live and shadow, are {@link
 * PolicyAdmission}'s. Validating here, before the broadcast, means each refusal is reported once
 * and every customer subtask sees the same sequence of accepted versions.
 */
public class PolicyValidationFunction
    extends KeyedProcessFunction<String, IngestedPolicy, ControlMessage> {

  public static final OutputTag<DeadLetter> DEAD_LETTERS =
      new OutputTag<>("policy-dead-letters") {};

  private transient ValueState<Long> versionInForce;
  private transient ValueState<PolicyDocument> liveInForce;
  private transient ValueState<PolicyDocument> shadowInForce;
  private transient ValueState<Long> lastShadowVersion;

  @Override
  public void open(OpenContext openContext) {
    AvroModels.enableFastReading();
    versionInForce =
        getRuntimeContext().getState(new ValueStateDescriptor<>("version-in-force", Types.LONG));
    liveInForce =
        getRuntimeContext()
            .getState(
                new ValueStateDescriptor<>(
                    "live-in-force", new AvroTypeInfo<>(PolicyDocument.class)));
    shadowInForce =
        getRuntimeContext()
            .getState(
                new ValueStateDescriptor<>(
                    "shadow-in-force", new AvroTypeInfo<>(PolicyDocument.class)));
    lastShadowVersion =
        getRuntimeContext().getState(new ValueStateDescriptor<>("last-shadow-version", Types.LONG));
  }

  @Override
  public void processElement(IngestedPolicy policy, Context ctx, Collector<ControlMessage> out)
      throws Exception {
    if (policy.failure != null) {
      ctx.output(DEAD_LETTERS, policy.failure);
      return;
    }
    PolicyAdmission.Segment segment = new PolicyAdmission.Segment();
    segment.liveVersion = versionInForce.value();
    segment.live = liveInForce.value();
    segment.shadow = shadowInForce.value();
    segment.lastShadowVersion = lastShadowVersion.value();
    PolicyAdmission.Decision decision = PolicyAdmission.admit(segment, policy.document);
    if (!decision.accepted()) {
      ctx.output(DEAD_LETTERS, refused(policy, decision.refusedAs(), decision.message()));
      return;
    }
    update(versionInForce, segment.liveVersion);
    update(liveInForce, segment.live);
    update(shadowInForce, segment.shadow);
    update(lastShadowVersion, segment.lastShadowVersion);
    out.collect(new ControlMessage(policy.document, null));
  }

  private static <T> void update(ValueState<T> state, T value) throws Exception {
    if (value == null) {
      state.clear();
    } else {
      state.update(value);
    }
  }

  private static DeadLetter refused(IngestedPolicy policy, DeadLetterKind kind, String message) {
    DeadLetter deadLetter =
        DeadLetters.undecodable(
            policy.topic,
            policy.partition,
            policy.offset,
            policy.kafkaTimestamp,
            policy.key,
            policy.value,
            kind,
            message,
            null);
    String status =
        ShadowPolicies.isLive(policy.document)
            ? ""
            : "-" + policy.document.getStatus().name().toLowerCase(java.util.Locale.ROOT);
    deadLetter.setEventId(
        policy.document.getSegment() + "-v" + policy.document.getVersion() + status);
    return deadLetter;
  }
}
