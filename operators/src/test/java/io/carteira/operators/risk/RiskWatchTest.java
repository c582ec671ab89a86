package io.carteira.operators.risk;

import static io.carteira.operators.support.Events.ZONE;
import static io.carteira.operators.support.Events.at;
import static io.carteira.operators.support.Events.day;
import static io.carteira.operators.support.Events.failed;
import static io.carteira.operators.support.Events.invoice;
import static io.carteira.operators.support.Events.started;
import static org.assertj.core.api.Assertions.assertThat;

import io.carteira.operators.customer.CustomerSnapshots;
import io.carteira.operators.customer.CustomerStateFold;
import io.carteira.operators.policy.Policy;
import io.carteira.operators.policy.PolicyParser;
import io.carteira.schemas.CustomerActivity;
import io.carteira.schemas.CustomerEvent;
import io.carteira.schemas.CustomerHealth;
import io.carteira.schemas.CustomerState;
import io.carteira.schemas.SignalKind;
import io.carteira.schemas.ValueTier;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Risk publishing as plain Java: the event's churn signal, the watch it starts, and a context to
 * the alert lifecycle only when it changes.
 */
class RiskWatchTest {

  private static final Policy POLICY = PolicyParser.builtIn();

  private final CustomerStateFold fold = new CustomerStateFold(ZONE);
  private final RiskWatch watch = new RiskWatch(ZONE);
  private final CustomerActivity uses = CustomerStateFold.newActivity();

  @Test
  void aFailedPaymentIsSignalledAndWatchedAndTheContextGoesOutOnce() {
    CustomerEvent start = started(at(0, 9), "profissional", 29_900);
    CustomerState state = CustomerStateFold.newCustomer(start);
    fold.apply(state, uses, start);
    fold.apply(state, uses, invoice(at(1, 6), "inv-1", 29_900, day(10)));
    CustomerEvent failure = failed(at(10, 9), "inv-1", "insufficient_funds");
    fold.apply(state, uses, failure);
    Instant asOf = failure.getEventTime();

    RiskWatch.Published first =
        watch.publish(
            state,
            uses,
            snapshot(state, asOf),
            asOf,
            failure,
            29_900,
            null,
            POLICY,
            Long.MIN_VALUE);
    assertThat(first.churnSignals())
        .singleElement()
        .satisfies(s -> assertThat(s.getKind()).isEqualTo(SignalKind.PAYMENT_FAILED));
    // watched for the longest sequence window (90 days) and then the episode expiry (45 days)
    assertThat(state.getRiskWatchUntil()).isEqualTo(asOf.plus(Duration.ofDays(90 + 45)));
    assertThat(first.judgedAt()).isEqualTo(asOf); // no watermark yet
    assertThat(first.context()).isNotNull();
    assertThat(first.context().getContext().getWatched()).isTrue();

    RiskWatch.Published again =
        watch.publish(
            state, uses, snapshot(state, asOf), asOf, null, 29_900, null, POLICY, Long.MIN_VALUE);
    assertThat(again.churnSignals()).isEmpty();
    assertThat(again.context()).isNull(); // unchanged: nothing new for the lifecycle
  }

  @Test
  void timeIsJudgedAtTheWatermarkWhenItIsBehind() {
    CustomerEvent start = started(at(0, 9), "profissional", 29_900);
    CustomerState state = CustomerStateFold.newCustomer(start);
    fold.apply(state, uses, start);
    Instant asOf = at(3, 9);
    Instant watermark = at(2, 9);
    RiskWatch.Published published =
        watch.publish(
            state,
            uses,
            snapshot(state, asOf),
            asOf,
            null,
            29_900,
            null,
            POLICY,
            watermark.toEpochMilli());
    assertThat(published.judgedAt()).isEqualTo(watermark);
    assertThat(published.context()).isNull(); // nothing watched, and the lifecycle knows
  }

  private CustomerHealth snapshot(CustomerState state, Instant asOf) {
    return CustomerSnapshots.snapshot(state, uses, asOf, POLICY, ZONE, ValueTier.UNRANKED, "cause");
  }
}
