package io.carteira.bench;

import io.carteira.cli.LocalRuntime;
import io.carteira.embedded.generator.EventPublisher;
import io.carteira.embedded.generator.GeneratedEvent;
import io.carteira.embedded.generator.PortfolioGenerator;
import io.carteira.jobs.config.CarteiraConfig;
import java.time.ZoneId;
import java.util.List;

/**
 * Writes exactly {@code events} generated events for {@code customers} customers to the input
 * topics.
 */
final class InputLoader {

  private InputLoader() {}

  static long load(CarteiraConfig config, int customers, long events, long seed) {
    // every customer starts on day 0, so each size really has that many keys
    PortfolioGenerator generator =
        new PortfolioGenerator(
            seed, customers, PortfolioGenerator.DEFAULT_START, ZoneId.of("America/Sao_Paulo"), 1);
    long written = 0;
    try (EventPublisher publisher = new EventPublisher(LocalRuntime.destination(config), 0, seed)) {
      while (written < events) {
        List<GeneratedEvent> day = generator.nextDayEvents();
        List<GeneratedEvent> batch =
            day.size() > events - written ? day.subList(0, (int) (events - written)) : day;
        publisher.publish(batch);
        written += batch.size();
        Progress.bar("loading " + String.format("%,d", customers) + " customers", written, events);
      }
      publisher.flush();
    }
    Progress.done(String.format("loaded %,d events for %,d customers", written, customers));
    return written;
  }
}
