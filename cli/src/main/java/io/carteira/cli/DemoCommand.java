package io.carteira.cli;

import io.carteira.embedded.EmbeddedKafka;
import io.carteira.embedded.generator.EventPublisher;
import io.carteira.embedded.generator.PortfolioGenerator;
import io.carteira.jobs.CarteiraJob;
import io.carteira.jobs.JobEnvironment;
import io.carteira.jobs.config.CarteiraConfig;
import io.carteira.jobs.config.Knobs;
import io.carteira.jobs.kafka.KafkaEndpoints;
import java.time.Duration;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Everything embedded: a KRaft broker, a schema registry, the synthetic portfolio simulated at days
 * per second, the job on a local Flink MiniCluster, and a live console view of its outputs.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description =
        "Run everything embedded (Kafka, schema registry, generator, the job) and show the live"
            + " portfolio.")
final class DemoCommand implements Callable<Integer> {

  @Mixin ConfigOptions options;

  @Option(
      names = "--customers",
      defaultValue = "2000",
      description = "Customers in the portfolio (default ${DEFAULT-VALUE}).")
  int customers;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "Random seed of the portfolio (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--duration",
      description = "Stop after this long, e.g. 90s, 5m (default: until Ctrl-C).")
  String duration;

  @Option(
      names = "--days-per-second",
      defaultValue = "1",
      description = "Simulated days per second (default ${DEFAULT-VALUE}).")
  double daysPerSecond;

  @Option(
      names = "--history-days",
      defaultValue = "400",
      description =
          "The simulation starts this many days ago and stops at today (default ${DEFAULT-VALUE}).")
  int historyDays;

  @Option(
      names = "--warm-up-days",
      defaultValue = "45",
      description =
          "Days simulated as fast as possible before the paced run, so the portfolio has a history"
              + " (default ${DEFAULT-VALUE}).")
  int warmUpDays;

  @Option(
      names = "--bad-records",
      defaultValue = "0.0005",
      description = "Share of malformed input records (default ${DEFAULT-VALUE}).")
  double badRecords;

  @Option(
      names = "--plain",
      description = "Print a status line per second instead of redrawing the screen.")
  boolean plain;

  @Override
  public Integer call() throws Exception {
    if (customers < 1
        || daysPerSecond <= 0
        || historyDays < 1
        || warmUpDays < 0
        || badRecords < 0
        || badRecords > 1) {
      throw new CarteiraCli.CliException(
          "--customers, --days-per-second and --history-days must be positive; --bad-records within"
              + " 0-1");
    }
    Duration runFor = duration == null ? null : parseDuration(duration);
    CarteiraConfig base =
        options.load(CarteiraConfig.builder().set(Knobs.CHECKPOINT_INTERVAL, "2s"));
    System.err.println("carteira: starting the embedded Kafka broker and schema registry…");
    AtomicBoolean stop = new AtomicBoolean();
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              stop.set(true);
              try {
                stopped.await(30, TimeUnit.SECONDS);
              } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
              }
            },
            "carteira-demo-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try (LocalRuntime runtime =
        LocalRuntime.start(base, EmbeddedKafka.portOr(9092), EmbeddedKafka.portOr(8081))) {
      CarteiraConfig config = runtime.config();
      String header =
          String.format(
              "Kafka %s · schema registry %s · %,d customers, seed %d · checkpoints every %s"
                  + " (exactly-once)",
              runtime.bootstrapServers(),
              runtime.registryUrl(),
              customers,
              seed,
              config.text(Knobs.CHECKPOINT_INTERVAL));
      System.err.println("carteira: " + header);
      System.err.println(
          "carteira: in another terminal: ./carteira tail customer-health -b "
              + runtime.bootstrapServers()
              + " -r "
              + runtime.registryUrl());

      StreamExecutionEnvironment env =
          StreamExecutionEnvironment.createLocalEnvironment(
              config.get(Knobs.PARALLELISM), JobEnvironment.localFlinkConfiguration(config));
      CarteiraJob.assemble(
          env, KafkaEndpoints.inputs(config), KafkaEndpoints.outputs(config), config);
      JobClient job = env.executeAsync("carteira-demo");

      LocalDate start = LocalDate.now(config.get(Knobs.ZONE)).minusDays(historyDays);
      PortfolioGenerator generator =
          new PortfolioGenerator(seed, customers, start, config.get(Knobs.ZONE));
      long begun = System.nanoTime();
      try (EventPublisher publisher =
              new EventPublisher(LocalRuntime.destination(config), badRecords, seed);
          LiveView view =
              new LiveView(config, System.out, !plain && System.console() != null, header)) {
        long nextDayAt = System.nanoTime();
        long nextRenderAt = System.nanoTime();
        while (!stop.get() && (runFor == null || System.nanoTime() - begun < runFor.toNanos())) {
          if (generator.nextDay() < historyDays && System.nanoTime() >= nextDayAt) {
            publisher.publish(generator.nextDayEvents());
            publisher.flush();
            nextDayAt =
                generator.nextDay() < warmUpDays
                    ? System.nanoTime()
                    : nextDayAt + (long) (1e9 / daysPerSecond);
          }
          view.poll(Duration.ofMillis(100));
          if (System.nanoTime() >= nextRenderAt) {
            int day = generator.nextDay();
            String status =
                day < historyDays
                    ? String.format(
                        "%s %s · %,d events in (%,d malformed)",
                        day < warmUpDays ? "warming up, history to" : "simulating",
                        generator.date(day - 1),
                        publisher.published(),
                        publisher.malformed())
                    : String.format(
                        "simulation caught up with today · %,d events in (%,d malformed)",
                        publisher.published(), publisher.malformed());
            view.render(() -> status);
            nextRenderAt = System.nanoTime() + 1_000_000_000L;
          }
          if (job.getJobStatus().get().isGloballyTerminalState()) {
            throw new CarteiraCli.CliException("the job stopped: " + job.getJobStatus().get());
          }
        }
        System.err.println("\ncarteira: stopping the demo…");
      } finally {
        job.cancel().exceptionally(e -> null).get();
      }
    } finally {
      System.err.println("carteira: demo stopped.");
      stopped.countDown();
      if (!stop.get()) {
        Runtime.getRuntime().removeShutdownHook(hook);
      }
    }
    return 0;
  }

  private static Duration parseDuration(String text) {
    try {
      return Knobs.DURATION_PARSER.apply(text);
    } catch (RuntimeException e) {
      throw new CarteiraCli.CliException(
          "--duration: '" + text + "' is not a duration (use 90s, 5m, 1h or PT5M)");
    }
  }
}
