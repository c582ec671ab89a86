package io.carteira.embedded.generator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

class LiveFeedTest {

  private static final ZoneId ZONE = ZoneId.of("America/Sao_Paulo");
  private static final Instant NOW = Instant.parse("2026-12-05T14:00:00.123Z");

  /** A clock the test moves by hand. */
  private static final class HandClock extends Clock {
    Instant now = NOW;

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  /** A portfolio whose 60 days of history end yesterday. */
  private static PortfolioGenerator history(long seed, int customers) {
    LocalDate start = LocalDate.ofInstant(NOW, ZONE).minusDays(60);
    PortfolioGenerator generator = new PortfolioGenerator(seed, customers, start, ZONE);
    for (int d = 0; d < 60; d++) {
      generator.nextDayEvents();
    }
    return generator;
  }

  private static List<GeneratedEvent> run(LiveFeed feed, HandClock clock, Duration step, int n) {
    List<GeneratedEvent> events = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      events.addAll(feed.due());
      clock.advance(step);
    }
    return events;
  }

  private static String field(GeneratedEvent event, String name) {
    Object value = ((GenericRecord) event.record()).get(name);
    return value == null ? null : value.toString();
  }

  @Test
  void eventsAreStampedWithTheClockAtTheSteadyRate() {
    HandClock clock = new HandClock();
    LiveFeed feed = history(42, 300).live(clock, 20);
    assertThat(feed.due()).isEmpty();
    for (int second = 1; second <= 30; second++) {
      clock.advance(Duration.ofSeconds(1));
      List<GeneratedEvent> events = feed.due();
      assertThat(events).hasSize(20);
      assertThat(events).allSatisfy(e -> assertThat(e.eventTime()).isEqualTo(clock.now));
      assertThat(events)
          .allSatisfy(
              e -> assertThat(((GenericRecord) e.record()).get("event_time")).isEqualTo(clock.now));
    }
    for (int quarter = 1; quarter <= 8; quarter++) {
      clock.advance(Duration.ofMillis(250));
      assertThat(feed.due()).hasSize(5);
    }
    assertThat(feed.given()).isEqualTo(20 * 32);
  }

  @Test
  void theStampIsToTheMillisecond_asTheRecordKeepsIt() {
    HandClock clock = new HandClock();
    LiveFeed feed = history(42, 300).live(clock, 20);
    feed.due();
    clock.advance(Duration.ofNanos(1_000_456_789));
    List<GeneratedEvent> events = feed.due();
    assertThat(events).isNotEmpty();
    assertThat(events).allSatisfy(e -> assertThat(e.eventTime()).isEqualTo(NOW.plusMillis(1000)));
  }

  @Test
  void aCallerThatStalledGetsOneSecondsWorthNotABurst() {
    HandClock clock = new HandClock();
    LiveFeed feed = history(42, 300).live(clock, 2.5);
    feed.due();
    clock.advance(Duration.ofMinutes(5));
    assertThat(feed.due()).hasSize(3);
    clock.advance(Duration.ofSeconds(1));
    assertThat(feed.due()).hasSize(2);
    clock.advance(Duration.ofSeconds(1));
    assertThat(feed.due()).hasSize(3);
  }

  @Test
  void theSameCustomersGoOnLive_fromEveryCohort() {
    PortfolioGenerator generator = history(7, 400);
    HandClock clock = new HandClock();
    List<GeneratedEvent> events =
        run(generator.live(clock, 20), clock, Duration.ofMillis(100), 3000);
    Map<String, CustomerProfile> byId =
        generator.customers().stream()
            .collect(Collectors.toMap(CustomerProfile::customerId, Function.identity()));
    assertThat(events).hasSize(20 * 300 - 2);
    assertThat(events).allSatisfy(e -> assertThat(byId).containsKey(e.customerId()));
    assertThat(
            events.stream()
                .map(e -> generator.cohortOf(e.customerId()))
                .collect(Collectors.toSet()))
        .containsExactlyInAnyOrder(Cohort.values());
    Set<String> ids = new HashSet<>();
    events.forEach(e -> assertThat(ids.add(field(e, "event_id"))).isTrue());
    Set<String> types =
        events.stream().map(e -> field(e, "event_type")).collect(Collectors.toSet());
    assertThat(types)
        .contains(
            "LOGIN",
            "FEATURE_USED",
            "SUPPORT_TICKET_OPENED",
            "INVOICE_ISSUED",
            "PAYMENT_FAILED",
            "PAYMENT_SUCCEEDED",
            "CANCELLATION_REQUESTED",
            "CANCELLED");
  }

  @Test
  void withinFifteenSecondsACustomerAsksToCancelAndACardInvoiceIsDeclined() {
    PortfolioGenerator generator = history(42, 300);
    HandClock clock = new HandClock();
    List<GeneratedEvent> events =
        run(generator.live(clock, 20), clock, Duration.ofMillis(100), 160);
    GeneratedEvent request =
        events.stream()
            .filter(e -> "CANCELLATION_REQUESTED".equals(field(e, "event_type")))
            .findFirst()
            .orElseThrow();
    assertThat(request.topic()).isEqualTo(GeneratedEvent.Topic.SUBSCRIPTIONS);
    assertThat(request.eventTime()).isBetween(NOW.plusSeconds(8), NOW.plusSeconds(9));
    GeneratedEvent declined =
        events.stream()
            .filter(e -> "PAYMENT_FAILED".equals(field(e, "event_type")))
            .findFirst()
            .orElseThrow();
    assertThat(declined.eventTime()).isBetween(NOW.plusSeconds(14), NOW.plusSeconds(15));
    assertThat(field(declined, "method")).isEqualTo("CARD");
    GeneratedEvent issued =
        events.stream()
            .filter(e -> "INVOICE_ISSUED".equals(field(e, "event_type")))
            .filter(e -> field(e, "invoice_id").equals(field(declined, "invoice_id")))
            .findFirst()
            .orElseThrow();
    assertThat(issued.customerId()).isEqualTo(declined.customerId());
    assertThat(issued.eventTime()).isBefore(declined.eventTime());
    assertThat(field(issued, "due_date")).isEqualTo(LocalDate.ofInstant(NOW, ZONE).toString());
  }

  @Test
  void theSameSeedAndClockGiveTheSameEvents() {
    HandClock a = new HandClock();
    HandClock b = new HandClock();
    assertThat(run(history(42, 200).live(a, 20), a, Duration.ofMillis(70), 1000))
        .isEqualTo(run(history(42, 200).live(b, 20), b, Duration.ofMillis(70), 1000));
  }
}
