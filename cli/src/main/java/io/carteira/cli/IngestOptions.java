package io.carteira.cli;

import io.carteira.ingest.IngestSettings;
import io.carteira.ingest.IngestTopics;
import io.carteira.ingest.Secrets;
import io.carteira.jobs.config.CarteiraConfig;
import io.carteira.jobs.config.Knobs;
import io.carteira.jobs.kafka.KafkaClients;
import io.carteira.jobs.kafka.RegistryClients;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The options of {@code carteira ingest} and its provider subcommands: where to listen, the rate
 * limit, the files holding the webhook secrets (never the secrets themselves: a command line is
 * visible to every user of the machine), and the usual configuration (Kafka, registry, topics, time
 * zone).
 */
final class IngestOptions {

  @Mixin ConfigOptions config;

  @Option(
      names = "--port",
      defaultValue = "8090",
      description = "Port to receive webhooks on (default ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--bind",
      defaultValue = "0.0.0.0",
      description = "Address to listen on (default ${DEFAULT-VALUE}).")
  String bind;

  @Option(
      names = "--rate-limit",
      paramLabel = "PER_SECOND",
      defaultValue = "50",
      description =
          "Deliveries a second accepted from one sender before 429 (default ${DEFAULT-VALUE}).")
  double rateLimit;

  @Option(
      names = "--stripe-secret-file",
      paramLabel = "FILE",
      description =
          "File with the Stripe endpoint's signing secret(s), comma- or line-separated (else"
              + " STRIPE_WEBHOOK_SECRETS).")
  Path stripeSecretFile;

  @Option(
      names = "--asaas-token-file",
      paramLabel = "FILE",
      description = "File with the Asaas webhook's access token (else ASAAS_WEBHOOK_TOKEN).")
  Path asaasTokenFile;

  CarteiraConfig load() {
    return config.load();
  }

  Secrets secrets() {
    try {
      return Secrets.load(System.getenv(), stripeSecretFile, asaasTokenFile);
    } catch (IllegalArgumentException e) {
      throw new CarteiraCli.CliException(e.getMessage());
    }
  }

  IngestSettings settings(CarteiraConfig config) {
    if (port < 0 || port > 65_535 || rateLimit <= 0) {
      throw new CarteiraCli.CliException("--port must be 0-65535 and --rate-limit positive");
    }
    return new IngestSettings(
        config.get(Knobs.KAFKA_BOOTSTRAP),
        config.get(Knobs.SCHEMA_REGISTRY_URL),
        config.get(Knobs.SCHEMA_AUTO_REGISTER),
        new IngestTopics(
            config.get(Knobs.TOPIC_PAYMENTS),
            config.get(Knobs.TOPIC_USAGE),
            config.get(Knobs.TOPIC_SUBSCRIPTIONS),
            config.get(Knobs.TOPIC_DEAD_LETTERS)),
        config.get(Knobs.ZONE),
        bind,
        port,
        rateLimit,
        KafkaClients.common(config),
        RegistryClients.access(config));
  }
}
