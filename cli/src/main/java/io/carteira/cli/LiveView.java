package io.carteira.cli;

import static io.carteira.cli.ConsoleText.BOLD;
import static io.carteira.cli.ConsoleText.CLEAR;
import static io.carteira.cli.ConsoleText.DIM;
import static io.carteira.cli.ConsoleText.RESET;
import static io.carteira.cli.ConsoleText.color;
import static io.carteira.cli.ConsoleText.counts;
import static io.carteira.cli.ConsoleText.label;
import static io.carteira.cli.ConsoleText.totalMrr;
import static io.carteira.cli.ConsoleText.why;

import io.carteira.cli.OutputLag.Output;
import io.carteira.console.read.OutputReader;
import io.carteira.console.read.StartPosition;
import io.carteira.jobs.config.CarteiraConfig;
import io.carteira.jobs.config.Knobs;
import io.carteira.schemas.CustomerHealth;
import io.carteira.schemas.DeadLetter;
import io.carteira.schemas.DunningAction;
import io.carteira.schemas.HealthBand;
import io.carteira.schemas.Lifecycle;
import io.carteira.schemas.PortfolioMetric;
import io.carteira.schemas.PortfolioStatus;
import io.carteira.schemas.RiskAlert;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.function.Supplier;

/**
 * The demo's terminal view ({@code --plain}): reads the outputs through the same {@link
 * OutputReader} as the web console (read_committed, as any downstream service would) and redraws
 * the live portfolio once a second.
 */
final class LiveView implements AutoCloseable {

  private final LivePortfolio portfolio = new LivePortfolio();
  private final OutputReader reader;
  private final AlertsPanel alerts;
  private final OutputLag lag;
  private final LiveMetrics metrics = new LiveMetrics("BRL");
  private final MetricsPanel metricsPanel;
  private final PrintStream out;
  private final boolean ansi;
  private final String header;
  private final ZoneId zone;

  LiveView(CarteiraConfig config, PrintStream out, boolean ansi, String header) {
    this.reader = new OutputReader(config, StartPosition.beginning(), false);
    this.out = out;
    this.ansi = ansi;
    this.header = header;
    this.zone = config.get(Knobs.ZONE);
    this.metricsPanel = new MetricsPanel(metrics, zone);
    this.alerts = new AlertsPanel(zone);
    this.lag = new OutputLag(zone);
  }

  /** How far behind real time the outputs read are. */
  OutputLag lag() {
    return lag;
  }

  /** Reads what arrived for up to {@code budget}. */
  void poll(Duration budget) {
    reader.poll(budget, listener);
  }

  private final OutputReader.Listener listener =
      new OutputReader.Listener() {
        @Override
        public void health(CustomerHealth health, byte[] wire, Instant readAt) {
          portfolio.apply(health);
          lag.read(Output.SNAPSHOTS, health.getAsOf(), readAt);
        }

        @Override
        public void alert(RiskAlert alert, Instant readAt) {
          alerts.apply(alert);
          lag.read(Output.ALERTS, alert.getEventTime(), readAt);
          lag.alertRead(alert.getCustomerId(), alert.getPattern(), alert.getEventTime(), readAt);
        }

        @Override
        public void metric(PortfolioMetric metric, Instant written, Instant readAt) {
          metrics.apply(metric);
          // a closed window describes its end; the open day, the moment it was written
          Instant end = metric.getWindowEnd();
          lag.read(Output.METRICS, end.isBefore(written) ? end : written, readAt);
        }

        @Override
        public void action(DunningAction action, Instant readAt) {
          alerts.apply(action);
          lag.read(Output.NOTICES, action.getEventTime(), readAt);
          lag.noticeRead(
              action.getCustomerId(), action.getActionType().name(), action.getEventTime(), readAt);
        }

        @Override
        public void deadLetter(DeadLetter deadLetter, Instant readAt) {
          portfolio.apply(deadLetter);
        }
      };

  long snapshots() {
    return portfolio.summary().snapshots();
  }

