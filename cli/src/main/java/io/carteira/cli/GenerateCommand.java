package io.carteira.cli;

import io.carteira.embedded.generator.EventPublisher;
import io.carteira.embedded.generator.PortfolioGenerator;
import io.carteira.jobs.config.CarteiraConfig;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Writes a synthetic portfolio to the input topics, as fast as Kafka takes it. */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description =
        "Write a synthetic Brazilian subscription portfolio to the input topics (deterministic for"
            + " a seed).")
final class GenerateCommand implements Callable<Integer> {

  @Mixin ConfigOptions options;

  @Spec CommandSpec spec;

  @Option(
      names = "--customers",
      defaultValue = "2000",
      description = "Customers in the portfolio (default ${DEFAULT-VALUE}).")
  int customers;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "Random seed; the same seed gives the same events (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--days",
      defaultValue = "180",
      description = "Days of simulated time (default ${DEFAULT-VALUE}).")
  int days;

  @Option(
      names = "--start",
      description = "First simulated date, yyyy-mm-dd (default ${DEFAULT-VALUE}).",
      defaultValue = "2026-01-05")
  LocalDate start;

  @Option(
      names = "--bad-records",
      defaultValue = "0",
      description = "Share of malformed records mixed in, 0-1 (default ${DEFAULT-VALUE}).")
  double badRecords;

  @Override
  public Integer call() {
    if (customers < 1 || days < 1 || badRecords < 0 || badRecords > 1) {
      throw new CarteiraCli.CliException(
          "--customers and --days must be positive and --bad-records within 0-1");
    }
    CarteiraConfig config = options.load();
    PortfolioGenerator generator =
        new PortfolioGenerator(seed, customers, start, ZoneId.of("America/Sao_Paulo"));
    long started = System.nanoTime();
    try (EventPublisher publisher =
        new EventPublisher(LocalRuntime.destination(config), badRecords, seed)) {
      for (int day = 0; day < days; day++) {
        publisher.publish(generator.nextDayEvents());
        if ((day + 1) % 30 == 0 || day + 1 == days) {
          spec.commandLine()
              .getErr()
              .printf("\r%s  %,d events", generator.date(day), publisher.published());
        }
      }
      publisher.flush();
      double seconds = (System.nanoTime() - started) / 1e9;
      spec.commandLine()
          .getErr()
          .printf(
              "%nwrote %,d events (%,d malformed) for %,d customers over %d days in %.1f s%n",
              publisher.published(), publisher.malformed(), customers, days, seconds);
    }
    return 0;
  }
}
