package io.carteira.operators.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.carteira.operators.policy.Policy;
import io.carteira.operators.policy.PolicyParser;
import io.carteira.schemas.CustomerActivity;
import io.carteira.schemas.CustomerHealth;
import io.carteira.schemas.CustomerState;
import io.carteira.schemas.InvoiceStanding;
import io.carteira.schemas.Lifecycle;
import io.carteira.schemas.OpenInvoice;
import io.carteira.schemas.PaymentBehaviour;
import io.carteira.schemas.PortfolioStatus;
import io.carteira.schemas.ValueTier;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * What a customer looks like at an instant, and when time alone changes it: lifecycle, portfolio
 * status, payment behaviour, expansion potential, the next change and the end of retention, at each
 * threshold of the built-in policy (just below, at, just above), on a fixed calendar in São Paulo
 * time.
 */
class CustomerSnapshotsTest {

  private static final Policy POLICY = PolicyParser.builtIn();
  private static final ZoneId ZONE = ZoneId.of("America/Sao_Paulo");

  /** Monday 2 March 2026, 09:00 in São Paulo. */
  private static final LocalDate START_DAY = LocalDate.of(2026, 3, 2);

  private static final Instant STARTED = at(START_DAY, 9);
  private static final LocalDate DUE = LocalDate.of(2026, 3, 20);

  // ---- lifecycle and portfolio status

  @Test
  void pastDueOnlyBeyondTheThreeDayGracePeriod() {
    CustomerState state = state(s -> s.setOpenInvoices(invoices(DUE)));
    CustomerHealth threeDays = snapshot(state, at(DUE.plusDays(3), 12));
    assertThat(threeDays.getDaysPastDue()).isEqualTo(3);
    assertThat(threeDays.getLifecycle()).isEqualTo(Lifecycle.ONBOARDING);
    CustomerHealth fourDays = snapshot(state, at(DUE.plusDays(4), 12));
    assertThat(fourDays.getLifecycle()).isEqualTo(Lifecycle.PAST_DUE);
    assertThat(fourDays.getPortfolioStatus()).isEqualTo(PortfolioStatus.ACTIVE);
    assertThat(fourDays.getOpenBalanceMinor()).isEqualTo(9_900);
    assertThat(fourDays.getOpenInvoices()).isEqualTo(1);
  }

  @Test
  void onboardingEndsExactlyNinetyDaysAfterTheStart() {
    Instant end = STARTED.plus(Duration.ofDays(90));
    assertThat(snapshot(state(s -> {}), end.minusMillis(1)).getLifecycle())
        .isEqualTo(Lifecycle.ONBOARDING);
    assertThat(snapshot(state(s -> {}), end).getLifecycle()).isEqualTo(Lifecycle.ACTIVE);
  }

  @Test
  void theRenewalWindowOpensSixtyDaysBeforeTheContractEnds() {
    LocalDate contractEnd = LocalDate.of(2026, 12, 31);
    CustomerState state = state(s -> s.setContractEndDate(contractEnd));
    CustomerHealth before = snapshot(state, at(contractEnd.minusDays(61), 12));
    assertThat(before.getLifecycle()).isEqualTo(Lifecycle.ACTIVE);
    assertThat(before.getPortfolioStatus()).isEqualTo(PortfolioStatus.ACTIVE);
    CustomerHealth opened = snapshot(state, at(contractEnd.minusDays(60), 0));
    assertThat(opened.getLifecycle()).isEqualTo(Lifecycle.RENEWAL);
    assertThat(opened.getPortfolioStatus()).isEqualTo(PortfolioStatus.IN_RENEWAL);
  }

  @Test
  void prospectsChurnedAndReactivatedCustomers() {
    CustomerHealth prospect = snapshot(state(s -> s.setStartedAt(null)), STARTED);
    assertThat(prospect.getLifecycle()).isEqualTo(Lifecycle.PROSPECT);
    assertThat(prospect.getPortfolioStatus()).isEqualTo(PortfolioStatus.PROSPECT);

    CustomerHealth churned =
        snapshot(state(s -> s.setChurned(true)), STARTED.plus(Duration.ofDays(5)));
    assertThat(churned.getLifecycle()).isEqualTo(Lifecycle.CHURNED);
    assertThat(churned.getPortfolioStatus()).isEqualTo(PortfolioStatus.INACTIVE);
    assertThat(churned.getHealthScore()).isZero();

    CustomerHealth back =
        snapshot(state(s -> s.setEverChurned(true)), STARTED.plus(Duration.ofDays(5)));
    assertThat(back.getLifecycle())
        .as("reactivation outranks onboarding")
        .isEqualTo(Lifecycle.REACTIVATED);
  }

