package io.carteira.operators.customer;

import static io.carteira.operators.support.Events.at;
import static io.carteira.operators.support.Events.day;
import static io.carteira.operators.support.Events.failed;
import static io.carteira.operators.support.Events.invoice;
import static io.carteira.operators.support.Events.started;
import static io.carteira.operators.support.Events.subscription;
import static org.assertj.core.api.Assertions.assertThat;

import io.carteira.operators.metrics.MrrMovements;
import io.carteira.schemas.ChurnType;
import io.carteira.schemas.MrrMovement;
import io.carteira.schemas.MrrMovementKind;
import io.carteira.schemas.SubscriptionEventType;
import java.util.List;
import org.junit.jupiter.api.Test;

/** MRR movements as the customer operator emits them, one per subscription event that moves MRR. */
class MrrMovementsTest {

  @Test
  void theKindOfEachMovement() {
    assertThat(MrrMovements.kind(0, 9_900, false)).isEqualTo(MrrMovementKind.NEW);
    assertThat(MrrMovements.kind(0, 9_900, true)).isEqualTo(MrrMovementKind.REACTIVATION);
    assertThat(MrrMovements.kind(9_900, 29_900, false)).isEqualTo(MrrMovementKind.EXPANSION);
    assertThat(MrrMovements.kind(29_900, 9_900, false)).isEqualTo(MrrMovementKind.CONTRACTION);
    assertThat(MrrMovements.kind(9_900, 0, false)).isEqualTo(MrrMovementKind.CHURN);
    assertThat(MrrMovements.kind(9_900, 9_900, false)).isNull();
  }

  @Test
  void aCustomerStartsUpgradesDowngradesChurnsAndComesBack() throws Exception {
    try (CustomerHarness c = CustomerHarness.open()) {
      c.send(started(at(0, 10), "essencial", 9_900));
      c.send(
          subscription(
              at(10, 10),
              SubscriptionEventType.PLAN_CHANGED,
              b -> b.setPlanId("profissional").setMrrMinor(29_900L)));
      c.send(
          subscription(
              at(10, 15),
              SubscriptionEventType.PLAN_CHANGED,
              b -> b.setPlanId("essencial").setMrrMinor(9_900L)));
      c.send(
          subscription(
              at(11, 10),
              SubscriptionEventType.PROFILE_UPDATED,
              b -> b.setPreferredChannel(io.carteira.schemas.Channel.SMS)));
      c.send(
          subscription(
              at(40, 10), SubscriptionEventType.CANCELLED, b -> b.setCancelReason("preço alto")));
      c.send(started(at(70, 10), "profissional", 29_900));
      List<MrrMovement> movements = c.mrrMovements();
      assertThat(movements)
          .extracting(MrrMovement::getMovement)
          .containsExactly(
              MrrMovementKind.NEW,
              MrrMovementKind.EXPANSION,
              MrrMovementKind.CONTRACTION,
              MrrMovementKind.CHURN,
              MrrMovementKind.REACTIVATION);
      assertThat(movements)
          .extracting(MrrMovement::getAmountMinor)
          .containsExactly(9_900L, 20_000L, 20_000L, 9_900L, 29_900L);
      assertThat(movements.get(3).getChurnType()).isEqualTo(ChurnType.VOLUNTARY);
      assertThat(movements.get(3).getMrrBeforeMinor()).isEqualTo(9_900L);
      assertThat(movements.get(3).getMrrAfterMinor()).isZero();
    }
  }

  @Test
  void aCancellationAfterAnUnfixedHardDeclineIsInvoluntaryChurn() throws Exception {
    try (CustomerHarness c = CustomerHarness.open()) {
      c.send(started(at(0, 10), "essencial", 9_900));
      c.send(invoice(at(30, 6), "inv-1", 9_900, day(30)));
      c.send(failed(at(30, 7), "inv-1", "expired_card"));
      c.send(
          subscription(
              at(45, 23),
              SubscriptionEventType.CANCELLED,
              b -> b.setCancelReason("inadimplência")));
      assertThat(c.mrrMovements())
          .last()
          .satisfies(
              m -> {
                assertThat(m.getMovement()).isEqualTo(MrrMovementKind.CHURN);
                assertThat(m.getChurnType()).isEqualTo(ChurnType.INVOLUNTARY);
              });
    }
  }
}
