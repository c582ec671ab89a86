package io.carteira.operators.customer;

import static io.carteira.operators.support.Events.at;
import static io.carteira.operators.support.Events.day;
import static io.carteira.operators.support.Events.invoice;
import static io.carteira.operators.support.Events.paid;
import static io.carteira.operators.support.Events.started;
import static org.assertj.core.api.Assertions.assertThat;

import io.carteira.schemas.DunningAction;
import io.carteira.schemas.DunningActionType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A dunning action is never recalled, so it is never sent for an invoice whose payment has been
 * read: a step due at T goes out only when the watermark passes T, and a payment of T − 1 s read
 * before then (on another topic or partition than the invoice, held by customer-state until the
 * watermark passes it, or applied at once when it arrives a little late) stops it. The step: the
 * first overdue reminder of an invoice due on day 5, four days after due, sent at 08:00 on day 9
 * when the quiet hours end.
 */
class DunningNeverRecalledTest {

  private static final Instant STEP = at(9, 8);
  private static final Instant PAID = STEP.minusSeconds(1);

  @Test
  void withoutAPayment_theReminderGoesOutAtItsInstant() throws Exception {
    try (CustomerPipeline p = invoiceDueOnDay5()) {
      p.watermark(STEP.minusMillis(1));
      assertThat(reminders(p)).as("not before its instant").isEmpty();
      p.watermark(STEP);
      assertThat(reminders(p)).extracting(DunningAction::getScheduledFor).containsExactly(STEP);
    }
  }

  @Test
  void aPaymentHeldUntilTheWatermarkPassesIt_stopsTheReminder() throws Exception {
    try (CustomerPipeline p = invoiceDueOnDay5()) {
      p.watermark(STEP.minus(Duration.ofHours(1)));
      p.event(paid(PAID, "inv-1", 29_900)); // ahead of the watermark: held
      p.watermark(STEP.plus(Duration.ofHours(1))); // one step past both
      assertThat(reminders(p)).isEmpty();
      p.watermark(at(30, 0));
      assertThat(p.actions())
          .extracting(DunningAction::getActionType)
          .containsExactly(DunningActionType.PRE_DUE_REMINDER);
    }
  }

  @Test
  void aPaymentALittleLate_readBeforeTheWatermarkPassesTheStep_stopsTheReminder() throws Exception {
    try (CustomerPipeline p = invoiceDueOnDay5()) {
      p.watermark(STEP.minusMillis(100)); // live: the floor, 0.1 s behind the wall clock
      p.event(paid(PAID, "inv-1", 29_900)); // behind the watermark: applied at once
      p.watermark(STEP.plus(Duration.ofHours(1)));
      assertThat(reminders(p)).isEmpty();
    }
  }

  private static CustomerPipeline invoiceDueOnDay5() throws Exception {
    CustomerPipeline p = new CustomerPipeline();
    p.event(started(at(0, 9), "profissional", 29_900))
        .event(invoice(at(0, 10), "inv-1", 29_900, day(5)));
    p.watermark(at(8, 12));
    assertThat(p.actions())
        .extracting(DunningAction::getActionType)
        .containsExactly(DunningActionType.PRE_DUE_REMINDER);
    return p;
  }

  private static List<DunningAction> reminders(CustomerPipeline p) {
    return p.actions().stream()
        .filter(a -> a.getActionType() == DunningActionType.OVERDUE_REMINDER)
        .toList();
  }
}
