package io.carteira.embedded.generator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

class PortfolioGeneratorTest {

  private static List<GeneratedEvent> run(long seed, int customers, int days) {
    PortfolioGenerator generator = new PortfolioGenerator(seed, customers);
    List<GeneratedEvent> events = new ArrayList<>();
    for (int d = 0; d < days; d++) {
      events.addAll(generator.nextDayEvents());
    }
    return events;
  }

  @Test
  void theSameSeedGivesTheSameEvents_anotherSeedOthers() {
    assertThat(run(42, 200, 90)).isEqualTo(run(42, 200, 90));
    assertThat(run(43, 200, 90)).isNotEqualTo(run(42, 200, 90));
  }

  @Test
  void eventsComeInTimeOrderWithUniqueIds() {
    List<GeneratedEvent> events = run(1, 300, 120);
    for (int i = 1; i < events.size(); i++) {
      assertThat(events.get(i).eventTime()).isAfterOrEqualTo(events.get(i - 1).eventTime());
    }
    Set<String> ids =
        events.stream()
            .map(e -> ((GenericRecord) e.record()).get("event_id").toString())
            .collect(Collectors.toSet());
    assertThat(ids).hasSize(events.size());
  }

  @Test
  void everyCohortIsPresentAndChurnersCancel() {
    PortfolioGenerator generator = new PortfolioGenerator(42, 500);
    assertThat(
            generator.customers().stream().map(CustomerProfile::cohort).collect(Collectors.toSet()))
        .isEqualTo(EnumSet.allOf(Cohort.class));
    List<GeneratedEvent> events = new ArrayList<>();
    for (int d = 0; d < 200; d++) {
      events.addAll(generator.nextDayEvents());
    }
    Set<String> cancelled =
        events.stream()
            .filter(
                e ->
                    e.topic() == GeneratedEvent.Topic.SUBSCRIPTIONS
                        && ((GenericRecord) e.record())
                            .get("event_type")
                            .toString()
                            .equals("CANCELLED"))
            .map(GeneratedEvent::customerId)
            .collect(Collectors.toSet());
    assertThat(cancelled).isNotEmpty();
    assertThat(cancelled)
        .allSatisfy(
            id ->
                assertThat(generator.cohortOf(id))
                    .isIn(Cohort.VOLUNTARY_CHURN, Cohort.INVOLUNTARY_CHURN));
  }
}
