package io.carteira.operators.metrics;

import io.carteira.operators.telemetry.EventTimeLag;
import io.carteira.schemas.AvroModels;
import io.carteira.schemas.MetricWindow;
import io.carteira.schemas.MovementTotals;
import io.carteira.schemas.OpenReceivable;
import io.carteira.schemas.PortfolioMetric;
import io.carteira.schemas.PortfolioRunning;
import io.carteira.schemas.PortfolioSlice;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The portfolio metrics of one slice of the portfolio ({@link PortfolioSegments.Slice}: the whole
 * of a currency, as a portfolio in several currencies keeps them apart, or one segment of it),
 * keyed by the slice: the facts customer-state emits (MRR movements, receivable changes, payment
 * attempts, refunds), summed per slice and day on each subtask ({@link PortfolioSliceTotals}), are
 * summed per business day; when the watermark passes the end of a day, the day closes in order and
 * its {@code DAY} metrics, the {@code ROLLING_30_DAYS} metrics ending with it and, on the last day
 * of a month, the {@code MONTH} metrics go out ({@link PortfolioMetrics}). Days without facts close
 * too, so MRR and aging are reported every day. At the end of a bounded input (a replay) the days
 * before the last one with facts close; the last stays open. Balances (paying customers by MRR,
 * open receivables by due date) change as each day closes, so a day's metrics never see a later
 * day's facts read ahead of the watermark. A fact for a day already closed (read within the allowed
 * lateness) counts in the next day to close, and is counted.
 *
 * <p>The day still open is live too: when facts of it arrive, a timer at the current watermark + 1
 * ms (at the earliest 1 ms into the day) fires on the next watermark and sends its provisional
 * {@code DAY} metrics ({@link OpenDay}) from the running totals, under the keys of its final
 * records. So a slice sends them at most once per watermark, and only when its open day changed
 * since; a day that closes at that same watermark sends only its final records. The day left open
 * at the end of a bounded input sends its figures with every fact read. Facts of a later day read
 * ahead of the watermark show when that day becomes the one open. {@code MONTH} and {@code
 * ROLLING_30_DAYS} go out at the close only. These timers need no state of their own: a close timer
 * falls on the end of a day, a provisional one does not, or on the end of the open day, whose close
 * then sends its final records.
 */
