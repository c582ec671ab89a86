package io.carteira.operators.customer;

import static io.carteira.operators.support.Events.at;
import static io.carteira.operators.support.Events.day;
import static io.carteira.operators.support.Events.failed;
import static io.carteira.operators.support.Events.invoice;
import static io.carteira.operators.support.Events.midnight;
import static io.carteira.operators.support.Events.paid;
import static io.carteira.operators.support.Events.started;
import static io.carteira.operators.support.Events.subscription;
import static org.assertj.core.api.Assertions.assertThat;

import io.carteira.schemas.AlertStatus;
import io.carteira.schemas.ChurnSignal;
import io.carteira.schemas.CustomerEvent;
import io.carteira.schemas.CustomerHealth;
import io.carteira.schemas.DunningAction;
import io.carteira.schemas.DunningActionType;
import io.carteira.schemas.MetricWindow;
import io.carteira.schemas.PortfolioMetric;
import io.carteira.schemas.RiskAlert;
import io.carteira.schemas.SignalKind;
import io.carteira.schemas.SubscriptionEventType;
import java.time.Instant;
import java.util.List;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.junit.jupiter.api.Test;

/**
 * The contract for an input "a little late" (behind the watermark, within the allowed lateness), as
 * docs/time-and-delivery.md states it: it cannot be put back in order, so it is applied at once;
 * what each output topic then shows. Each case runs customer-state and the operators its outputs
 * feed ({@link CustomerPipeline}), the payment arriving after the watermark has passed its time.
 */
class ALittleLateInputTest {

  @Test
  void customerHealth_aNewSnapshotAtOnce_withTheLatePaymentApplied() throws Exception {
    try (CustomerPipeline p = new CustomerPipeline()) {
      p.event(started(at(0, 9), "profissional", 29_900))
          .event(invoice(at(0, 10), "inv-1", 29_900, day(2)));
      p.watermark(at(4, 1));
      assertThat(p.customer.last().getDaysPastDue()).isEqualTo(2);
      p.customer.clear();

      CustomerEvent payment = paid(at(3, 23), "inv-1", 29_900); // 2 hours behind the watermark
      p.event(payment);

      assertThat(p.customer.snapshots())
          .as("one snapshot, with the watermark where it was")
          .hasSize(1);
      CustomerHealth snapshot = p.customer.last();
      assertThat(snapshot.getLastEventId()).isEqualTo(payment.getEventId());
      assertThat(snapshot.getOpenBalanceMinor()).isZero();
      assertThat(snapshot.getDaysPastDue()).isZero();
    }
  }

  @Test
  void riskAlerts_theLatePaymentResolvesTheOpenDunningExhaustedAlertAtOnce() throws Exception {
    try (CustomerPipeline p = new CustomerPipeline()) {
      p.event(started(at(0, 9), "profissional", 29_900))
          .event(invoice(at(0, 10), "inv-1", 29_900, day(1)));
      p.watermark(at(31, 12)); // 30 days past due since midnight: the end of the ladder
      RiskAlert open = only(p.alerts(), "DUNNING_EXHAUSTED", AlertStatus.OPEN);
      assertThat(open.getEventTime()).isEqualTo(midnight(31));

      CustomerEvent payment = paid(at(31, 6), "inv-1", 29_900); // 6 hours behind the watermark
      p.event(payment);

      RiskAlert resolved = only(p.alerts(), "DUNNING_EXHAUSTED", AlertStatus.RESOLVED);
      assertThat(resolved.getAlertId()).isEqualTo(open.getAlertId());
      assertThat(resolved.getEventTime()).isEqualTo(payment.getEventTime());
      assertThat(resolved.getReasons()).contains("Resolved: the condition cleared");
    }
  }

  @Test
  void dunningActions_noFurtherStepForTheInvoiceOnceItsLatePaymentIsRead() throws Exception {
    List<DunningAction> unpaid = ladderOfAnInvoiceDueOnDay5(false);
    List<DunningAction> paidLate = ladderOfAnInvoiceDueOnDay5(true);

    assertThat(unpaid)
        .as("unpaid, the ladder goes on")
        .extracting(DunningAction::getActionType)
        .containsExactly(
            DunningActionType.PRE_DUE_REMINDER,
            DunningActionType.OVERDUE_REMINDER,
            DunningActionType.OVERDUE_REMINDER,
            DunningActionType.OVERDUE_REMINDER,
            DunningActionType.ESCALATION,
            DunningActionType.SUSPENSION_WARNING);
    assertThat(paidLate)
        .as("paid (read late), nothing after the steps sent before the payment was read")
        .extracting(DunningAction::getActionType)
        .containsExactly(DunningActionType.PRE_DUE_REMINDER, DunningActionType.OVERDUE_REMINDER);
  }

