package io.carteira.jobs.support;

import io.carteira.embedded.generator.EventPublisher;
import io.carteira.embedded.generator.GeneratedEvent;
import io.carteira.embedded.generator.PortfolioGenerator;
import io.carteira.jobs.config.CarteiraConfig;
import java.time.Instant;
import java.util.List;

/** A generated portfolio written to the input topics, then its {@link EndOfInput} marks. */
public final class GeneratedInput {

  /** What was written: the events (marks not counted) and the watermark that ends them. */
  public record Written(long events, Instant end) {}

  private GeneratedInput() {}

  /**
   * Writes {@code customers}' events day by day until {@code events} are written (the last day cut
   * short), with one malformed record in {@code 1 / badRecordRate} mixed in (0: none).
   */
  public static Written write(
      CarteiraConfig config, long seed, int customers, long events, double badRecordRate) {
    PortfolioGenerator generator = new PortfolioGenerator(seed, customers);
    Instant last = Instant.MIN;
    long written = 0;
    try (EventPublisher publisher =
        new EventPublisher(TestRuntime.destination(config), badRecordRate, seed)) {
      while (written < events) {
        List<GeneratedEvent> day = generator.nextDayEvents();
        List<GeneratedEvent> batch =
            day.size() > events - written ? day.subList(0, (int) (events - written)) : day;
        publisher.publish(batch);
        written += batch.size();
        for (GeneratedEvent event : batch) {
          last = event.eventTime().isAfter(last) ? event.eventTime() : last;
        }
      }
      publisher.flush();
    }
    return new Written(written, EndOfInput.mark(config, last));
  }

  /**
   * Writes {@code days} simulated days of {@code customers}' events, as {@link EventPublisher}
   * does: day by day, each day's events in time order across the three topics; then the marks.
   */
  public static Written writeDays(CarteiraConfig config, long seed, int customers, int days) {
    PortfolioGenerator generator = new PortfolioGenerator(seed, customers);
    Instant last = Instant.MIN;
    long written = 0;
    try (EventPublisher publisher = new EventPublisher(TestRuntime.destination(config), 0, seed)) {
      for (int day = 0; day < days; day++) {
        List<GeneratedEvent> events = generator.nextDayEvents();
        publisher.publish(events);
        written += events.size();
        for (GeneratedEvent event : events) {
          last = event.eventTime().isAfter(last) ? event.eventTime() : last;
        }
      }
      publisher.flush();
    }
    return new Written(written, EndOfInput.mark(config, last));
  }
}
