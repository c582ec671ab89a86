package io.carteira.cli;

import io.carteira.console.Console;
import io.carteira.console.read.StartPosition;
import io.carteira.embedded.EmbeddedKafka;
import io.carteira.embedded.generator.EventPublisher;
import io.carteira.embedded.generator.GeneratedEvent;
import io.carteira.embedded.generator.LiveFeed;
import io.carteira.embedded.generator.PortfolioGenerator;
import io.carteira.jobs.CarteiraJob;
import io.carteira.jobs.JobEnvironment;
import io.carteira.jobs.config.CarteiraConfig;
import io.carteira.jobs.config.Knobs;
import io.carteira.jobs.kafka.KafkaEndpoints;
import io.carteira.operators.dunning.QuietHours;
import io.carteira.operators.policy.PolicyParser;
import io.carteira.schemas.PaymentEvent;
import io.carteira.schemas.PaymentEventType;
import io.carteira.schemas.SubscriptionEvent;
import io.carteira.schemas.SubscriptionEventType;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Everything embedded: a KRaft broker, a schema registry, the synthetic portfolio's history
 * simulated at days per second up to today, then the same customers live at the wall clock's pace,
 * the job on a local Flink MiniCluster, and the web console of its outputs (or, with {@code
 * --plain}, the terminal view).
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description =
        "Run everything embedded (Kafka, schema registry, generator, the job): replay the"
            + " portfolio's history up to today, then keep it live, and show the outputs as they"
            + " come.")
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
      defaultValue = "90",
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
      names = "--live-rate",
      defaultValue = "20",
      description =
          "Once the history has caught up with today, events per second the same customers keep"
              + " giving, stamped with the wall clock (default ${DEFAULT-VALUE}).")
  double liveRate;

  @Option(
      names = "--no-live",
      description = "Stop sending events once the history has caught up with today.")
  boolean noLive;

  @Option(
      names = "--bad-records",
      defaultValue = "0.0005",
      description = "Share of malformed input records (default ${DEFAULT-VALUE}).")
  double badRecords;

  @Option(
      names = "--plain",
      description =
          "No web console: the terminal view of the outputs instead (redrawn once a second on a"
              + " terminal, else a status line per second).")
  boolean plain;

  @Option(
      names = "--console-port",
      defaultValue = "8088",
      description =
          "Port of the web console, on 127.0.0.1 (default ${DEFAULT-VALUE}; 0: any free port).")
  int consolePort;

  @Override
  public Integer call() throws Exception {
    if (customers < 1
        || daysPerSecond <= 0
        || historyDays < 1
        || warmUpDays < 0
        || !(liveRate > 0)
        || badRecords < 0
        || badRecords > 1) {
      throw new CarteiraCli.CliException(
          "--customers, --days-per-second, --history-days and --live-rate must be positive;"
              + " --bad-records within 0-1");
    }
    Duration runFor = duration == null ? null : parseDuration(duration);
    CarteiraConfig base =
        options.load(
            CarteiraConfig.builder()
                .set(Knobs.CHECKPOINT_INTERVAL, "1s")
                // the partitions the live phase leaves quiet stop holding time back within 5 s
                .set(Knobs.IDLENESS, "5s"));
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
      Configuration flink = JobEnvironment.localFlinkConfiguration(config);
      int restPort = freePort();
      flink.set(RestOptions.BIND_PORT, String.valueOf(restPort));
      flink.set(RestOptions.ADDRESS, "127.0.0.1");
      Console console = plain ? null : startConsole(config, restPort);
      if (console != null) {
        System.err.println("carteira: console " + console.url());
      }
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
          StreamExecutionEnvironment.createLocalEnvironment(config.get(Knobs.PARALLELISM), flink);
      CarteiraJob.assemble(
          env, KafkaEndpoints.inputs(config), KafkaEndpoints.outputs(config), config);
      JobClient job = env.executeAsync("carteira-demo");

      ZoneId zone = config.get(Knobs.ZONE);
      LocalDate start = LocalDate.now(zone).minusDays(historyDays);
      PortfolioGenerator generator = new PortfolioGenerator(seed, customers, start, zone);
      long begun = System.nanoTime();
      try (EventPublisher publisher =
              new EventPublisher(LocalRuntime.destination(config), badRecords, seed);
          LiveView view =
              plain ? new LiveView(config, System.out, System.console() != null, header) : null) {
        long nextDayAt = System.nanoTime();
        long nextRenderAt = System.nanoTime();
        LiveFeed live = null;
        Instant liveSince = null;
        while (!stop.get() && (runFor == null || System.nanoTime() - begun < runFor.toNanos())) {
          if (generator.nextDay() < historyDays) {
            if (System.nanoTime() >= nextDayAt) {
              publisher.publish(generator.nextDayEvents());
              publisher.flush();
              nextDayAt =
                  generator.nextDay() < warmUpDays
                      ? System.nanoTime()
                      : nextDayAt + (long) (1e9 / daysPerSecond);
            }
          } else if (!noLive) {
            if (live == null) {
              live = generator.live(Clock.systemUTC(), liveRate);
              liveSince = Instant.now();
            }
            List<GeneratedEvent> events = live.due();
            if (!events.isEmpty()) {
              publisher.publish(events);
              publisher.flush();
              if (view != null) {
                watch(events, Instant.now(), view.lag(), zone);
              }
            }
          }
          if (view != null) {
            view.poll(Duration.ofMillis(50));
          } else {
            Thread.sleep(50);
          }
          if (System.nanoTime() >= nextRenderAt) {
            String status = status(generator, publisher, live, liveSince, zone);
            if (view != null) {
              view.render(() -> status);
            } else {
              statusLine(console, status, phase(generator, live));
            }
            nextRenderAt = System.nanoTime() + 1_000_000_000L;
          }
          if (job.getJobStatus().get().isGloballyTerminalState()) {
            throw new CarteiraCli.CliException("the job stopped: " + job.getJobStatus().get());
          }
        }
        System.err.println("\ncarteira: stopping the demo…");
      } finally {
        job.cancel().exceptionally(e -> null).get();
        if (console != null) {
          console.close();
        }
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

  /**
   * With the web console, the terminal keeps to one short line (the console's address, what it
   * holds, where the input stands): redrawn in place on a terminal, short enough for its width; a
   * full line every ten seconds when the output is a file or a pipe.
   */
  private void statusLine(Console console, String status, String phase) {
    if (System.console() != null) {
      System.out.print(
          "\r\033[2K" + LivePortfolio.truncate(console.statusLine() + " · " + phase, 118));
      System.out.flush();
    } else if (System.nanoTime() - lastLinePrinted > 10_000_000_000L) {
      System.out.println(console.statusLine() + " · " + status);
      lastLinePrinted = System.nanoTime();
    }
  }

  /** Where the input stands, in a few words: replaying a day of the history, or live. */
  private String phase(PortfolioGenerator generator, LiveFeed live) {
    int day = generator.nextDay();
    if (day < historyDays) {
      return "replaying " + generator.date(Math.max(0, day - 1));
    }
    return live == null
        ? "history replayed"
        : "live, " + BigDecimal.valueOf(liveRate).stripTrailingZeros().toPlainString() + "/s";
  }

  private long lastLinePrinted = System.nanoTime() - 20_000_000_000L;

  private Console startConsole(CarteiraConfig config, int restPort) throws Exception {
    try {
      return Console.start(
          config,
          new Console.Settings(
              "127.0.0.1",
              consolePort,
              null,
              StartPosition.beginning(),
              URI.create("http://127.0.0.1:" + restPort + "/")));
    } catch (IOException e) {
      throw new CarteiraCli.CliException(
          "the console cannot listen on 127.0.0.1:"
              + consolePort
              + " ("
              + e.getMessage()
              + "): try --console-port, or --plain");
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /** Where the input stands: the history being replayed, or the live phase. */
  private String status(
      PortfolioGenerator generator,
      EventPublisher publisher,
      LiveFeed live,
      Instant liveSince,
      ZoneId zone) {
    String sent =
        String.format(
            "%,d events in (%,d malformed)", publisher.published(), publisher.malformed());
    int day = generator.nextDay();
    if (day < historyDays) {
      LocalDate reached = generator.date(Math.max(0, day - 1));
      return String.format(
          "%s: %s, %,d days behind · %s",
          day < warmUpDays ? "warming up the history" : "replaying history",
          reached,
          ChronoUnit.DAYS.between(reached, LocalDate.now(zone)),
          sent);
    }
    if (live == null) {
      return "history replayed up to today; no live events (--no-live) · " + sent;
    }
    return String.format(
        "live since %s · %s events/s stamped with the wall clock · %,d live · %s",
        ConsoleText.WHEN.format(liveSince.atZone(zone)),
        BigDecimal.valueOf(liveRate).stripTrailingZeros().toPlainString(),
        live.given(),
        sent);
  }

  /**
   * The causes the console times: a cancellation request, a declined card (whose notice the
   * built-in policy's quiet hours may hold).
   */
  private static void watch(
      List<GeneratedEvent> events, Instant sentAt, OutputLag lag, ZoneId zone) {
    for (GeneratedEvent event : events) {
      if (event.record() instanceof SubscriptionEvent s
          && s.getEventType() == SubscriptionEventType.CANCELLATION_REQUESTED) {
        lag.sent(
            OutputLag.Cause.CANCELLATION_REQUESTED, event.customerId(), event.eventTime(), sentAt);
      } else if (event.record() instanceof PaymentEvent p
          && p.getEventType() == PaymentEventType.PAYMENT_FAILED) {
        Instant sendAt =
            QuietHours.sendAt(event.eventTime(), PolicyParser.builtIn().messages(), zone);
        lag.sent(
            OutputLag.Cause.PAYMENT_FAILED,
            event.customerId(),
            event.eventTime(),
            sentAt,
            sendAt.isAfter(event.eventTime()) ? sendAt : null);
      }
    }
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
