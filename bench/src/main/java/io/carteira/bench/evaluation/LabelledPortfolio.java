package io.carteira.bench.evaluation;

import io.carteira.embedded.generator.GeneratedEvent;
import io.carteira.embedded.generator.PortfolioGenerator;
import io.carteira.embedded.replay.ChurnOutcome;
import io.carteira.embedded.replay.LabelledDataset;
import io.carteira.schemas.ChurnType;
import io.carteira.schemas.CustomerEvent;
import io.carteira.schemas.PaymentEvent;
import io.carteira.schemas.SubscriptionEvent;
import io.carteira.schemas.UsageEvent;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * A portfolio's input events with how each customer ended: what the harness replays through the job
 * and scores the alerts against. From the generator (its cohorts are the ground truth) or from any
 * {@link LabelledDataset}.
 *
 * @param name what the reports call it
 * @param events the input events, in time order
 * @param labels every customer's outcome
 * @param observedFrom the first event's time
 * @param observedUntil the end of the observation: the last event's time, or the latest churn if it
 *     comes later (a data set may date a churn after its last event); outcomes after it are unknown
 * @param zone the business time zone the events were made in
 */
public record LabelledPortfolio(
    String name,
    List<GeneratedEvent> events,
    List<ChurnLabel> labels,
    Instant observedFrom,
    Instant observedUntil,
    ZoneId zone) {

  public static final ZoneId SAO_PAULO = ZoneId.of("America/Sao_Paulo");

  /**
   * {@code days} days of the generator's portfolio of {@code customers}, customers starting over
   * its first 45 days; {@code noisy} gives the evaluation profile (healthy customers with the
   * ordinary noise of life).
   */
  public static LabelledPortfolio generated(long seed, int customers, int days, boolean noisy) {
    PortfolioGenerator generator =
        new PortfolioGenerator(
            seed, customers, PortfolioGenerator.DEFAULT_START, SAO_PAULO, 45, noisy);
    List<GeneratedEvent> events = new ArrayList<>();
    for (int d = 0; d < days; d++) {
      events.addAll(generator.nextDayEvents());
    }
    String name =
        String.format(
            "generator%s, seed %d, %,d customers, %d days",
            noisy ? " with noise" : "", seed, customers, days);
    LocalDate end = PortfolioGenerator.DEFAULT_START.plusDays(days);
    return new LabelledPortfolio(
        name,
        events,
        labels(generator.outcomes()),
        PortfolioGenerator.DEFAULT_START.atStartOfDay(SAO_PAULO).toInstant(),
        end.atStartOfDay(SAO_PAULO).toInstant(),
        SAO_PAULO);
  }

  /** A labelled data set's events and outcomes, read from {@code directory}. */
  public static LabelledPortfolio of(LabelledDataset dataset, Path directory, ZoneId zone)
      throws IOException {
    List<GeneratedEvent> events = dataset.events(directory, zone);
    if (events.isEmpty()) {
      throw new IllegalArgumentException(dataset.name() + ": no events in " + directory);
    }
    List<ChurnLabel> labels = labels(dataset.outcomes(directory, zone));
    return new LabelledPortfolio(
        dataset.name(),
        events,
        labels,
        events.get(0).eventTime(),
        observedUntil(events, labels),
        zone);
  }

  /**
   * The end of a data set's observation: its last event, or its latest churn when that comes later
   * (KKBox dates a churn at the end of the day its membership expired, after the last event).
   */
  static Instant observedUntil(List<GeneratedEvent> events, List<ChurnLabel> labels) {
    Instant until = events.get(events.size() - 1).eventTime();
    for (ChurnLabel label : labels) {
      if (label.churned() && label.churnedAt().isAfter(until)) {
        until = label.churnedAt();
      }
    }
    return until;
  }

  /**
   * The outcomes as the scorer's labels. A churner of no churn type (the data set does not say why
   * it left) keeps no kind: it counts for all churn and is left out of each kind's scores.
   */
  public static List<ChurnLabel> labels(List<ChurnOutcome> outcomes) {
    return outcomes.stream()
        .map(
            o ->
                o.churned()
                    ? new ChurnLabel(
                        o.customerId(),
                        o.churnedAt(),
                        o.churnType() == null
                            ? null
                            : o.churnType() == ChurnType.INVOLUNTARY
                                ? ChurnKind.INVOLUNTARY
                                : ChurnKind.VOLUNTARY)
                    : ChurnLabel.stayed(o.customerId()))
        .toList();
  }

  /** The events in the job's envelope, for the naive baselines. */
  public List<CustomerEvent> customerEvents() {
    List<CustomerEvent> out = new ArrayList<>(events.size());
    long offset = 0;
    for (GeneratedEvent e : events) {
      CustomerEvent.Builder b =
          CustomerEvent.newBuilder()
              .setCustomerId(e.customerId())
              .setEventTime(e.eventTime())
              .setSourceTopic(e.topic().name())
              .setSourcePartition(0)
              .setSourceOffset(offset++);
      if (e.record() instanceof PaymentEvent p) {
        b.setEventId(p.getEventId()).setPayment(p);
      } else if (e.record() instanceof UsageEvent u) {
        b.setEventId(u.getEventId()).setUsage(u);
      } else if (e.record() instanceof SubscriptionEvent s) {
        b.setEventId(s.getEventId()).setSubscription(s);
      } else {
        continue;
      }
      out.add(b.build());
    }
    return out;
  }

  /** Customers, churners by kind. */
  public String summary() {
    long voluntary = labels.stream().filter(l -> l.kind() == ChurnKind.VOLUNTARY).count();
    long involuntary = labels.stream().filter(l -> l.kind() == ChurnKind.INVOLUNTARY).count();
    long unknown = labels.stream().filter(l -> l.churned() && l.kind() == null).count();
    return String.format(
        "%s: %,d events, %,d customers, %d voluntary, %d involuntary and %d churners of unknown"
            + " type",
        name, events.size(), labels.size(), voluntary, involuntary, unknown);
  }
}