  /**
   * An invoice due on day 5; the watermark passes its first reminder (day 9, 08:00 after quiet
   * hours) to day 10 noon; then, with {@code paidLate}, the payment of day 10 07:00 arrives; then
   * the watermark moves two months on.
   */
  private static List<DunningAction> ladderOfAnInvoiceDueOnDay5(boolean paidLate) throws Exception {
    try (CustomerPipeline p = new CustomerPipeline()) {
      p.event(started(at(0, 9), "profissional", 29_900))
          .event(invoice(at(0, 10), "inv-1", 29_900, day(5)));
      p.watermark(at(10, 12));
      if (paidLate) {
        p.event(paid(at(10, 7), "inv-1", 29_900));
      }
      p.watermark(midnight(60));
      return p.actions().stream().filter(a -> "inv-1".equals(a.getInvoiceId())).toList();
    }
  }

  @Test
  void portfolioMetrics_aFactForADayAlreadyClosedCountsInTheNextDayToClose() throws Exception {
    try (CustomerPipeline p = new CustomerPipeline()) {
      p.event(started(at(0, 10), "essencial", 9_900));
      p.watermark(at(1, 3)); // day 0 has closed
      assertThat(dayMetric(p.metrics(), "new_mrr", 0)).isEqualTo(9_900L);

      p.event( // an upgrade on day 0 at 23:00, read with the watermark 4 hours past it
          subscription(
              at(0, 23),
              SubscriptionEventType.PLAN_CHANGED,
              b -> b.setPlanId("profissional").setMrrMinor(29_900L)));
      p.watermark(at(2, 3)); // day 1 closes

      assertThat(dayMetric(p.metrics(), "expansion_mrr", 0))
          .as("the closed day is not reopened")
          .isZero();
      assertThat(dayMetric(p.metrics(), "expansion_mrr", 1))
          .as("the late upgrade counts in the next day to close")
          .isEqualTo(20_000L);
      assertThat(dayMetric(p.metrics(), "mrr", 1)).isEqualTo(29_900L);
    }
  }

  @Test
  void aLateFailedPaymentReachesTheSequencePatternsAfterTheirWatermark_soItCountsInAStreak()
      throws Exception {
    try (CustomerPipeline p = new CustomerPipeline()) {
      p.event(started(at(0, 9), "profissional", 29_900))
          .event(invoice(at(3, 6), "inv-1", 29_900, day(10)));
      p.watermark(at(3, 12));
      Instant cepWatermark = p.cepWatermark();
      assertThat(cepWatermark).isEqualTo(at(3, 12));

      p.event(failed(at(3, 11), "inv-1", "insufficient_funds")); // an hour behind the watermark

      List<StreamRecord<ChurnSignal>> signals = p.cepInput();
      assertThat(signals)
          .extracting(r -> r.getValue().getKind())
          .containsExactly(SignalKind.PAYMENT_FAILED);
      assertThat(signals.get(0).getValue().getEventTime())
          .as("the signal keeps its event time")
          .isEqualTo(at(3, 11));
      assertThat(signals.get(0).getTimestamp())
          .as("stamped after CEP's watermark, or CEP would drop it as late")
          .isEqualTo(cepWatermark.toEpochMilli() + 1);
    }
  }

  /** The only alert of {@code pattern} with {@code status}. */
  private static RiskAlert only(List<RiskAlert> alerts, String pattern, AlertStatus status) {
    List<RiskAlert> found =
        alerts.stream()
            .filter(a -> a.getPattern().equals(pattern) && a.getStatus() == status)
            .toList();
    assertThat(found).as(pattern + " " + status + " in " + alerts).hasSize(1);
    return found.get(0);
  }

  /**
   * The portfolio-wide figure of {@code metric} for day {@code day} as a reader who upserts by key
   * sees it: the latest record of that day, final once the day has closed.
   */
  private static Long dayMetric(List<PortfolioMetric> metrics, String metric, int day) {
    List<PortfolioMetric> found =
        metrics.stream()
            .filter(
                m ->
                    m.getMetric().equals(metric)
                        && m.getWindowKind() == MetricWindow.DAY
                        && m.getWindowStart().equals(midnight(day))
                        && m.getDimensions().isEmpty())
            .toList();
    assertThat(found).as(metric + " of day " + day).isNotEmpty();
    PortfolioMetric latest = found.get(found.size() - 1);
    assertThat(latest.getProvisional()).as(metric + " of day " + day + " is final").isFalse();
    return latest.getValueMinor();
  }
}
