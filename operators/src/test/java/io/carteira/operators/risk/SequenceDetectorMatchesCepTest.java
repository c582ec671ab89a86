package io.carteira.operators.risk;

import static org.assertj.core.api.Assertions.assertThat;

import io.carteira.operators.policy.Policy;
import io.carteira.operators.policy.PolicyParser;
import io.carteira.operators.support.Policies;
import io.carteira.schemas.ChurnSignal;
import io.carteira.schemas.RiskSignal;
import io.carteira.schemas.SignalKind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The sequence detector gives what Flink CEP gave, detection for detection, with the same record
 * timestamps: random timelines of two customers (every signal kind, ties, signals arriving out of
 * order between watermarks, signals whose event time is before the instant they carry, gaps of
 * exactly a window) go through the four CEP operators builds before ran, each fed the kinds it
 * names, and through the detector, under the built-in policy and under a policy with short counts
 * and windows that makes many matches.
 */
class SequenceDetectorMatchesCepTest {

  private static final Instant T0 = Instant.parse("2026-03-02T00:00:00Z");
  private static final SignalKind[] KINDS = {
    SignalKind.PAYMENT_FAILED,
    SignalKind.HARD_DECLINE,
    SignalKind.PAYMENT_SUCCEEDED,
    SignalKind.SUPPORT_TICKET_OPENED,
    SignalKind.DETRACTOR_SCORE,
    SignalKind.CONTRACTION,
    SignalKind.USAGE_DROP,
    SignalKind.PAYMENT_METHOD_UPDATED
  };

  /** Counts and windows small enough for random timelines to complete many sequences. */
  static final String SHORT =
      "{\"risk\": {\"failed_payment_streak\": 2, \"failed_payment_window_days\": 3,"
          + " \"ticket_run\": 2, \"ticket_window_days\": 4, \"usage_drop_window_days\": 2,"
          + " \"downgrade_spiral\": 3, \"downgrade_window_days\": 5}}";

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void detectionForDetection(boolean shortPolicy) throws Exception {
    Policy policy =
        shortPolicy
            ? PolicyParser.parse(Policies.document("default", 1, SHORT)).policy()
            : PolicyParser.builtIn();
    int detections = 0;
    for (int seed = 0; seed < 60; seed++) {
      List<Step> timeline = timeline(new Random(seed), shortPolicy ? 2 : 12);
      Map<String, List<String>> cep = viaCep(timeline, SequencePatterns.of(policy));
      Map<String, List<String>> detector = viaDetector(timeline, shortPolicy);
      assertThat(detector).as("seed %d", seed).isEqualTo(cep);
      detections += cep.values().stream().mapToInt(List::size).sum();
    }
    assertThat(detections).as("detections compared").isGreaterThan(shortPolicy ? 300 : 30);
  }

  /** A signal with the instant it carries, or a watermark. */
  record Step(ChurnSignal signal, long timestamp, Long watermark) {}

  private static List<Step> timeline(Random random, int hoursScale) {
    List<Step> steps = new ArrayList<>();
    long watermark = T0.toEpochMilli();
    int id = 0;
    for (int batch = 0; batch < 25; batch++) {
      List<Step> arrivals = new ArrayList<>();
      int n = random.nextInt(5);
      for (int i = 0; i < n; i++) {
        // whole hours past the watermark: ties, and gaps of exactly a window, are common
        long timestamp =
            watermark + Duration.ofHours(1 + random.nextInt(6 * hoursScale)).toMillis();
        long eventTime =
            random.nextInt(8) == 0 ? timestamp - Duration.ofHours(3).toMillis() : timestamp;
        SignalKind kind = KINDS[random.nextInt(KINDS.length)];
        ChurnSignal signal =
            ChurnSignal.newBuilder()
                .setCustomerId(random.nextBoolean() ? "cus-1" : "cus-2")
                .setEventId("e" + (++id))
                .setEventTime(Instant.ofEpochMilli(eventTime))
                .setKind(kind)
                .setValue(kind == SignalKind.HARD_DECLINE ? "expired_card" : null)
                .build();
        arrivals.add(new Step(signal, timestamp, null));
      }
      Collections.shuffle(arrivals, random);
      steps.addAll(arrivals);
      watermark += Duration.ofHours(random.nextInt(4 * hoursScale)).toMillis();
      steps.add(new Step(null, 0, watermark));
    }
    steps.add(new Step(null, 0, Long.MAX_VALUE));
    return steps;
  }

  /** Per customer and pattern, each detection with its record's timestamp. */
  private static Map<String, List<String>> viaCep(
      List<Step> timeline, List<SequencePatterns.Sequence> sequences) throws Exception {
    Map<String, List<String>> found = new TreeMap<>();
    for (SequencePatterns.Sequence sequence : sequences) {
      try (KeyedOneInputStreamOperatorTestHarness<String, ChurnSignal, RiskSignal> h =
          CepReference.harness(sequence)) {
        for (Step step : timeline) {
          if (step.watermark() != null) {
            h.processWatermark(step.watermark());
          } else if (sequence.accepts(step.signal())) {
            h.processElement(step.signal(), step.timestamp());
          }
        }
        collect(h.getOutput(), found);
      }
    }
    return found;
  }

  private static Map<String, List<String>> viaDetector(List<Step> timeline, boolean shortPolicy)
      throws Exception {
    Map<String, List<String>> found = new TreeMap<>();
    try (SequenceHarness h = new SequenceHarness()) {
      if (shortPolicy) {
        h.policy(Policies.policy("default", 1, SHORT));
      }
      for (Step step : timeline) {
        if (step.watermark() != null) {
          h.watermark(step.watermark());
        } else {
          h.signal(step.signal(), step.timestamp());
        }
      }
      collect(h.h.getOutput(), found);
    }
    return found;
  }

  private static void collect(Iterable<Object> output, Map<String, List<String>> found) {
    for (Object o : output) {
      if (o instanceof StreamRecord<?> r) {
        RiskSignal detection = (RiskSignal) r.getValue();
        found
            .computeIfAbsent(
                detection.getCustomerId() + " " + detection.getDetection().getPattern(),
                k -> new ArrayList<>())
            .add(r.getTimestamp() + " " + detection);
      }
    }
  }
}
