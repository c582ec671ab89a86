package io.carteira.operators.policy;

import io.carteira.operators.ingest.DeadLetters;
import io.carteira.schemas.AvroModels;
import io.carteira.schemas.ControlMessage;
import io.carteira.schemas.DeadLetter;
import io.carteira.schemas.DeadLetterKind;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Decides, once for the whole job, whether a published policy comes into force: keyed by segment,
 * it refuses invalid documents (every error listed) and versions not above the one in force, on
 * dead-letters, and passes accepted ones on to be broadcast. Validating here, before the broadcast,
 * means each refusal is reported once and every customer subtask sees the same sequence of accepted
 * versions.
 */
public class PolicyValidationFunction
    extends KeyedProcessFunction<String, IngestedPolicy, ControlMessage> {

  public static final OutputTag<DeadLetter> DEAD_LETTERS =
      new OutputTag<>("policy-dead-letters") {};

  private transient ValueState<Long> versionInForce;

  @Override
  public void open(OpenContext openContext) {
    AvroModels.enableFastReading();
    versionInForce =
        getRuntimeContext().getState(new ValueStateDescriptor<>("version-in-force", Types.LONG));
  }

  @Override
  public void processElement(IngestedPolicy policy, Context ctx, Collector<ControlMessage> out)
      throws Exception {
    if (policy.failure != null) {
      ctx.output(DEAD_LETTERS, policy.failure);
      return;
    }
    PolicyParser.Result result = PolicyParser.parse(policy.document);
    if (!result.accepted()) {
      ctx.output(
          DEAD_LETTERS,
          refused(
              policy,
              DeadLetterKind.INVALID_POLICY,
              "policy "
                  + policy.document.getSegment()
                  + " v"
                  + policy.document.getVersion()
                  + " refused: "
                  + String.join("; ", result.errors())));
      return;
    }
    Long inForce = versionInForce.value();
    if (inForce != null && policy.document.getVersion() <= inForce) {
      ctx.output(
          DEAD_LETTERS,
          refused(
              policy,
              DeadLetterKind.STALE_POLICY,
              "policy "
                  + policy.document.getSegment()
                  + " v"
                  + policy.document.getVersion()
                  + " is not newer than v"
                  + inForce
                  + " in force"));
      return;
    }
    versionInForce.update(policy.document.getVersion());
    out.collect(new ControlMessage(policy.document, null));
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
    deadLetter.setEventId(policy.document.getSegment() + "-v" + policy.document.getVersion());
    return deadLetter;
  }
}
