package io.carteira.operators.customer;

import static io.carteira.operators.support.Events.ZONE;
import static io.carteira.operators.support.Events.at;
import static io.carteira.operators.support.Events.day;
import static io.carteira.operators.support.Events.failed;
import static io.carteira.operators.support.Events.invoice;
import static io.carteira.operators.support.Events.paid;
import static io.carteira.operators.support.Events.started;
import static io.carteira.operators.support.Events.subscription;
import static org.assertj.core.api.Assertions.assertThat;

import io.carteira.schemas.CustomerActivity;
import io.carteira.schemas.CustomerEvent;
import io.carteira.schemas.CustomerState;
import io.carteira.schemas.SubscriptionEventType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** How events change a customer's state, rule by rule. */
class CustomerStateFoldTest {

  private final CustomerStateFold fold = new CustomerStateFold(ZONE);
  private CustomerState state;
  private final CustomerActivity activity = CustomerStateFold.newActivity();

  @BeforeEach
  void aSubscribedCustomer() {
    CustomerEvent start = started(at(0, 9), "profissional", 29_900);
    state = CustomerStateFold.newCustomer(start);
    fold.apply(state, activity, start);
  }

  private void apply(CustomerEvent event) {
    fold.apply(state, activity, event);
  }

  @Test
  void paidOnTheDueDateIsOnTime_theDayAfterIsLate() {
    apply(invoice(at(1, 6), "inv-1", 100, day(10)));
    apply(invoice(at(1, 6), "inv-2", 100, day(10)));
    apply(paid(at(10, 23), "inv-1", 100));
    apply(paid(at(11, 0), "inv-2", 100));
    assertThat(state.getInvoicesPaidOnTime()).isEqualTo(1);
    assertThat(state.getInvoicesPaidLate()).isEqualTo(1);
    assertThat(state.getOpenInvoices()).isEmpty();
  }

  @Test
  void aPaymentReadBeforeItsInvoiceLeavesNothingOpen() {
    apply(paid(at(2, 9), "inv-1", 100));
    apply(invoice(at(2, 8), "inv-1", 100, day(10)));
    assertThat(state.getOpenInvoices()).isEmpty();
  }

  @Test
  void aPartialPaymentLeavesTheRestOpen() {
    apply(invoice(at(1, 6), "inv-1", 10_000, day(10)));
    apply(paid(at(2, 9), "inv-1", 4_000));
    assertThat(state.getOpenInvoices())
        .singleElement()
        .satisfies(i -> assertThat(i.getAmountMinor()).isEqualTo(6_000));
  }

  @Test
  void failedAttemptsAreCountedOnTheInvoice() {
    apply(invoice(at(1, 6), "inv-1", 100, day(1)));
    apply(failed(at(1, 7), "inv-1", "insufficient_funds"));
    apply(failed(at(4, 7), "inv-1", "expired_card"));
    assertThat(state.getFailedPayments()).isEqualTo(2);
    assertThat(state.getOpenInvoices().get(0).getFailedAttempts()).isEqualTo(2);
    assertThat(state.getOpenInvoices().get(0).getLastFailureCode()).isEqualTo("expired_card");
  }

  @Test
  void cancellingEndsTheMrr_andAReturnIsRemembered() {
    apply(subscription(at(20, 9), SubscriptionEventType.CANCELLED, b -> b.setMrrMinor(0L)));
    assertThat(state.getChurned()).isTrue();
    assertThat(state.getMrrMinor()).isZero();
    apply(started(at(60, 9), "essencial", 9_900));
    assertThat(state.getChurned()).isFalse();
    assertThat(state.getEverChurned()).isTrue();
    assertThat(state.getMrrMinor()).isEqualTo(9_900);
    assertThat(state.getStartedAt()).isEqualTo(at(0, 9));
  }
}
