package io.carteira.operators.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.carteira.operators.policy.Policy;
import io.carteira.operators.policy.PolicyParser;
import io.carteira.schemas.CustomerState;
import io.carteira.schemas.PaymentBehaviour;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Payment behaviour at each threshold of the default policy: just below, at, just above. */
class PaymentBehaviourTest {

  private static final Policy POLICY = PolicyParser.builtIn();

  private static PaymentBehaviour behaviour(int onTime, int late, int daysPastDue) {
    CustomerState state =
        CustomerState.newBuilder()
            .setCustomerId("c")
            .setFirstEventTime(Instant.EPOCH)
            .setLastEventTime(Instant.EPOCH)
            .setInvoicesPaidOnTime(onTime)
            .setInvoicesPaidLate(late)
            .build();
    return Standing.paymentBehaviour(state, daysPastDue, POLICY.punctuality());
  }

  @Test
  void byShareOfInvoicesPaidLate() {
    assertThat(behaviour(10, 0, 0)).isEqualTo(PaymentBehaviour.PUNCTUAL);
    assertThat(behaviour(9, 1, 0)).isEqualTo(PaymentBehaviour.PUNCTUAL); // 10%: at the threshold
    assertThat(behaviour(89, 11, 0)).isEqualTo(PaymentBehaviour.OCCASIONALLY_LATE); // 11%
    assertThat(behaviour(61, 39, 0)).isEqualTo(PaymentBehaviour.OCCASIONALLY_LATE); // 39%
    assertThat(behaviour(6, 4, 0)).isEqualTo(PaymentBehaviour.CHRONICALLY_LATE); // 40%
    assertThat(behaviour(0, 0, 0)).isEqualTo(PaymentBehaviour.UNKNOWN);
  }

  @Test
  void delinquentPastThirtyDays() {
    assertThat(behaviour(10, 0, 30)).isEqualTo(PaymentBehaviour.PUNCTUAL);
    assertThat(behaviour(10, 0, 31)).isEqualTo(PaymentBehaviour.DELINQUENT);
  }
}
