package io.carteira.cli;

import io.carteira.ingest.Backfill;
import io.carteira.ingest.IngestMetrics;
import io.carteira.ingest.IngestService;
import io.carteira.ingest.IngestSettings;
import io.carteira.ingest.Ingestor;
import io.carteira.ingest.Provider;
import io.carteira.ingest.Secrets;
import io.carteira.ingest.kafka.KafkaEventSink;
import io.carteira.jobs.config.CarteiraConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code carteira ingest}: the webhook receiver, a process of its own beside the job. Alone it
 * receives every provider that has a secret; {@code carteira ingest stripe} (or {@code asaas})
 * receives that one, and with {@code --backfill FILE} replays an export instead, then exits.
 */
@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    description =
        "Receive billing providers' webhooks (Stripe, Asaas), verify them and write Carteira's"
            + " input events to Kafka. Secrets come from STRIPE_WEBHOOK_SECRETS /"
            + " ASAAS_WEBHOOK_TOKEN or the --*-file options. See docs/ingest.md.",
    subcommands = {IngestCommand.Stripe.class, IngestCommand.Asaas.class})
final class IngestCommand implements Callable<Integer> {

  @Mixin IngestOptions options;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    CarteiraConfig config = options.load();
    IngestSettings settings = options.settings(config);
    Secrets secrets = options.secrets();
    List<Provider> providers = IngestService.providers(secrets, settings.zone(), Clock.systemUTC());
    if (providers.isEmpty()) {
      throw new CarteiraCli.CliException(
          "no webhook secret: set STRIPE_WEBHOOK_SECRETS or ASAAS_WEBHOOK_TOKEN (or use"
              + " --stripe-secret-file / --asaas-token-file)");
    }
    return serve(settings, providers, spec.commandLine().getErr());
  }

  static int serve(IngestSettings settings, List<Provider> providers, PrintWriter err)
      throws Exception {
    IngestService service;
    try {
      service = IngestService.start(settings, providers);
    } catch (IOException e) {
      throw new CarteiraCli.CliException(
          "cannot listen on " + settings.host() + ":" + settings.port() + ": " + e.getMessage());
    }
    Runtime.getRuntime().addShutdownHook(new Thread(service::close, "carteira-ingest-stop"));
    err.printf(
        "carteira ingest: receiving %s on http://%s:%d/webhooks/<provider>, writing to Kafka %s%n",
        providers.stream().map(Provider::name).collect(Collectors.joining(", ")),
        settings.host(),
        service.port(),
        settings.bootstrapServers());
    err.flush();
    try {
      service.join();
    } finally {
      service.close();
    }
    return 0;
  }

  /** One provider: receive its webhooks, or replay an export of its events. */
  abstract static class OneProvider implements Callable<Integer> {

    @Mixin IngestOptions options;

    @Spec CommandSpec spec;

    @Option(
        names = "--backfill",
        paramLabel = "FILE",
        description =
            "Replay the exported events in FILE (a JSON array, or a Stripe list {\"data\": [...]})"
                + " in time order through the same mapping, then exit. No secret needed.")
    Path backfill;

    abstract String provider();

    @Override
    public Integer call() throws Exception {
      CarteiraConfig config = options.load();
      IngestSettings settings = options.settings(config);
      if (backfill != null) {
        return backfill(settings);
      }
      Secrets secrets = options.secrets();
      List<Provider> providers =
          IngestService.providers(secrets, settings.zone(), Clock.systemUTC()).stream()
              .filter(p -> p.name().equals(provider()))
              .toList();
      if (providers.isEmpty()) {
        throw new CarteiraCli.CliException(
            "no "
                + provider()
                + " secret: set "
                + (provider().equals("stripe") ? Secrets.STRIPE_ENV : Secrets.ASAAS_ENV)
                + " or use "
                + (provider().equals("stripe") ? "--stripe-secret-file" : "--asaas-token-file"));
      }
      return serve(settings, providers, spec.commandLine().getErr());
    }

    private int backfill(IngestSettings settings) throws Exception {
      if (!Files.isReadable(backfill)) {
        throw new CarteiraCli.CliException("cannot read " + backfill);
      }
      IngestMetrics metrics = new IngestMetrics();
      Provider provider = IngestService.unchecked(provider(), settings.zone());
      try (KafkaEventSink sink =
          new KafkaEventSink(
              settings.bootstrapServers(),
              settings.kafkaClient(),
              settings.registry(),
              settings.autoRegister())) {
        Backfill.Result result =
            Backfill.run(
                backfill,
                provider,
                new Ingestor(sink, settings.topics(), metrics),
                metrics,
                Clock.systemUTC());
        spec.commandLine()
            .getErr()
            .printf(
                "carteira ingest: replayed %d %s events from %s: %d mapped to %d Carteira events,"
                    + " %d ignored, %d checked, %d to dead-letters%n",
                result.events(),
                provider(),
                backfill,
                result.count(Ingestor.Kind.MAPPED),
                result.written(),
                result.count(Ingestor.Kind.IGNORED),
                result.count(Ingestor.Kind.CHECKED),
                result.count(Ingestor.Kind.DEAD_LETTERED));
        return 0;
      } catch (IOException | Backfill.Interrupted e) {
        throw new CarteiraCli.CliException(e.getMessage());
      }
    }
  }

  @Command(
      name = "stripe",
      mixinStandardHelpOptions = true,
      description = "Receive Stripe's webhooks, or replay an export of Stripe events (--backfill).")
  static final class Stripe extends OneProvider {
    @Override
    String provider() {
      return "stripe";
    }
  }

  @Command(
      name = "asaas",
      mixinStandardHelpOptions = true,
      description = "Receive Asaas's webhooks, or replay an export of Asaas events (--backfill).")
  static final class Asaas extends OneProvider {
    @Override
    String provider() {
      return "asaas";
    }
  }
}
