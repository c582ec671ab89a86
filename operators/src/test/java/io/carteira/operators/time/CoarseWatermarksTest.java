package io.carteira.operators.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** What CEP receives: watermarks rounded down, and no record behind the watermark it has seen. */
class CoarseWatermarksTest {

  @Test
  void watermarksAreRoundedDownAndOnlyForwardedWhenTheyCrossAStep() throws Exception {
    try (OneInputStreamOperatorTestHarness<String, String> harness = harness()) {
      harness.processWatermark(new Watermark(1_150));
      harness.processWatermark(new Watermark(1_190));
      harness.processWatermark(new Watermark(1_210));

      assertThat(harness.extractOutputStreamRecords()).isEmpty();
      assertThat(watermarks(harness)).containsExactly(1_000L, 1_200L);
    }
  }

  @Test
  void aRecordBehindTheForwardedWatermarkIsRestampedJustAfterIt_soCepDoesNotDropIt()
      throws Exception {
    try (OneInputStreamOperatorTestHarness<String, String> harness = harness()) {
      harness.processWatermark(new Watermark(5_250)); // CEP has seen 5,200
      harness.processElement(new StreamRecord<>("late failed payment", 4_000));
      harness.processElement(new StreamRecord<>("at the watermark", 5_200));
      harness.processElement(new StreamRecord<>("ahead of it", 5_230));

      List<StreamRecord<? extends String>> records = harness.extractOutputStreamRecords();
      assertThat(records.stream().map(r -> (String) r.getValue()).toList())
          .containsExactly("late failed payment", "at the watermark", "ahead of it");
      assertThat(records)
          .extracting(StreamRecord::getTimestamp)
          .containsExactly(5_201L, 5_201L, 5_230L);
    }
  }

  private static OneInputStreamOperatorTestHarness<String, String> harness() throws Exception {
    OneInputStreamOperatorTestHarness<String, String> harness =
        new OneInputStreamOperatorTestHarness<>(new CoarseWatermarks<>(Duration.ofMillis(200)));
    harness.open();
    return harness;
  }

  private static List<Long> watermarks(OneInputStreamOperatorTestHarness<String, String> harness) {
    return harness.getOutput().stream()
        .filter(Watermark.class::isInstance)
        .map(w -> ((Watermark) w).getTimestamp())
        .toList();
  }
}