  void render(Supplier<String> status) {
    LivePortfolio.Summary s = portfolio.summary();
    if (!ansi) {
      String asOf =
          s.latestAsOf().getEpochSecond() == 0
              ? "no snapshot yet"
              : ConsoleText.WHEN.format(s.latestAsOf().atZone(zone));
      out.printf(
          "[%s] %s · outputs: %s · customers %,d · snapshots %,d · dead letters %,d · MRR %s ·"
              + " past due %,d · open %s · %s · %s%n",
          asOf,
          status.get(),
          lag.line(Instant.now()),
          s.customers(),
          s.snapshots(),
          s.deadLetterCount(),
          Money.brl(totalMrr(s)),
          s.byLifecycle().getOrDefault(Lifecycle.PAST_DUE, 0L),
          Money.brl(s.openBalance()),
          alerts.line(),
          metricsPanel.line());
      out.flush();
      return;
    }
    StringBuilder b = new StringBuilder(CLEAR);
    b.append(BOLD)
        .append("Carteira — live portfolio")
        .append(RESET)
        .append("   ")
        .append(
            s.latestAsOf().getEpochSecond() == 0
                ? "waiting for the first checkpoint…"
                : "as of " + ConsoleText.WHEN.format(s.latestAsOf().atZone(zone)))
        .append('\n')
        .append(DIM)
        .append(header)
        .append(RESET)
        .append("\n\n");

    b.append(BOLD)
        .append(String.format("%-22s %10s %18s%n", "PORTFOLIO", "customers", "MRR"))
        .append(RESET);
    for (PortfolioStatus status1 : PortfolioStatus.values()) {
      long[] v = s.byStatus().getOrDefault(status1, new long[2]);
      b.append(
          String.format(
              "  %-20s %,10d %18s%n",
              label(status1),
              v[0],
              status1 == PortfolioStatus.INACTIVE || status1 == PortfolioStatus.PROSPECT
                  ? "–"
                  : Money.brl(v[1])));
    }
    b.append(
        String.format("  %-20s %,10d %18s%n%n", "total", s.customers(), Money.brl(totalMrr(s))));

    b.append(BOLD).append("LIFECYCLE  ").append(RESET);
    for (Lifecycle lifecycle : Lifecycle.values()) {
      b.append(lifecycle.name().toLowerCase().replace('_', ' '))
          .append(' ')
          .append(String.format("%,d", s.byLifecycle().getOrDefault(lifecycle, 0L)))
          .append("  ");
    }
    b.append('\n').append(BOLD).append("HEALTH     ").append(RESET);
    long live = s.byBand().values().stream().mapToLong(Long::longValue).sum();
    for (HealthBand band : HealthBand.values()) {
      long n = s.byBand().getOrDefault(band, 0L);
      int bar = live == 0 ? 0 : (int) Math.round(30.0 * n / live);
      b.append(color(band))
          .append(band.name().toLowerCase().replace('_', ' '))
          .append(' ')
          .append(String.format("%,d ", n))
          .append("█".repeat(bar))
          .append(RESET)
          .append("  ");
    }
    b.append('\n').append(BOLD).append("SEGMENTS   ").append(RESET).append("value tier ");
    for (var tier : s.byTier().entrySet()) {
      b.append(tier.getKey().toLowerCase().replace('_', ' '))
          .append(' ')
          .append(String.format("%,d", tier.getValue()[0]))
          .append(" (")
          .append(Money.brl(tier.getValue()[1]))
          .append(")  ");
    }
    b.append("· expansion potential ").append(String.format("%,d", s.expansionPotential()));
    b.append('\n')
        .append("           payment ")
        .append(counts(s.byBehaviour()))
        .append(" · engagement ")
        .append(counts(s.byEngagement()));
    b.append('\n')
        .append(BOLD)
        .append("POLICIES   ")
        .append(RESET)
        .append(counts(s.policies()))
        .append(DIM)
        .append("  (./carteira policy push FILE applies a new one live)")
        .append(RESET);
    b.append("\n\n");
    metricsPanel.render(b);
    b.append(BOLD).append("AT RISK (largest MRR first)").append(RESET).append('\n');
    if (s.atRisk().isEmpty()) {
      b.append(DIM).append("  none yet").append(RESET).append('\n');
    }
    for (CustomerHealth c : s.atRisk()) {
      b.append(
          String.format(
              "  %-9s %-24s %14s  %s%3d %-8s%s %-9s %3d dpd  %s%n",
              c.getCustomerId(),
              LivePortfolio.truncate(c.getCustomerName(), 24),
              Money.brl(c.getMrrMinor()),
              color(c.getHealthBand()),
              c.getHealthScore(),
              c.getHealthBand(),
              RESET,
              c.getLifecycle(),
              c.getDaysPastDue(),
              why(c)));
    }
    b.append('\n');
    alerts.render(b);
    b.append('\n').append(BOLD).append("LATEST CHANGES").append(RESET).append('\n');
    for (String change : s.changes()) {
      b.append("  ").append(change).append('\n');
    }
    b.append('\n')
        .append(BOLD)
        .append("DEAD LETTERS")
        .append(RESET)
        .append(DIM)
        .append(" (bad input is kept, never dropped)")
        .append(RESET)
        .append('\n');
    for (DeadLetter d : s.deadLetters()) {
      b.append(
          String.format(
              "  %s/%d@%d  %-16s %s%n",
              d.getSourceTopic(),
              d.getSourcePartition(),
              d.getSourceOffset(),
              d.getErrorKind(),
              LivePortfolio.truncate(d.getErrorMessage(), 70)));
    }
    // last, so a terminal shorter than the screen still shows where the input and outputs stand
    b.append('\n')
        .append(BOLD)
        .append("NOW        ")
        .append(RESET)
        .append(status.get())
        .append(
            String.format(
                " · %,d snapshots · %,d dead letters%n", s.snapshots(), s.deadLetterCount()))
        .append("           outputs: ")
        .append(lag.line(Instant.now()))
        .append('\n');
    for (String cause : lag.causes(Instant.now())) {
      b.append("           ").append(cause).append('\n');
    }
    b.append(DIM).append("Ctrl-C stops the demo.").append(RESET).append('\n');
    out.print(b);
    out.flush();
  }

  @Override
  public void close() {
    reader.close();
  }
}
