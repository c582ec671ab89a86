package io.carteira.embedded.generator;

import io.carteira.embedded.generator.SimulatedCustomer.Invoice;
import io.carteira.schemas.PaymentMethod;
import io.carteira.schemas.UsageEventType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The portfolio going on live after its simulated history: the same customers, as the history left
 * them, keep logging in, using features, opening and closing tickets, paying, having cards declined
 * and asking to cancel, at a steady number of events per second, each stamped with the clock's now.
 *
 * <p>Most events are product usage, by customers picked at random (the healthy more often, a
 * customer on its way out not at all). Every {@link #STORY_EVERY} a customer starts a story, one
 * kind after the other, whose steps come seconds apart: a cancellation request (then the
 * cancellation), a card invoice declined three times (then a new card and the payment, though only
 * half the time for a customer heading for involuntary churn), its oldest open invoice paid, an
 * upgrade. Each story picks a customer of the cohort heading that way when one is left, and any
 * other customer otherwise (a long history has churned them all). The first two stories start
 * {@link #FIRST_CANCELLATION} and {@link #FIRST_DECLINE} after the first call, so a newcomer sees
 * them at once.
 *
 * <p>The count of events follows the clock: by a call at {@code t} seconds after the first, {@code
 * floor(t × rate)} events have been given; a caller that stalled gets at most one second's worth.
 * For a seed and a sequence of clock readings the events are the same.
 */
public final class LiveFeed {

  static final Duration FIRST_CANCELLATION = Duration.ofSeconds(8);
  static final Duration FIRST_DECLINE = Duration.ofSeconds(12);
  static final Duration STORY_EVERY = Duration.ofSeconds(20);

  /** The kinds of story, in the order they come. */
  enum Story {
    CANCELLATION,
    CARD_DECLINED,
    OPEN_INVOICE_PAID,
    UPGRADE
  }

  private record Step(
      Instant at,
      long order,
      SimulatedCustomer customer,
      Function<Instant, GeneratedEvent> event) {}

  private final List<SimulatedCustomer> customers;
  private final LocalDate firstDate;
  private final ZoneId zone;
  private final Clock clock;
  private final double eventsPerSecond;
  private final SplittableRandom r;
  private final LiveEvents events;
  private final PriorityQueue<Step> steps =
      new PriorityQueue<>(Comparator.comparing(Step::at).thenComparingLong(Step::order));
  private final Set<SimulatedCustomer> inStory = new HashSet<>();
  private final Set<SimulatedCustomer> leaving = new HashSet<>();
  private Instant started;
  private Instant nextStoryAt;
  private long given;
  private long stepOrder;
  private int stories;

  LiveFeed(
      List<SimulatedCustomer> customers,
      long seed,
      LocalDate firstDate,
      ZoneId zone,
      Clock clock,
      double eventsPerSecond) {
    if (!(eventsPerSecond > 0)) {
      throw new IllegalArgumentException("events per second must be positive: " + eventsPerSecond);
    }
    this.customers = customers;
    this.firstDate = firstDate;
    this.zone = zone;
    this.clock = clock;
    this.eventsPerSecond = eventsPerSecond;
    this.r = new SplittableRandom(seed ^ 0x4C495645L);
    this.events = new LiveEvents(r);
  }

  /**
   * The events due by the clock's now, each stamped with it (to the millisecond, as Avro keeps it).
   */
  public List<GeneratedEvent> due() {
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    if (started == null) {
      started = now;
      nextStoryAt = now.plus(FIRST_CANCELLATION);
    }
    long target =
        (long) Math.floor(eventsPerSecond * Duration.between(started, now).toNanos() / 1e9);
    long oneSecond = Math.max(1, (long) Math.ceil(eventsPerSecond));
    given = Math.max(given, target - oneSecond);
    while (!now.isBefore(nextStoryAt)) {
      start(Story.values()[stories % Story.values().length], nextStoryAt);
      stories++;
      nextStoryAt = stories == 1 ? started.plus(FIRST_DECLINE) : nextStoryAt.plus(STORY_EVERY);
    }
    List<GeneratedEvent> out = new ArrayList<>();
    while (given < target) {
      given++;
      GeneratedEvent event = nextStep(now);
      if (event == null) {
        event = usage(now);
      }
      if (event != null) {
        out.add(event);
      }
    }
    return out;
  }

  /** Events given so far. */
  public long given() {
    return given;
  }

  private GeneratedEvent nextStep(Instant now) {
    while (!steps.isEmpty() && !steps.peek().at().isAfter(now)) {
      Step step = steps.poll();
      GeneratedEvent event = step.event().apply(now);
      if (event != null) {
        return event;
      }
    }
    return null;
  }

  private void at(Instant when, SimulatedCustomer c, Function<Instant, GeneratedEvent> event) {
    steps.add(new Step(when, stepOrder++, c, event));
  }

  private void start(Story story, Instant at) {
    switch (story) {
      case CANCELLATION -> {
        SimulatedCustomer c = pick(x -> true, Cohort.VOLUNTARY_CHURN);
        if (c != null) {
          cancellation(c, at);
        }
      }
      case CARD_DECLINED -> {
        SimulatedCustomer c =
            pick(x -> x.profile.method() == PaymentMethod.CARD, Cohort.INVOLUNTARY_CHURN);
        if (c != null) {
          cardDeclined(c, at);
        }
      }
      case OPEN_INVOICE_PAID -> {
        SimulatedCustomer c = pick(x -> !x.unpaid.isEmpty(), Cohort.LATE_PAYER);
        if (c != null) {
          inStory.add(c);
          at(at, c, now -> c.unpaid.isEmpty() ? release(c) : paid(c, c.unpaid.get(0), now));
        }
      }
      case UPGRADE -> {
        SimulatedCustomer c = pick(x -> x.plan != CustomerProfile.Plan.CORPORATIVO, Cohort.HEALTHY);
        if (c != null) {
          inStory.add(c);
          at(
              at,
              c,
              now -> {
                inStory.remove(c);
                return alive(c) ? events.planChanged(c, c.plan.higher(), now) : null;
              });
        }
      }
    }
  }

  private void cancellation(SimulatedCustomer c, Instant at) {
    inStory.add(c);
    leaving.add(c);
    at(at, c, now -> alive(c) ? events.cancellationRequested(c, now) : null);
    at(
        at.plus(Duration.ofSeconds(90)),
        c,
        now -> {
          inStory.remove(c);
          leaving.remove(c);
          if (!alive(c)) {
            return null;
          }
          c.churned = true;
          return events.cancelled(c, now);
        });
  }

  private void cardDeclined(SimulatedCustomer c, Instant at) {
    inStory.add(c);
    Invoice[] invoice = new Invoice[1];
    at(
        at,
        c,
        now -> {
          if (!alive(c)) {
            return null;
          }
          LocalDate today = LocalDate.ofInstant(now, zone);
          invoice[0] = issue(c, today);
          return events.invoiceIssued(c, invoice[0], today, now);
        });
    String[] codes = {"insufficient_funds", "insufficient_funds", "expired_card"};
    for (int i = 0; i < codes.length; i++) {
      String code = codes[i];
      at(
          at.plus(Duration.ofSeconds(i == 0 ? 2 : 30L * i)),
          c,
          now ->
              invoice[0] == null || !alive(c) ? null : events.declined(c, invoice[0], code, now));
    }
    boolean recovers = c.profile.cohort() != Cohort.INVOLUNTARY_CHURN || r.nextBoolean();
    if (recovers) {
      at(
          at.plus(Duration.ofSeconds(100)),
          c,
          now ->
              invoice[0] == null || !alive(c)
                  ? null
                  : events.cardUpdated(c, LocalDate.ofInstant(now, zone), now));
      at(at.plus(Duration.ofSeconds(110)), c, now -> paid(c, invoice[0], now));
    } else {
      at(at.plus(Duration.ofSeconds(60)), c, now -> release(c));
    }
  }

  private GeneratedEvent release(SimulatedCustomer c) {
    inStory.remove(c);
    return null;
  }

  private GeneratedEvent paid(SimulatedCustomer c, Invoice invoice, Instant now) {
    inStory.remove(c);
    if (invoice == null || !alive(c) || !c.unpaid.remove(invoice)) {
      return null;
    }
    invoice.attempts++;
    return events.paid(c, invoice, now);
  }

  private Invoice issue(SimulatedCustomer c, LocalDate due) {
    c.invoices++;
    String id = String.format("inv-%s-%03d", c.profile.customerId().substring(4), c.invoices);
    Invoice invoice =
        new Invoice(id, c.plan.mrrMinor, (int) ChronoUnit.DAYS.between(firstDate, due));
    c.unpaid.add(invoice);
    return invoice;
  }

  /**
   * A customer for a story: subscribed, in no other story, fitting; of the {@code preferred} cohort
   * when one is left.
   */
  private SimulatedCustomer pick(Predicate<SimulatedCustomer> fits, Cohort preferred) {
    List<SimulatedCustomer> preferredOnes = new ArrayList<>();
    List<SimulatedCustomer> others = new ArrayList<>();
    for (SimulatedCustomer c : customers) {
      if (alive(c) && !inStory.contains(c) && fits.test(c)) {
        (c.profile.cohort() == preferred ? preferredOnes : others).add(c);
      }
    }
    List<SimulatedCustomer> from = preferredOnes.isEmpty() ? others : preferredOnes;
    return from.isEmpty() ? null : from.get(r.nextInt(from.size()));
  }

  /** A login, a feature used, a ticket opened or closed, by a customer picked at random. */
  private GeneratedEvent usage(Instant now) {
    for (int tries = 0; tries < 64; tries++) {
      SimulatedCustomer c = customers.get(r.nextInt(customers.size()));
      double weight =
          switch (c.profile.cohort()) {
            case HEALTHY -> 0.8;
            case LATE_PAYER, INVOLUNTARY_CHURN -> 0.6;
            case VOLUNTARY_CHURN -> 0.3;
          };
      if (!alive(c) || leaving.contains(c) || r.nextDouble() >= weight) {
        continue;
      }
      double roll = r.nextDouble();
      if (roll < 0.015) {
        return events.ticketOpened(c, "dúvida", now);
      }
      if (roll < 0.03 && c.openTickets > 0) {
        return events.ticketClosed(c, now);
      }
      return events.usage(c, roll < 0.6 ? UsageEventType.LOGIN : UsageEventType.FEATURE_USED, now);
    }
    return null;
  }

  private static boolean alive(SimulatedCustomer c) {
    return c.subscribed && !c.churned;
  }
}
