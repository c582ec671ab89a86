package io.carteira.operators.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.carteira.operators.support.HarnessState;
import io.carteira.schemas.MetricWindow;
import io.carteira.schemas.MovementTotals;
import io.carteira.schemas.OpenReceivable;
import io.carteira.schemas.PortfolioMetric;
import io.carteira.schemas.PortfolioSlice;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * Housekeeping of the portfolio metrics: a day's movements are kept until the day closes and are
 * then dropped; what stays for good is one running record per slice (MRR, customers, balances, the
 * last 30 days and the month so far) and one timer at the end of the next day, because every day
 * closes and reports MRR and aging, facts or none; a provisional timer lives only until the next
 * watermark. Every metric's final record goes out at the end of its window. A snapshot taken at any
 * point of a timeline restores into a run that emits exactly what the uninterrupted run emits.
 */
class PortfolioMetricsHousekeepingTest {

  private static final ZoneId ZONE = ZoneId.of("America/Sao_Paulo");
  private static final LocalDate MARCH_1 = LocalDate.of(2026, 3, 1);
  private static final String CHANNEL = "acquisition_channel";

  @Test
  void aDaysMovementsAreDroppedWhenItClosesAndOnlyTheRunningRecordAndOneTimerStay()
      throws Exception {
    try (var h = harness(null)) {
      h.processElement(record(started(whole(0), 9_900)));
      h.processElement(record(started(whole(2), 29_900)));
      // the running record, and the movements of days 0 and 2 (one map entry)
      assertThat(HarnessState.keyedStateEntries(h)).isEqualTo(2);
      assertThat(h.numEventTimeTimers())
          .as("the end of day 0, and day 0's provisional figures on the next watermark")
          .isEqualTo(2);

      h.processWatermark(endOf(0) - 1);
      assertThat(h.extractOutputValues())
          .as("nothing final before the end of the day: day 0's provisional figures only")
          .isNotEmpty()
          .allSatisfy(
              m -> {
                assertThat(m.getProvisional()).isTrue();
                assertThat(m.getWindowKind()).isEqualTo(MetricWindow.DAY);
                assertThat(m.getWindowEnd()).isEqualTo(Instant.ofEpochMilli(endOf(0)));
              });
      assertThat(h.numEventTimeTimers()).as("the end of day 0").isEqualTo(1);
      h.getOutput().clear();
      h.processWatermark(endOf(0));
      assertThat(dayMetric(h, "mrr", 0).getValueMinor()).isEqualTo(9_900L);
      assertThat(HarnessState.keyedStateEntries(h)).as("day 2 still pending").isEqualTo(2);

      h.processWatermark(endOf(2));
      assertThat(dayMetric(h, "mrr", 1).getValueMinor())
          .as("a day without facts")
          .isEqualTo(9_900L);
      assertThat(dayMetric(h, "mrr", 2).getValueMinor()).isEqualTo(39_800L);
      // every day closed: the running record stays, and the timer at the end of day 3
      assertThat(HarnessState.keyedStateEntries(h)).isEqualTo(1);
      assertThat(h.numEventTimeTimers()).isEqualTo(1);
      h.processWatermark(endOf(40));
      assertThat(HarnessState.keyedStateEntries(h)).isEqualTo(1);
      assertThat(h.numEventTimeTimers()).isEqualTo(1);
    }
  }

  @Test
  void everyMetricGoesOutAtTheEndOfItsWindow() throws Exception {
    try (var h = harness(null)) {
      h.processElement(record(started(whole(0), 9_900)));
      h.processWatermark(endOf(31)); // 1 March to 1 April: March closes on day 30
      List<StreamRecord<? extends PortfolioMetric>> all = h.extractOutputStreamRecords();
      assertThat(all)
          .allSatisfy(
              r -> {
                PortfolioMetric m = r.getValue();
                assertThat(r.getTimestamp()).isEqualTo(m.getWindowEnd().toEpochMilli());
              });
      assertThat(all)
          .filteredOn(r -> r.getValue().getWindowKind() == MetricWindow.MONTH)
          .filteredOn(r -> r.getValue().getMetric().equals("mrr"))
          .singleElement()
          .satisfies(
              r -> {
                assertThat(r.getTimestamp()).isEqualTo(endOf(30)); // 1 April 00:00 São Paulo
                assertThat(r.getValue().getWindowStart())
                    .isEqualTo(Instant.ofEpochMilli(startOf(0)));
                assertThat(r.getValue().getValueMinor()).isEqualTo(9_900L);
              });
      // the 30-day window ends with day 29 first, then with each later day
      assertThat(all)
          .filteredOn(r -> r.getValue().getWindowKind() == MetricWindow.ROLLING_30_DAYS)
          .filteredOn(r -> r.getValue().getMetric().equals("new_mrr"))
          .extracting(StreamRecord::getTimestamp)
          .containsExactly(endOf(29), endOf(30), endOf(31));
    }
  }

