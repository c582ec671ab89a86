package io.carteira.cli;

import io.carteira.console.Console;
import io.carteira.console.read.StartPosition;
import io.carteira.jobs.config.CarteiraConfig;
import io.carteira.jobs.config.Knobs;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The web console of any deployment: reads its output topics (read_committed) and serves the pages
 * until stopped.
 */
@Command(
    name = "console",
    mixinStandardHelpOptions = true,
    description =
        "Serve the web console of a deployment: portfolio, alert inbox, customer 360,"
            + " collections, policies and the engine's health, live from the output topics.")
final class ConsoleCommand implements Callable<Integer> {

  /** The environment variable a token may come from instead of a file. */
  static final String TOKEN_VARIABLE = "CARTEIRA_CONSOLE_TOKEN";

  @Mixin ConfigOptions options;

  @Spec CommandSpec spec;

  @Option(
      names = {"-b", "--bootstrap"},
      description = "Kafka bootstrap servers (overrides kafka.bootstrap-servers).")
  String bootstrap;

  @Option(
      names = {"-r", "--registry"},
      description = "Schema registry URL (overrides schema-registry.url).")
  String registry;

  @Option(
      names = "--bind",
      defaultValue = "127.0.0.1",
      description = "Address to listen on (default ${DEFAULT-VALUE}); any other needs a token.")
  String bind;

  @Option(
      names = "--port",
      defaultValue = "8088",
      description = "Port to listen on (default ${DEFAULT-VALUE}; 0: any free port).")
  int port;

  @Option(
      names = "--token-file",
      paramLabel = "FILE",
      description =
          "File holding the token every request must carry (else " + TOKEN_VARIABLE + ").")
  Path tokenFile;

  @Option(
      names = "--from",
      defaultValue = "24h",
      description =
          "Where alerts, dunning actions, metrics and dead letters start: beginning, end, or a"
              + " time ago such as 24h, 7d (default ${DEFAULT-VALUE}). Compacted customer-health"
              + " and the policies are always read whole.")
  String from;

  @Option(
      names = "--flink-rest",
      paramLabel = "URL",
      description = "Flink's REST API (the JobManager), for the checkpoints on the engine page.")
  URI flinkRest;

  @Override
  public Integer call() throws Exception {
    CarteiraConfig.Builder builder = CarteiraConfig.builder();
    CarteiraConfig loaded = options.load(builder);
    CarteiraConfig.Builder overrides = loaded.toBuilder();
    if (bootstrap != null) {
      overrides.set(Knobs.KAFKA_BOOTSTRAP, bootstrap);
    }
    if (registry != null) {
      overrides.set(Knobs.SCHEMA_REGISTRY_URL, registry);
    }
    CarteiraConfig config = overrides.build();
    StartPosition start;
    try {
      start = StartPosition.parse(from);
    } catch (IllegalArgumentException e) {
      throw new CarteiraCli.CliException("--from: " + e.getMessage());
    }
    String token = token(tokenFile, System.getenv(TOKEN_VARIABLE));
    Console console;
    try {
      console = Console.start(config, new Console.Settings(bind, port, token, start, flinkRest));
    } catch (IllegalArgumentException e) {
      throw new CarteiraCli.CliException(e.getMessage());
    } catch (IOException e) {
      throw new CarteiraCli.CliException(
          "cannot listen on " + bind + ":" + port + " (" + e.getMessage() + "): try --port");
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  console.close();
                  stopped.countDown();
                }));
    spec.commandLine().getOut().println("carteira console: " + console.url());
    spec.commandLine()
        .getOut()
        .printf(
            "reading %s (read_committed) · registry %s · alerts, actions and metrics from %s%n",
            config.get(Knobs.KAFKA_BOOTSTRAP), config.get(Knobs.SCHEMA_REGISTRY_URL), start);
    spec.commandLine().getOut().flush();
    stopped.await();
    return 0;
  }

  /** The token from the file, else from the environment; null when neither gives one. */
  static String token(Path file, String environment) {
    if (file != null) {
      try {
        String text = Files.readString(file).trim();
        if (text.isEmpty()) {
          throw new CarteiraCli.CliException("--token-file: " + file + " is empty");
        }
        return text;
      } catch (IOException e) {
        throw new CarteiraCli.CliException("--token-file: cannot read " + file);
      }
    }
    return environment == null || environment.isBlank() ? null : environment.trim();
  }
}
