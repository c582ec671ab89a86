package io.carteira.operators.support;

import io.carteira.schemas.ControlMessage;
import io.carteira.schemas.PolicyDocument;
import io.carteira.schemas.PolicyStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.util.OutputTag;

/** Shadow policies on an operator harness: the documents, the shadow output, the keyed state. */
public final class ShadowHarness {

  private ShadowHarness() {}

  /** {@code segment}'s shadow at {@code version}. */
  public static ControlMessage shadow(String segment, long version, String body) {
    return withStatus(segment, version, body, PolicyStatus.SHADOW);
  }

  /** The withdrawal of {@code segment}'s shadow {@code version}. */
  public static ControlMessage withdrawal(String segment, long version, String body) {
    return withStatus(segment, version, body, PolicyStatus.WITHDRAWN);
  }

  private static ControlMessage withStatus(
      String segment, long version, String body, PolicyStatus status) {
    PolicyDocument document =
        PolicyDocument.newBuilder(Policies.document(segment, version, body))
            .setStatus(status)
            .build();
    return new ControlMessage(document, null);
  }

  /** The keys that have an entry in the keyed value state {@code state}. */
  public static List<Object> keysWith(AbstractStreamOperatorTestHarness<?> h, String state)
      throws Exception {
    KeyedStateBackend<Object> backend =
        ((AbstractStreamOperator<?>) h.getOperator()).getKeyedStateBackend();
    try (Stream<Object> keys = backend.getKeys(state, VoidNamespace.INSTANCE)) {
      return new ArrayList<>(keys.toList());
    }
  }

  /** The records sent to side output {@code tag} so far. */
  public static <T> List<T> sideOutput(AbstractStreamOperatorTestHarness<?> h, OutputTag<T> tag) {
    List<T> out = new ArrayList<>();
    var queue = h.getSideOutput(tag);
    if (queue != null) {
      for (StreamRecord<T> r : queue) {
        out.add(r.getValue());
      }
    }
    return out;
  }
}