  @Test
  void aFactForADayAlreadyClosedCountsInTheNextDayToClose() throws Exception {
    try (var h = harness(null)) {
      h.processElement(record(started(whole(0), 9_900)));
      h.processWatermark(endOf(1));
      h.processElement(record(started(whole(0), 29_900))); // late: day 0 has closed
      assertThat(HarnessState.keyedStateEntries(h)).as("kept under day 2").isEqualTo(2);
      h.processWatermark(endOf(2));
      assertThat(dayMetric(h, "new_mrr", 2).getValueMinor()).isEqualTo(29_900L);
      assertThat(HarnessState.keyedStateEntries(h)).isEqualTo(1);
    }
  }

  @Test
  void theEndOfABoundedInputClosesEveryDayButTheLastAndLeavesNoTimer() throws Exception {
    try (var h = harness(null)) {
      h.processElement(record(started(whole(0), 9_900)));
      h.processElement(record(started(whole(3), 19_900)));
      h.processWatermark(Long.MAX_VALUE);
      assertThat(h.extractOutputValues())
          .filteredOn(m -> m.getMetric().equals("mrr") && !m.getProvisional())
          .extracting(PortfolioMetric::getWindowEnd)
          .containsExactly(
              Instant.ofEpochMilli(endOf(0)),
              Instant.ofEpochMilli(endOf(1)),
              Instant.ofEpochMilli(endOf(2)));
      // the last day's figures so far, provisional: every fact of the input is in them
      assertThat(h.extractOutputValues())
          .filteredOn(m -> m.getMetric().equals("mrr") && m.getProvisional())
          .singleElement()
          .satisfies(
              m -> {
                assertThat(m.getWindowEnd()).isEqualTo(Instant.ofEpochMilli(endOf(3)));
                assertThat(m.getValueMinor()).isEqualTo(29_800L);
              });
      // by design the last day may be partial and stays open: its movements and the running
      // record remain; no time passes after the end of the input, so no timer
      assertThat(HarnessState.keyedStateEntries(h)).isEqualTo(2);
      assertThat(h.numEventTimeTimers()).isZero();
    }
  }

  @Test
  void restoringASnapshotAtEveryCutOfATwoSliceTimelineGivesTheUninterruptedRun() throws Exception {
    List<Object> script = script();
    assertThat(script).hasSizeBetween(20, 50);
    Run uninterrupted = run(script, -1);
    assertThat(uninterrupted.outputs().get("main BRL")).hasSizeGreaterThan(500);
    assertThat(uninterrupted.outputs().get("main BRL/" + CHANNEL + "=ads")).hasSizeGreaterThan(100);
    // two slices: each its running record and the timer at the end of its next day
    assertThat(uninterrupted.entries()).isEqualTo(2);
    assertThat(uninterrupted.timers()).isEqualTo(2);
    for (int cut = 0; cut <= script.size(); cut++) {
      assertThat(run(script, cut))
          .as("snapshot and restore before step " + cut)
          .isEqualTo(uninterrupted);
    }
  }

  /**
   * The whole portfolio and one acquisition channel over 40 days: starts, an expansion, a churn,
   * invoices issued and paid late, a late fact, watermarks that close one day or several at once.
   */
  private static List<Object> script() {
    List<Object> s = new ArrayList<>();
    for (PortfolioSlice slice : both(started(whole(0), 9_900))) {
      s.add(slice);
    }
    s.add(invoiced(whole(1), 9_900, 10));
    s.add(endOf(0));
    for (PortfolioSlice slice : both(started(whole(1), 29_900))) {
      s.add(slice);
    }
    s.add(endOf(1));
    s.add(endOf(2));
    s.add(invoiced(whole(4), 29_900, 12));
    s.add(endOf(5));
    s.add(paid(whole(14), 9_900, 10, 4)); // four days late
    s.add(endOf(14));
    for (PortfolioSlice slice : both(expanded(whole(15), 29_900, 49_900))) {
      s.add(slice);
    }
    s.add(endOf(15));
    s.add(paid(whole(13), 29_900, 12, 1)); // read after day 13 closed: counts in day 16
    s.add(endOf(20));
    for (PortfolioSlice slice : both(churned(whole(25), 9_900))) {
      s.add(slice);
    }
    s.add(endOf(29));
    s.add(endOf(30)); // March closes
    s.add(invoiced(whole(31), 49_900, 40));
    s.add(endOf(35));
    s.add(endOf(45));
    return s;
  }

  private record Run(Map<String, List<String>> outputs, int entries, int timers) {}

  private static Run run(List<Object> script, int cut) throws Exception {
    var h = harness(null);
    Map<String, List<String>> outputs = new TreeMap<>();
    try {
      for (int i = 0; i < script.size(); i++) {
        if (i == cut) {
          HarnessState.drainInto(outputs, h, PortfolioMetricsHousekeepingTest::sliceOf);
          OperatorSubtaskState state = h.snapshot(1, 1);
          h.close();
          h = harness(state);
        }
        Object step = script.get(i);
        if (step instanceof PortfolioSlice slice) {
          h.processElement(record(PortfolioSlice.newBuilder(slice).build()));
        } else {
          h.processWatermark((Long) step);
        }
      }
      HarnessState.drainInto(outputs, h, PortfolioMetricsHousekeepingTest::sliceOf);
      return new Run(outputs, HarnessState.keyedStateEntries(h), h.numEventTimeTimers());
    } finally {
      h.close();
    }
  }