  // ---- segment: payment behaviour and engagement

  @Test
  void delinquentOnlyBeyondThirtyDaysPastDue() {
    CustomerState state =
        state(
            s -> {
              s.setOpenInvoices(invoices(DUE));
              s.setInvoicesPaidOnTime(3);
            });
    assertThat(snapshot(state, at(DUE.plusDays(30), 12)).getSegment().getPaymentBehaviour())
        .isEqualTo(PaymentBehaviour.PUNCTUAL);
    assertThat(snapshot(state, at(DUE.plusDays(31), 12)).getSegment().getPaymentBehaviour())
        .isEqualTo(PaymentBehaviour.DELINQUENT);
  }

  @Test
  void expansionPotentialFromNinetyPercentPlanUtilisation() {
    CustomerState nine =
        state(
            s -> {
              s.setSeatsInUse(9L);
              s.setPlanLimit(10L);
            });
    CustomerState eight =
        state(
            s -> {
              s.setSeatsInUse(89L);
              s.setPlanLimit(100L);
            });
    assertThat(snapshot(nine, STARTED.plus(Duration.ofDays(1))).getExpansionPotential()).isTrue();
    assertThat(snapshot(eight, STARTED.plus(Duration.ofDays(1))).getExpansionPotential()).isFalse();
  }

  // ---- time: the next change and the end of retention

  @Test
  void aNewCustomerWithoutActivityChangesAtEachIdleStepThenOnboardingEnds() {
    CustomerState state = state(s -> {});
    CustomerActivity none = CustomerStateFold.newActivity();
    // since the start: 8, 15 and 31 whole days without activity (the 15th also ends the
    // grace of a customer who never logged in), then onboarding ends at 90 days
    List<Instant> timeline = new ArrayList<>();
    Instant at = STARTED;
    for (int i = 0; i < 5; i++) {
      at = CustomerSnapshots.nextChange(state, none, at, POLICY, ZONE);
      timeline.add(at);
    }
    assertThat(timeline)
        .containsExactly(
            STARTED.plus(Duration.ofDays(8)),
            STARTED.plus(Duration.ofDays(15)),
            STARTED.plus(Duration.ofDays(31)),
            STARTED.plus(Duration.ofDays(90)),
            null);
  }

  @Test
  void anOpenInvoiceChangesTheSnapshotAtEachMidnightFromTheDayAfterItsDueDate() {
    CustomerState state =
        state(
            s -> {
              s.setChurned(true);
              s.setOpenInvoices(invoices(DUE));
            });
    CustomerActivity none = CustomerStateFold.newActivity();
    Instant dueMidnight = DUE.atStartOfDay(ZONE).toInstant();
    Instant dayAfter = DUE.plusDays(1).atStartOfDay(ZONE).toInstant();
    assertThat(CustomerSnapshots.nextChange(state, none, STARTED, POLICY, ZONE))
        .isEqualTo(dayAfter);
    assertThat(CustomerSnapshots.nextChange(state, none, dueMidnight, POLICY, ZONE))
        .isEqualTo(dayAfter);
    assertThat(CustomerSnapshots.nextChange(state, none, dayAfter, POLICY, ZONE))
        .isEqualTo(DUE.plusDays(2).atStartOfDay(ZONE).toInstant());
    assertThat(
            CustomerSnapshots.nextChange(
                state(s -> s.setChurned(true)), none, STARTED, POLICY, ZONE))
        .as("a churned customer without invoices: nothing changes with time")
        .isNull();
  }

  @Test
  void theRetentionEndsFourHundredDaysAfterTheLatestEventOrActivity() {
    Instant lastEvent = STARTED.plus(Duration.ofDays(10));
    CustomerState state = state(s -> s.setLastEventTime(lastEvent));
    CustomerActivity earlier = CustomerStateFold.newActivity();
    earlier.setLastActivityAt(lastEvent.minusSeconds(1));
    CustomerActivity later = CustomerStateFold.newActivity();
    later.setLastActivityAt(lastEvent.plus(Duration.ofDays(3)));
    assertThat(CustomerSnapshots.retentionEnds(state, CustomerStateFold.newActivity(), POLICY))
        .isEqualTo(lastEvent.plus(Duration.ofDays(400)));
    assertThat(CustomerSnapshots.retentionEnds(state, earlier, POLICY))
        .isEqualTo(lastEvent.plus(Duration.ofDays(400)));
    assertThat(CustomerSnapshots.retentionEnds(state, later, POLICY))
        .isEqualTo(lastEvent.plus(Duration.ofDays(403)));
  }

