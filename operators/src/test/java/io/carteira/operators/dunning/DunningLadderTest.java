package io.carteira.operators.dunning;

import static org.assertj.core.api.Assertions.assertThat;

import io.carteira.operators.policy.Policy;
import io.carteira.operators.policy.PolicyParser;
import io.carteira.operators.support.Events;
import io.carteira.schemas.Channel;
import io.carteira.schemas.DunningAction;
import io.carteira.schemas.DunningActionType;
import io.carteira.schemas.DunningBook;
import io.carteira.schemas.DunningEvent;
import io.carteira.schemas.DunningRecipient;
import io.carteira.schemas.InvoiceRecovery;
import io.carteira.schemas.PaymentBehaviour;
import io.carteira.schemas.PaymentEvent;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The dunning ladder as plain Java, under the default policy: pre-due 3 days, reminders 4, 8 and 12
 * days after due, escalation at 15, suspension warning at 25, the end at 30; quiet hours 21:00 to
 * 08:00.
 */
class DunningLadderTest {

  private static final Policy POLICY = PolicyParser.builtIn();
  private static final LocalDate DUE = Events.day(10);

  private final DunningLadder ladder = new DunningLadder(Events.ZONE, "en");

  @Test
  void theStepsOfAnUnpaidInvoiceInOrderAfterQuietHours() {
    DunningBook book = bookWith(invoice("inv-1", 9_900));
    List<DunningAction> out = new ArrayList<>();
    ladder.due(book, Events.midnight(10 + 40), POLICY, out);
    assertThat(out)
        .extracting(DunningAction::getActionType)
        .containsExactly(
            DunningActionType.PRE_DUE_REMINDER,
            DunningActionType.OVERDUE_REMINDER,
            DunningActionType.OVERDUE_REMINDER,
            DunningActionType.OVERDUE_REMINDER,
            DunningActionType.ESCALATION,
            DunningActionType.SUSPENSION_WARNING);
    assertThat(out).extracting(DunningAction::getDaysPastDue).containsExactly(0, 4, 8, 12, 15, 25);
    assertThat(out)
        .extracting(a -> a.getScheduledFor().atZone(Events.ZONE).toLocalTime())
        .containsOnly(LocalTime.of(8, 0));
    assertThat(out.get(4).getRecipient()).isEqualTo(DunningRecipient.COLLECTIONS);
    assertThat(out.get(4).getChannel()).isEqualTo(Channel.PHONE);
    assertThat(book.getInvoices().get(0).getExhausted()).isTrue();
  }

  @Test
  void aStepJustBeforeItsTimeWaits() {
    DunningBook book = bookWith(invoice("inv-1", 9_900));
    List<DunningAction> out = new ArrayList<>();
    Instant firstReminder = DUE.plusDays(4).atTime(8, 0).atZone(Events.ZONE).toInstant();
    ladder.due(book, firstReminder.minusMillis(1), POLICY, out);
    assertThat(out)
        .extracting(DunningAction::getActionType)
        .containsExactly(DunningActionType.PRE_DUE_REMINDER);
    assertThat(ladder.next(book, POLICY)).isEqualTo(firstReminder);
    ladder.due(book, firstReminder, POLICY, out);
    assertThat(out).hasSize(2);
  }

  @Test
  void aPartPaymentKeepsTheLadderAFullPaymentEndsItWithARecovery() {
    DunningBook book = bookWith(invoice("inv-1", 9_900));
    List<DunningAction> out = new ArrayList<>();
    List<InvoiceRecovery> recovered = new ArrayList<>();
    ladder.apply(book, journey(paid(DUE.plusDays(5), "inv-1", 4_000)), POLICY, out, recovered);
    assertThat(book.getInvoices()).hasSize(1);
    assertThat(book.getInvoices().get(0).getAmountMinor()).isEqualTo(5_900);

    ladder.apply(book, journey(paid(DUE.plusDays(6), "inv-1", 5_900)), POLICY, out, recovered);
    assertThat(book.getInvoices()).isEmpty();
    assertThat(recovered)
        .singleElement()
        .satisfies(r -> assertThat(r.getDaysToRecover()).isEqualTo(6));
    assertThat(book.getPaidInvoices()).containsExactly("inv-1");
  }

  @Test
  void aPaymentReadBeforeItsInvoiceKeepsThatInvoiceOffTheLadder() {
    DunningBook book = DunningLadder.newBook(Events.CUSTOMER);
    List<DunningAction> out = new ArrayList<>();
    List<InvoiceRecovery> recovered = new ArrayList<>();
    ladder.apply(book, journey(paid(DUE, "inv-1", 9_900)), POLICY, out, recovered);
    ladder.apply(book, journey(invoice("inv-1", 9_900)), POLICY, out, recovered);
    assertThat(book.getInvoices()).isEmpty();
  }

  @Test
  void theGracePeriodLeavesOutEarlyStepsButNeverTheEnd() {
    Policy.Dunning dunning = POLICY.dunning(null);
    assertThat(LadderStep.of(dunning, 3))
        .extracting(LadderStep::day)
        .containsExactly(4, 8, 12, 15, 25, 30);
    assertThat(LadderStep.of(dunning, 4))
        .extracting(LadderStep::day)
        .containsExactly(8, 12, 15, 25, 30);
    assertThat(LadderStep.of(dunning, 40)).extracting(LadderStep::day).containsExactly(30);
    assertThat(LadderStep.of(dunning, 40).get(0).type()).isNull();
  }

  private DunningBook bookWith(PaymentEvent invoice) {
    DunningBook book = DunningLadder.newBook(Events.CUSTOMER);
    ladder.apply(book, journey(invoice), POLICY, new ArrayList<>(), new ArrayList<>());
    return book;
  }

  private static PaymentEvent invoice(String id, long amount) {
    return Events.invoice(Events.at(0, 12), id, amount, DUE).getPayment();
  }

  private static PaymentEvent paid(LocalDate day, String id, long amount) {
    Instant at = day.atTime(12, 0).atZone(Events.ZONE).toInstant();
    return Events.paid(at, id, amount).getPayment();
  }

  static DunningEvent journey(PaymentEvent payment) {
    return DunningEvent.newBuilder()
        .setCustomerId(payment.getCustomerId())
        .setEventTime(payment.getEventTime())
        .setPayment(payment)
        .setPolicySegment(Policy.DEFAULT_SEGMENT)
        .setPaymentHistory(PaymentBehaviour.UNKNOWN)
        .setCustomerName("Padaria Aurora")
        .setPreferredChannel(Channel.EMAIL)
        .setSubscribed(true)
        .build();
  }
}
