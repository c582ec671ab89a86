package io.carteira.operators.risk;

import io.carteira.schemas.ChurnSignal;
import io.carteira.schemas.ControlMessage;
import io.carteira.schemas.RiskSignal;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;

/** {@link SequenceDetectorFunction} in an operator harness, opened, policies input idle. */
final class SequenceHarness implements AutoCloseable {

  final KeyedBroadcastOperatorTestHarness<String, ChurnSignal, ControlMessage, RiskSignal> h;

  SequenceHarness() throws Exception {
    h =
        new KeyedBroadcastOperatorTestHarness<>(
            new CoBroadcastWithKeyedOperator<>(
                new SequenceDetectorFunction(), List.of(SequenceDetectorFunction.POLICIES)),
            ChurnSignal::getCustomerId,
            Types.STRING,
            1,
            1,
            0);
    h.setup();
    h.open();
    h.processBroadcastWatermark(Long.MAX_VALUE);
  }

  void signal(ChurnSignal signal, long timestamp) throws Exception {
    h.processElement(signal, timestamp);
  }

  void watermark(long timestamp) throws Exception {
    h.processWatermark(timestamp);
  }

  void policy(ControlMessage message) throws Exception {
    h.processBroadcastElement(message, 0L);
  }

  /** The detections so far, each with its record's timestamp. */
  List<StreamRecord<RiskSignal>> detections() {
    List<StreamRecord<RiskSignal>> out = new ArrayList<>();
    for (Object o : h.getOutput()) {
      if (o instanceof StreamRecord<?> r) {
        @SuppressWarnings("unchecked")
        StreamRecord<RiskSignal> record = (StreamRecord<RiskSignal>) r;
        out.add(record);
      }
    }
    return out;
  }

  @Override
  public void close() throws Exception {
    h.close();
  }
}