  @Test
  void theSnapshotCarriesItsInstantCauseTierAndPolicy() {
    Instant now = STARTED.plus(Duration.ofDays(2));
    CustomerHealth s =
        CustomerSnapshots.snapshot(
            state(x -> {}),
            CustomerStateFold.newActivity(),
            now,
            POLICY,
            ZONE,
            ValueTier.MID_MARKET,
            "e7");
    assertThat(s.getAsOf()).isEqualTo(now);
    assertThat(s.getLastEventId()).isEqualTo("e7");
    assertThat(s.getSegment().getValueTier()).isEqualTo(ValueTier.MID_MARKET);
    assertThat(s.getPolicySegment()).isEqualTo("default");
    assertThat(s.getPolicyVersion()).isZero();
    assertThat(s.getMrrMinor()).isEqualTo(9_900);
    assertThat(s.getHealthScore()).isEqualTo(100);
    assertThat(s.getLastActivityAt()).isNull();
    assertThat(CustomerSnapshots.policySegment(ValueTier.KEY_ACCOUNT)).isEqualTo("key_account");
    assertThat(CustomerSnapshots.policySegment(ValueTier.UNRANKED)).isEqualTo("default");
  }

  @Test
  void theSnapshotListsEachUnpaidInvoice_withItsDaysPastDueAndFailedAttempts() {
    LocalDate later = DUE.plusDays(10);
    CustomerState state =
        state(
            s -> {
              List<OpenInvoice> open = invoices(DUE, later);
              open.get(0).setFailedAttempts(2);
              open.get(1).setAmountMinor(4_900);
              open.add(
                  OpenInvoice.newBuilder()
                      .setInvoiceId("no-due-date")
                      .setAmountMinor(1_000)
                      .setIssuedAt(STARTED)
                      .build());
              s.setOpenInvoices(open);
            });
    CustomerHealth s = snapshot(state, at(DUE.plusDays(5), 0));
    assertThat(s.getUnpaidInvoices())
        .extracting(
            InvoiceStanding::getInvoiceId,
            InvoiceStanding::getAmountMinor,
            InvoiceStanding::getDueDate,
            InvoiceStanding::getDaysPastDue,
            InvoiceStanding::getFailedAttempts)
        .containsExactly(
            tuple("inv-0", 9_900L, DUE, 5, 2),
            tuple("inv-1", 4_900L, later, 0, 0),
            tuple("no-due-date", 1_000L, null, 0, 0));
    assertThat(s.getOpenInvoices()).isEqualTo(3);
    assertThat(s.getDaysPastDue()).as("the oldest's").isEqualTo(5);
    assertThat(snapshot(state, at(DUE, 23)).getUnpaidInvoices().get(0).getDaysPastDue())
        .as("due today: not yet past due")
        .isZero();
    assertThat(snapshot(state(x -> {}), STARTED).getUnpaidInvoices()).isEmpty();
  }

  // ---- support

  private static Instant at(LocalDate day, int hour) {
    return day.atTime(LocalTime.of(hour, 0)).atZone(ZONE).toInstant();
  }

  private static CustomerState state(Consumer<CustomerState> fill) {
    CustomerState state =
        CustomerState.newBuilder()
            .setCustomerId("cus-1")
            .setFirstEventTime(STARTED)
            .setLastEventTime(STARTED)
            .setStartedAt(STARTED)
            .setSubscribed(true)
            .setMrrMinor(9_900)
            .build();
    fill.accept(state);
    return state;
  }

  private static CustomerHealth snapshot(CustomerState state, Instant asOf) {
    CustomerActivity activity = CustomerStateFold.newActivity();
    activity.setLastActivityAt(asOf.minus(Duration.ofHours(1)));
    return CustomerSnapshots.snapshot(
        state, activity, asOf, POLICY, ZONE, ValueTier.UNRANKED, "test");
  }

  private static List<OpenInvoice> invoices(LocalDate... dueDates) {
    List<OpenInvoice> out = new ArrayList<>();
    for (int i = 0; i < dueDates.length; i++) {
      out.add(
          OpenInvoice.newBuilder()
              .setInvoiceId("inv-" + i)
              .setAmountMinor(9_900)
              .setDueDate(dueDates[i])
              .setIssuedAt(STARTED)
              .build());
    }
    return out;
  }
}
