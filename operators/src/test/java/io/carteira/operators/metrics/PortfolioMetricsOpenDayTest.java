package io.carteira.operators.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.carteira.schemas.MetricWindow;
import io.carteira.schemas.MovementTotals;
import io.carteira.schemas.PortfolioMetric;
import io.carteira.schemas.PortfolioSlice;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The open business day, live: its facts show as provisional {@code DAY} records on the next
 * watermark, once per watermark and only when they changed, under the keys its close then writes
 * with the final figures.
 */
class PortfolioMetricsOpenDayTest {

  private static final ZoneId ZONE = ZoneId.of("America/Sao_Paulo");
  private static final LocalDate MARCH_1 = LocalDate.of(2026, 3, 1);
  private static final long DAY_0 = MARCH_1.atStartOfDay(ZONE).toInstant().toEpochMilli();
  private static final long END_OF_DAY_0 =
      MARCH_1.plusDays(1).atStartOfDay(ZONE).toInstant().toEpochMilli();

  @Test
  void anOpenDaysFactsShowOnTheNextWatermark_thenItsCloseSupersedesThemUnderTheSameKeys()
      throws Exception {
    try (var h = harness()) {
      h.processWatermark(at(9));
      // a new customer at 9,900 at 10:00
      h.processElement(record(started(9_900), at(10)));
      assertThat(h.extractOutputValues()).as("nothing before the next watermark").isEmpty();

      h.processWatermark(at(10) + 200);
      List<PortfolioMetric> first = drain(h);
      assertThat(first)
          .isNotEmpty()
          .allSatisfy(
              m -> {
                assertThat(m.getProvisional()).isTrue();
                assertThat(m.getWindowKind()).isEqualTo(MetricWindow.DAY);
                assertThat(m.getWindowStart()).isEqualTo(Instant.ofEpochMilli(DAY_0));
                assertThat(m.getWindowEnd()).isEqualTo(Instant.ofEpochMilli(END_OF_DAY_0));
              });
      assertThat(money(first, "new_mrr")).isEqualTo(9_900L);
      assertThat(money(first, "mrr")).isEqualTo(9_900L);
      assertThat(value(first, "customers")).isEqualTo(1.0);

      // no new fact: no new figures
      h.processWatermark(at(11));
      h.processWatermark(at(12));
      assertThat(drain(h)).isEmpty();

      // two sums (two subtasks) between two watermarks: one new set of figures, with both
      h.processElement(record(started(5_000), at(13)));
      h.processElement(record(started(20_000), at(13)));
      h.processWatermark(at(13) + 200);
      List<PortfolioMetric> second = drain(h);
      assertThat(keys(second)).as("one record per key").hasSameSizeAs(second);
      assertThat(second).allSatisfy(m -> assertThat(m.getProvisional()).isTrue());
      assertThat(money(second, "new_mrr")).isEqualTo(34_900L);
      assertThat(money(second, "mrr")).isEqualTo(34_900L);
      assertThat(value(second, "new_customers")).isEqualTo(3.0);
      assertThat(keys(second).keySet()).containsAll(keys(first).keySet());

      // the watermark passes the day's end: the final records, same keys, the full day
      h.processWatermark(END_OF_DAY_0);
      List<PortfolioMetric> closed = drain(h);
      List<PortfolioMetric> finalDay =
          closed.stream().filter(m -> m.getWindowKind() == MetricWindow.DAY).toList();
      assertThat(closed).noneMatch(PortfolioMetric::getProvisional);
      assertThat(keys(finalDay).keySet()).containsAll(keys(second).keySet());
      assertThat(money(finalDay, "new_mrr")).isEqualTo(34_900L);
      assertThat(money(finalDay, "mrr")).isEqualTo(34_900L);
      assertThat(money(finalDay, "arpa")).as("at the close only").isEqualTo(11_633L);
      // no fact after the last provisional figures: the close says the same under each key
      keys(second)
          .forEach(
              (key, p) ->
                  assertThat(keys(finalDay).get(key))
                      .as(key)
                      .isEqualTo(PortfolioMetric.newBuilder(p).setProvisional(false).build()));
    }
  }

