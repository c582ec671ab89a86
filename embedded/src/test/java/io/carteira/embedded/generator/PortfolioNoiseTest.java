package io.carteira.embedded.generator;

import static org.assertj.core.api.Assertions.assertThat;

import io.carteira.embedded.replay.ChurnOutcome;
import io.carteira.schemas.ChurnType;
import io.carteira.schemas.PaymentEvent;
import io.carteira.schemas.PaymentEventType;
import io.carteira.schemas.SubscriptionEvent;
import io.carteira.schemas.SubscriptionEventType;
import io.carteira.schemas.UsageEvent;
import io.carteira.schemas.UsageEventType;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class PortfolioNoiseTest {

  static final ZoneId ZONE = ZoneId.of("America/Sao_Paulo");

  private static List<GeneratedEvent> run(PortfolioGenerator generator, int days) {
    List<GeneratedEvent> events = new ArrayList<>();
    for (int d = 0; d < days; d++) {
      events.addAll(generator.nextDayEvents());
    }
    return events;
  }

  private static PortfolioGenerator noisy(long seed, int customers) {
    return new PortfolioGenerator(
        seed, customers, PortfolioGenerator.DEFAULT_START, ZONE, 45, true);
  }

  @Test
  void withoutNoiseThePortfolioIsTheDemos() {
    PortfolioGenerator plain =
        new PortfolioGenerator(42, 300, PortfolioGenerator.DEFAULT_START, ZONE, 45, false);
    assertThat(run(plain, 120)).isEqualTo(run(new PortfolioGenerator(42, 300), 120));
    assertThat(plain.customers())
        .allSatisfy(c -> assertThat(plain.noiseOf(c.customerId())).isEmpty());
  }

  @Test
  void mostCustomersWhoStayHaveNoise_ofEveryKind_andNoChurnerHas() {
    PortfolioGenerator generator = noisy(3, 1000);
    long healthy = generator.customers().stream().filter(c -> c.cohort() == Cohort.HEALTHY).count();
    long withNoise =
        generator.customers().stream()
            .filter(c -> !generator.noiseOf(c.customerId()).isEmpty())
            .count();
    assertThat((double) withNoise / healthy).isGreaterThan(0.6);
    assertThat(
            generator.customers().stream()
                .flatMap(c -> generator.noiseOf(c.customerId()).stream())
                .collect(Collectors.toSet()))
        .containsExactlyInAnyOrder(Noise.Kind.values());
    assertThat(generator.customers())
        .filteredOn(c -> c.cohort() != Cohort.HEALTHY)
        .allSatisfy(c -> assertThat(generator.noiseOf(c.customerId())).isEmpty());
    long churners =
        generator.customers().stream()
            .filter(
                c -> c.cohort() == Cohort.VOLUNTARY_CHURN || c.cohort() == Cohort.INVOLUNTARY_CHURN)
            .count();
    assertThat(churners).isBetween(110L, 190L); // 15%
  }

  @Test
  void labelsAreTheCancellations_ofTheChurnCohorts() {
    PortfolioGenerator generator = noisy(4, 400);
    List<GeneratedEvent> events = run(generator, 240);
    Map<String, Instant> cancelled =
        events.stream()
            .filter(
                e ->
                    e.record() instanceof SubscriptionEvent s
                        && s.getEventType() == SubscriptionEventType.CANCELLED)
            .collect(Collectors.toMap(GeneratedEvent::customerId, GeneratedEvent::eventTime));
    Map<String, ChurnOutcome> outcomes =
        generator.outcomes().stream()
            .collect(Collectors.toMap(ChurnOutcome::customerId, Function.identity()));
    assertThat(outcomes).hasSize(400);
    assertThat(cancelled).isNotEmpty();
    cancelled.forEach(
        (id, at) -> {
          ChurnOutcome o = outcomes.get(id);
          assertThat(o.churnedAt()).as(id).isEqualTo(at);
          assertThat(o.churnType())
              .as(id)
              .isEqualTo(
                  generator.cohortOf(id) == Cohort.INVOLUNTARY_CHURN
                      ? ChurnType.INVOLUNTARY
                      : ChurnType.VOLUNTARY);
        });
    assertThat(outcomes.values().stream().filter(ChurnOutcome::churned).count())
        .isEqualTo(cancelled.size());
  }

  @Test
  void noiseLooksAsItSays() {
    PortfolioGenerator generator = noisy(5, 600);
    List<GeneratedEvent> events = run(generator, 240);
    Instant lastRetry = generator.date(225).atStartOfDay(ZONE).toInstant();
    Map<String, List<GeneratedEvent>> byCustomer =
        events.stream().collect(Collectors.groupingBy(GeneratedEvent::customerId));
    for (CustomerProfile c : generator.customers()) {
      List<GeneratedEvent> own = byCustomer.getOrDefault(c.customerId(), List.of());
      var kinds = generator.noiseOf(c.customerId());
      if (kinds.contains(Noise.Kind.SEASONAL_PAUSE)) {
        List<SubscriptionEventType> pauses =
            own.stream()
                .filter(e -> e.record() instanceof SubscriptionEvent)
                .map(e -> ((SubscriptionEvent) e.record()).getEventType())
                .filter(
                    t -> t == SubscriptionEventType.PAUSED || t == SubscriptionEventType.RESUMED)
                .toList();
        assertThat(pauses)
            .as(c.customerId())
            .containsExactly(SubscriptionEventType.PAUSED, SubscriptionEventType.RESUMED);
      }
      if (kinds.contains(Noise.Kind.SOFT_DECLINE)) {
        List<PaymentEvent> failed =
            own.stream()
                .filter(e -> e.record() instanceof PaymentEvent p)
                .map(e -> (PaymentEvent) e.record())
                .filter(p -> p.getEventType() == PaymentEventType.PAYMENT_FAILED)
                .filter(p -> p.getEventTime().isBefore(lastRetry))
                .toList();
        assertThat(failed).as(c.customerId()).isNotEmpty();
        // every failed charge is paid on a later attempt (the last retry within the 240 days)
        assertThat(failed)
            .allSatisfy(
                f ->
                    assertThat(own)
                        .anySatisfy(
                            e ->
                                assertThat(
                                        e.record() instanceof PaymentEvent p
                                            && p.getEventType()
                                                == PaymentEventType.PAYMENT_SUCCEEDED
                                            && p.getInvoiceId().equals(f.getInvoiceId()))
                                    .isTrue()));
      }
      if (kinds.contains(Noise.Kind.HOLIDAY_SILENCE)) {
        List<Instant> logins =
            own.stream()
                .filter(
                    e ->
                        e.record() instanceof UsageEvent u
                            && u.getEventType() == UsageEventType.LOGIN)
                .map(GeneratedEvent::eventTime)
                .toList();
        Duration longest = Duration.ZERO;
        for (int i = 1; i < logins.size(); i++) {
          Duration gap = Duration.between(logins.get(i - 1), logins.get(i));
          longest = gap.compareTo(longest) > 0 ? gap : longest;
        }
        assertThat(longest).as(c.customerId()).isGreaterThanOrEqualTo(Duration.ofDays(7));
      }
      if (kinds.contains(Noise.Kind.SMALL_ACCOUNT)) {
        assertThat(c.seats()).isBetween(1, 2);
      }
    }
  }
}