public class PortfolioMetricsFunction
    extends KeyedProcessFunction<String, PortfolioSlice, PortfolioMetric> {

  static final int ROLLING_DAYS = 30;

  /** Which open business days send provisional figures. */
  public enum ProvisionalDays {
    /** A day not yet over on the wall clock: live operation; a replay of the past sends none. */
    RUNNING,
    /** Every open day, replays of the past included. */
    EVERY,
    /** None: only the close's final figures. */
    NONE
  }

  private final ZoneId zone;
  private final ProvisionalDays provisionalDays;
  private transient EventTimeLag lag;
  private transient MapState<Integer, MovementTotals> days;
  private transient ValueState<PortfolioRunning> running;
  private transient Counter lateFacts;

  /** Provisional figures for every open day. */
  public PortfolioMetricsFunction(ZoneId zone) {
    this(zone, ProvisionalDays.EVERY);
  }

  public PortfolioMetricsFunction(ZoneId zone, ProvisionalDays provisionalDays) {
    this.zone = zone;
    this.provisionalDays = provisionalDays;
  }

  private boolean sendsProvisional(int day) {
    return switch (provisionalDays) {
      case EVERY -> true;
      case NONE -> false;
      case RUNNING -> endOf(day) > System.currentTimeMillis();
    };
  }

  @Override
  public void open(OpenContext openContext) {
    AvroModels.enableFastReading();
    days =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(
                    "movements-by-day", Types.INT, new AvroTypeInfo<>(MovementTotals.class)));
    running =
        getRuntimeContext()
            .getState(
                new ValueStateDescriptor<>(
                    "portfolio-running", new AvroTypeInfo<>(PortfolioRunning.class)));
    lateFacts = getRuntimeContext().getMetricGroup().counter("latePortfolioFacts");
    lag = EventTimeLag.register(getRuntimeContext().getMetricGroup());
  }

  @Override
  public void processElement(PortfolioSlice sum, Context ctx, Collector<PortfolioMetric> out)
      throws Exception {
    lag.observe(ctx.timerService().currentWatermark());
    PortfolioRunning portfolio = running.value();
    int day = sum.getTotals().getDay();
    if (portfolio == null) {
      portfolio =
          PortfolioRunning.newBuilder()
              .setCurrency(sum.getCurrency())
              .setDimension(sum.getDimension())
              .setSegment(sum.getSegment())
              .setNextDay(day)
              .setMonth(totals(day))
              .build();
      ctx.timerService().registerEventTimeTimer(endOf(day));
      running.update(portfolio);
    }
    if (day < portfolio.getNextDay()) {
      if (portfolio.getRecent().isEmpty()) {
        // no day has closed yet: an earlier day read after a later one (another subtask was ahead)
        portfolio.setNextDay(day);
        portfolio.getMonth().setDay(day);
        ctx.timerService().registerEventTimeTimer(endOf(day));
        running.update(portfolio);
      } else {
        lateFacts.inc(sum.getFacts()); // their day has closed: they count in the next day to close
        day = portfolio.getNextDay();
      }
    }
    MovementTotals totals = days.get(day);
    if (totals == null) {
      totals = totals(day);
    }
    DayTotals.addDay(totals, sum.getTotals());
    days.put(day, totals);
    long watermark = ctx.timerService().currentWatermark();
    if (day == portfolio.getNextDay() && watermark < Long.MAX_VALUE - 1 && sendsProvisional(day)) {
      // the open day's new figures, on the next watermark, but not before the day starts: its
      // records go out stamped with the timer's time, and before the first watermark that would be
      // Long.MIN_VALUE + 1, which Kafka refuses; never at the end of another day, where it would
      // pass for a close superseded
      long at = Math.max(watermark, startOf(day).toEpochMilli()) + 1;
      if (isEndOfDay(at) && at != endOf(day)) {
        at++;
      }
      ctx.timerService().registerEventTimeTimer(at);
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<PortfolioMetric> out)
      throws Exception {
    lag.observe(ctx.timerService().currentWatermark());
    PortfolioRunning portfolio = running.value();
    long watermark = ctx.timerService().currentWatermark();
    int open = portfolio.getNextDay();
    if (timestamp != endOf(open)) {
      if (!isEndOfDay(timestamp) && !closesAt(watermark, open)) {
        emitOpenDay(portfolio, out); // new facts of the open day, which stays open
      }
      // else a close superseded (an earlier first day was found, or the end of the input closed
      // the day), or the open day closes at this watermark
      return;
    }
    closeDays(portfolio, watermark, ctx, out);
    running.update(portfolio);
    if (portfolio.getNextDay() != open && !closesAt(watermark, portfolio.getNextDay())) {
      emitOpenDay(portfolio, out); // the day now open, if facts of it were read ahead
    }
  }

  /**
   * Closes the next day or, at the end of a bounded input, every day before the last one with
   * facts.
   */
  private void closeDays(
      PortfolioRunning portfolio,
      long watermark,
      OnTimerContext ctx,
      Collector<PortfolioMetric> out)
      throws Exception {
    if (watermark == Long.MAX_VALUE) {
      // the end of a bounded input (a replay): every day before the last one with facts has been
      // read in full and closes; the last one may be partial and stays open
      int last = portfolio.getNextDay();
      for (Integer day : days.keys()) {
        last = Math.max(last, day);
      }
      while (portfolio.getNextDay() < last) {
        close(portfolio, out);
      }
      return;
    }
    close(portfolio, out);
    ctx.timerService().registerEventTimeTimer(endOf(portfolio.getNextDay()));
  }

  /**
   * Whether {@code day}, the next to close, closes at {@code watermark}: it is past the day's end,
   * unless it is the end of a bounded input and no later day has facts.
   */
  private boolean closesAt(long watermark, int day) throws Exception {
    if (watermark < endOf(day)) {
      return false;
    }
    if (watermark < Long.MAX_VALUE) {
      return true;
    }
    for (Integer later : days.keys()) {
      if (later > day) {
        return true;
      }
    }
    return false;
  }

  /** The provisional metrics of the day still open, if it has facts. */
  private void emitOpenDay(PortfolioRunning portfolio, Collector<PortfolioMetric> out)
      throws Exception {
    int day = portfolio.getNextDay();
    if (!sendsProvisional(day)) {
      return; // a day already over on the wall clock (a replay): its close gives its figures
    }
    MovementTotals soFar = days.get(day);
    if (soFar == null) {
      return;
    }
    emit(
        out,
        OpenDay.metrics(
            startOf(day),
            Instant.ofEpochMilli(endOf(day)),
            sliceOf(portfolio),
            portfolio.getMrrMinor(),
            portfolio.getCustomers(),
            soFar,
            portfolio.getCustomersByMrr(),
            portfolio.getReceivablesByDueDate(),
            day));
  }

  /**
   * Closes the next day: its metrics, the rolling window ending with it and, on its last day, the
   * month's.
   */
  private void close(PortfolioRunning portfolio, Collector<PortfolioMetric> out) throws Exception {
    int day = portfolio.getNextDay();
    MovementTotals totals = days.get(day);
    days.remove(day);
    if (totals == null) {
      totals = totals(day);
    }
    PortfolioSegments.Slice slice = sliceOf(portfolio);
    Instant start = startOf(day);
    Instant end = Instant.ofEpochMilli(endOf(day));
    Map<String, Long> customersByMrr = new HashMap<>(portfolio.getCustomersByMrr());
    Map<String, OpenReceivable> receivables = new HashMap<>(portfolio.getReceivablesByDueDate());
    DayTotals.close(totals, customersByMrr, receivables);
    PortfolioMetrics.Balances balances =
        new PortfolioMetrics.Balances(customersByMrr, receivables, day);
    emit(
        out,
        PortfolioMetrics.of(
            MetricWindow.DAY,
            start,
            end,
            slice,
            portfolio.getMrrMinor(),
            portfolio.getCustomers(),
            totals,
            balances));

    // MRR and customers at the end of the day; a window's values at its start follow from them and
    // the window's own movements, so only the movements are kept
    long mrr = DayTotals.mrrAfter(portfolio.getMrrMinor(), totals);
    long customers = DayTotals.customersAfter(portfolio.getCustomers(), totals);
    List<MovementTotals> recent = new ArrayList<>(portfolio.getRecent());
    recent.add(totals);
    while (recent.size() > ROLLING_DAYS) {
      recent.remove(0);
    }
    if (recent.size() == ROLLING_DAYS) {
      MovementTotals rolling = totals(recent.get(0).getDay());
      recent.forEach(d -> DayTotals.add(rolling, d));
      emitEndingAt(
          out,
          MetricWindow.ROLLING_30_DAYS,
          startOf(recent.get(0).getDay()),
          end,
          slice,
          mrr,
          customers,
          rolling,
          balances);
    }
    MovementTotals month = portfolio.getMonth();
    DayTotals.add(month, totals);
    LocalDate date = LocalDate.ofEpochDay(day);
    if (date.plusDays(1).getDayOfMonth() == 1) {
      emitEndingAt(
          out,
          MetricWindow.MONTH,
          date.withDayOfMonth(1).atStartOfDay(zone).toInstant(),
          end,
          slice,
          mrr,
          customers,
          month,
          balances);
      portfolio.setMonth(totals(day + 1));
    }
    portfolio.setMrrMinor(mrr);
    portfolio.setCustomersByMrr(customersByMrr);
    portfolio.setReceivablesByDueDate(receivables);
    portfolio.setCustomers(customers);
    portfolio.setRecent(recent);
    portfolio.setNextDay(day + 1);
  }

  /** The metrics of a window from what it ended with and what moved within it. */
  private static void emitEndingAt(
      Collector<PortfolioMetric> out,
      MetricWindow window,
      Instant start,
      Instant end,
      PortfolioSegments.Slice slice,
      long mrrEnd,
      long customersEnd,
      MovementTotals moved,
      PortfolioMetrics.Balances balances) {
    emit(
        out,
        PortfolioMetrics.of(
            window,
            start,
            end,
            slice,
            mrrEnd - DayTotals.mrrAfter(0, moved),
            customersEnd - DayTotals.customersAfter(0, moved),
            moved,
            balances));
  }

  private static void emit(Collector<PortfolioMetric> out, List<PortfolioMetric> metrics) {
    metrics.forEach(out::collect);
  }

  private static PortfolioSegments.Slice sliceOf(PortfolioRunning portfolio) {
    return new PortfolioSegments.Slice(
        portfolio.getCurrency(), portfolio.getDimension(), portfolio.getSegment());
  }

  private static MovementTotals totals(int day) {
    return MovementTotals.newBuilder().setDay(day).build();
  }

  private Instant startOf(int day) {
    return LocalDate.ofEpochDay(day).atStartOfDay(zone).toInstant();
  }

  private long endOf(int day) {
    return LocalDate.ofEpochDay(day + 1L).atStartOfDay(zone).toInstant().toEpochMilli();
  }

  /** Whether {@code timestamp} is the end of a day (a midnight in the zone). */
  private boolean isEndOfDay(long timestamp) {
    Instant at = Instant.ofEpochMilli(timestamp);
    return at.equals(at.atZone(zone).toLocalDate().atStartOfDay(zone).toInstant());
  }
}