  @Test
  void factsOfADayThatClosesAtTheSameWatermarkGoOutFinalOnly() throws Exception {
    try (var h = harness()) {
      h.processWatermark(at(9));
      h.processElement(record(started(9_900), at(23)));
      h.processWatermark(END_OF_DAY_0 + 1_000);
      List<PortfolioMetric> out = drain(h);
      assertThat(out).isNotEmpty().noneMatch(PortfolioMetric::getProvisional);
      assertThat(money(out, "new_mrr")).isEqualTo(9_900L);
    }
  }

  @Test
  void theNextDaysFactsReadAheadShowWhenItOpens() throws Exception {
    try (var h = harness()) {
      h.processWatermark(at(9));
      h.processElement(record(started(9_900), at(10)));
      h.processElement(record(started(5_000, 1), at(10)));
      h.processWatermark(at(10) + 200);
      assertThat(drain(h))
          .allSatisfy(
              m -> assertThat(m.getWindowEnd()).isEqualTo(Instant.ofEpochMilli(END_OF_DAY_0)))
          .anySatisfy(m -> assertThat(m.getProvisional()).isTrue());

      h.processWatermark(END_OF_DAY_0 + 200);
      List<PortfolioMetric> out = drain(h);
      List<PortfolioMetric> dayOne =
          out.stream().filter(m -> m.getWindowStart().toEpochMilli() == END_OF_DAY_0).toList();
      assertThat(dayOne).isNotEmpty().allSatisfy(m -> assertThat(m.getProvisional()).isTrue());
      assertThat(money(dayOne, "new_mrr")).isEqualTo(5_000L);
      assertThat(money(dayOne, "mrr")).isEqualTo(14_900L);
    }
  }

  // ---- harness and sums

  private static KeyedOneInputStreamOperatorTestHarness<String, PortfolioSlice, PortfolioMetric>
      harness() throws Exception {
    var h =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(new PortfolioMetricsFunction(ZONE)),
            PortfolioSegments::keyOf,
            Types.STRING);
    h.open();
    return h;
  }

  /** The instant of {@code hour}:00 on 1 March, São Paulo. */
  private static long at(int hour) {
    return DAY_0 + Duration.ofHours(hour).toMillis();
  }

  private static StreamRecord<PortfolioSlice> record(PortfolioSlice slice, long time) {
    return new StreamRecord<>(slice, time);
  }

  private static PortfolioSlice started(long mrr) {
    return started(mrr, 0);
  }

  /** A new customer at {@code mrr} on day {@code n} from 1 March, for the whole BRL portfolio. */
  private static PortfolioSlice started(long mrr, int n) {
    PortfolioSlice sum =
        new PortfolioSegments.Slice("BRL", null, null)
            .empty((int) MARCH_1.plusDays(n).toEpochDay());
    MovementTotals t = sum.getTotals();
    t.setNewMrr(mrr);
    t.setNewCustomers(1);
    t.setMrrChanges(new HashMap<>(Map.of(String.valueOf(mrr), 1)));
    sum.setFacts(1);
    return sum;
  }

  private static List<PortfolioMetric> drain(
      KeyedOneInputStreamOperatorTestHarness<String, PortfolioSlice, PortfolioMetric> h) {
    List<PortfolioMetric> out = h.extractOutputValues();
    h.getOutput().clear();
    return out;
  }

  private static Map<String, PortfolioMetric> keys(List<PortfolioMetric> all) {
    Map<String, PortfolioMetric> byKey = new LinkedHashMap<>();
    all.forEach(m -> byKey.put(PortfolioMetricKey.of(m), m));
    return byKey;
  }

  private static Long money(List<PortfolioMetric> all, String name) {
    return find(all, name).getValueMinor();
  }

  private static Double value(List<PortfolioMetric> all, String name) {
    return find(all, name).getValue();
  }

  private static PortfolioMetric find(List<PortfolioMetric> all, String name) {
    List<PortfolioMetric> found =
        all.stream()
            .filter(m -> m.getMetric().equals(name) && m.getDimensions().isEmpty())
            .toList();
    assertThat(found).as(name).hasSize(1);
    return found.get(0);
  }
}