  /** The slice a metric belongs to, as its key: the currency, and the channel of a segment. */
  private static String sliceOf(Object record) {
    PortfolioMetric m = (PortfolioMetric) record;
    String channel = m.getDimensions().get(CHANNEL);
    return channel == null ? m.getCurrency() : m.getCurrency() + "/" + CHANNEL + "=" + channel;
  }

  // ---- harness and sums

  private static KeyedOneInputStreamOperatorTestHarness<String, PortfolioSlice, PortfolioMetric>
      harness(OperatorSubtaskState restore) throws Exception {
    var h =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(new PortfolioMetricsFunction(ZONE)),
            PortfolioSegments::keyOf,
            Types.STRING);
    h.setup();
    if (restore != null) {
      h.initializeState(restore);
    }
    h.open();
    return h;
  }

  private static StreamRecord<PortfolioSlice> record(PortfolioSlice slice) {
    return new StreamRecord<>(slice, startOf(slice.getTotals().getDay() - epochDay(0)));
  }

  private static PortfolioMetric dayMetric(
      KeyedOneInputStreamOperatorTestHarness<String, PortfolioSlice, PortfolioMetric> h,
      String name,
      int day) {
    List<StreamRecord<? extends PortfolioMetric>> found =
        h.extractOutputStreamRecords().stream()
            .filter(r -> r.getValue().getWindowKind() == MetricWindow.DAY)
            .filter(r -> r.getValue().getMetric().equals(name))
            .filter(r -> r.getValue().getDimensions().isEmpty())
            .filter(r -> r.getTimestamp() == endOf(day))
            .toList();
    assertThat(found).as(name + " of day " + day + ", out at its end").hasSize(1);
    return found.get(0).getValue();
  }

  /** The sum of day {@code n} (from 1 March) for the whole BRL portfolio, empty. */
  private static PortfolioSlice whole(int n) {
    return new PortfolioSegments.Slice("BRL", null, null).empty(epochDay(n));
  }

  /** The sum and its copy for the {@code ads} acquisition channel. */
  private static List<PortfolioSlice> both(PortfolioSlice whole) {
    PortfolioSlice channel = PortfolioSlice.newBuilder(whole).build();
    channel.setDimension(CHANNEL);
    channel.setSegment("ads");
    return List.of(whole, channel);
  }

  private static PortfolioSlice started(PortfolioSlice sum, long mrr) {
    MovementTotals t = sum.getTotals();
    t.setNewMrr(mrr);
    t.setNewCustomers(1);
    t.setMrrChanges(new HashMap<>(Map.of(String.valueOf(mrr), 1)));
    sum.setFacts(1);
    return sum;
  }

  private static PortfolioSlice expanded(PortfolioSlice sum, long from, long to) {
    MovementTotals t = sum.getTotals();
    t.setExpansionMrr(to - from);
    t.setMrrChanges(new HashMap<>(Map.of(String.valueOf(from), -1, String.valueOf(to), 1)));
    sum.setFacts(1);
    return sum;
  }

  private static PortfolioSlice churned(PortfolioSlice sum, long mrr) {
    MovementTotals t = sum.getTotals();
    t.setChurnedMrr(mrr);
    t.setChurnedCustomers(1);
    t.setMrrChanges(new HashMap<>(Map.of(String.valueOf(mrr), -1)));
    sum.setFacts(1);
    return sum;
  }

  private static PortfolioSlice invoiced(PortfolioSlice sum, long amount, int dueDay) {
    sum.getTotals()
        .setReceivableChanges(
            new HashMap<>(
                Map.of(String.valueOf(epochDay(dueDay)), new OpenReceivable(amount, 1L))));
    sum.setFacts(1);
    return sum;
  }

  private static PortfolioSlice paid(PortfolioSlice sum, long amount, int dueDay, int daysLate) {
    MovementTotals t = sum.getTotals();
    t.setReceivableChanges(
        new HashMap<>(Map.of(String.valueOf(epochDay(dueDay)), new OpenReceivable(-amount, -1L))));
    t.setRecoveredInvoicesByBucket(new HashMap<>(Map.of(AgingBuckets.of(daysLate), 1L)));
    t.setRecoveredMinorByBucket(new HashMap<>(Map.of(AgingBuckets.of(daysLate), amount)));
    t.setDaysToRecover(new HashMap<>(Map.of(String.valueOf(daysLate), 1L)));
    t.setAttemptsByMethod(new HashMap<>(Map.of("BOLETO", 1L)));
    sum.setFacts(1);
    return sum;
  }

  private static int epochDay(int n) {
    return (int) MARCH_1.plusDays(n).toEpochDay();
  }

  private static long startOf(int n) {
    return MARCH_1.plusDays(n).atStartOfDay(ZONE).toInstant().toEpochMilli();
  }

  /** The end of day {@code n} from 1 March: midnight at the start of the next, São Paulo. */
  private static long endOf(int n) {
    return startOf(n + 1);
  }
}
