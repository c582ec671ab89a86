package io.carteira.cli;

import io.carteira.embedded.generator.EventPublisher;
import io.carteira.embedded.generator.GeneratedEvent;
import io.carteira.embedded.replay.Dataset;
import io.carteira.jobs.config.CarteiraConfig;
import io.carteira.jobs.config.Knobs;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Turns a public data set into input events, in time order, and writes them to the input topics.
 */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    description =
        "Replay a public data set as input events, in time order: ibm-accounts-receivable (invoices"
            + " and their settlements), ravenstack-saas (subscriptions, several per account, and"
            + " refunds), ravenstack-saas-churn (the same with feature usage, support tickets and"
            + " satisfaction scores; labelled) or kkbox-churn-sample (KKBox memberships, payments"
            + " and listening; labelled).")
final class ReplayCommand implements Callable<Integer> {

  @Mixin ConfigOptions options;

  @Spec CommandSpec spec;

  @Parameters(
      paramLabel = "DATASET",
      description =
          "ibm-accounts-receivable, ravenstack-saas, ravenstack-saas-churn or kkbox-churn-sample.")
  String dataset;

  @Option(
      names = "--from",
      paramLabel = "DIR",
      required = true,
      description = "The data set's folder, with its CSV files as published.")
  Path directory;

  @Override
  public Integer call() {
    Dataset source;
    try {
      source = Dataset.named(dataset);
    } catch (IllegalArgumentException e) {
      throw new CarteiraCli.CliException(e.getMessage());
    }
    CarteiraConfig config = options.load();
    List<GeneratedEvent> events;
    try {
      events = source.events(directory, config.get(Knobs.ZONE));
    } catch (NoSuchFileException e) {
      throw new CarteiraCli.CliException(source.name() + ": missing " + e.getFile());
    } catch (IOException | RuntimeException e) {
      throw new CarteiraCli.CliException(
          source.name() + ": cannot read " + directory + ": " + e.getMessage());
    }
    try (EventPublisher publisher = new EventPublisher(LocalRuntime.destination(config), 0, 0)) {
      publisher.publish(events);
      publisher.flush();
    }
    spec.commandLine()
        .getErr()
        .printf(
            "replayed %,d events of %s, %s to %s%n",
            events.size(),
            source.name(),
            events.isEmpty() ? "-" : events.get(0).eventTime(),
            events.isEmpty() ? "-" : events.get(events.size() - 1).eventTime());
    return 0;
  }
}
