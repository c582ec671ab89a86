package io.carteira.bench;

import io.carteira.bench.LiveOutputs.Probe;
import io.carteira.cli.LocalRuntime;
import io.carteira.console.policy.PolicyPublisher;
import io.carteira.embedded.generator.Cohort;
import io.carteira.embedded.generator.CustomerProfile;
import io.carteira.embedded.generator.EventPublisher;
import io.carteira.embedded.generator.PortfolioGenerator;
import io.carteira.jobs.CarteiraJob;
import io.carteira.jobs.JobEnvironment;
import io.carteira.jobs.config.CarteiraConfig;
import io.carteira.jobs.config.Knobs;
import io.carteira.jobs.kafka.KafkaEndpoints;
import io.carteira.schemas.PolicyDocument;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * One run of the live mode for one delivery guarantee: the job with its default settings but for a
 * checkpoint every second and that guarantee on every sink, fed with input stamped with the wall
 * clock. Two jobs, each on a fresh broker: the first loads a short history, catches up, then takes
 * live traffic at each rate in turn with the input-driven probes; the second takes a little live
 * traffic, falls silent and waits for midnight (its time zone is chosen so that local midnight
 * comes a minute after it starts) for the time-driven probes.
 */
final class LiveRun {

  static final Duration CHECKPOINT_INTERVAL = Duration.ofSeconds(1);
  static final Duration WARM_UP = Duration.ofSeconds(3);
  static final Duration CANCELLATION_EVERY = Duration.ofSeconds(2);
  static final Duration STREAK_EVERY = Duration.ofSeconds(4);
  static final Duration STREAK_STEP = Duration.ofMillis(300);

  /** The built-in policy's risk.failed_payment_streak. */
  static final int STREAK = 3;

  static final String SILENT = "silent";
  static final int SILENT_PHASE = 99;
  static final Duration MIDNIGHT_LEAD = Duration.ofSeconds(60);
  static final Duration SILENCE_BEFORE_MIDNIGHT = Duration.ofSeconds(8);
  static final Duration WAIT_AFTER_MIDNIGHT = Duration.ofSeconds(20);
  static final int DUE_PROBES = 10;

  /**
   * A rate of live traffic for {@code seconds}; a go-live phase, the first after the history, is
   * not held to the targets.
   */
  record Phase(String label, double rate, int seconds, boolean goLive) {}

  /** What one run measures. */
  record Setup(
      String delivery,
      List<Phase> phases,
      int seconds,
      int customers,
      int historyDays,
      long seed,
      int run,
      Map<String, String> knobs) {}

  /** Latency samples of one run, by phase label ({@link #SILENT} for time-driven), by probe. */
  record Outcome(
      String delivery,
      int run,
      Map<String, Map<Probe, List<Long>>> samples,
      Map<String, Map<Probe, Integer>> missing) {}

  private LiveRun() {}

  static Outcome run(Setup setup) throws Exception {
    Map<String, Map<Probe, List<Long>>> samples = new LinkedHashMap<>();
    Map<String, Map<Probe, Integer>> missing = new LinkedHashMap<>();
    rates(setup, samples, missing);
    midnight(setup, samples, missing);
    return new Outcome(setup.delivery(), setup.run(), samples, missing);
  }

  /**
   * The default segment's policy of the rates runs: the built-in one, except that an involuntary
   * precursor opens an alert whatever the customer's risk ({@code risk.open_from.involuntary} 0).
   * The streak probes' customers are healthy, and the built-in policy leaves a healthy customer's
   * failed-payment streak to the dunning ladder; the probe measures how soon an alert comes.
   */
  static final String PROBE_POLICY = "{\"risk\": {\"open_from\": {\"involuntary\": 0}}}";

  private static void publishProbePolicy(CarteiraConfig config) throws Exception {
    PolicyPublisher.Outcome outcome =
        PolicyPublisher.push(
            config,
            PolicyDocument.newBuilder()
                .setSegment("default")
                .setVersion(1)
                .setPublishedAt(Instant.now())
                .setPublishedBy("bench-live")
                .setBody(PROBE_POLICY)
                .build());
    if (!outcome.published()) {
      throw new IllegalStateException("the probes' policy was refused: " + outcome.reasons());
    }
  }

  static CarteiraConfig config(Setup setup, ZoneId zone) {
    String delivery = setup.delivery();
    CarteiraConfig.Builder config =
        CarteiraConfig.builder()
            .set(Knobs.TOPIC_PARTITIONS, "2")
            .set(Knobs.PARALLELISM, "2")
            .set(Knobs.CHECKPOINT_INTERVAL, CHECKPOINT_INTERVAL.toString())
            .set(Knobs.ZONE, zone.getId());
    for (var knob :
        List.of(
            Knobs.DELIVERY_CUSTOMER_HEALTH,
            Knobs.DELIVERY_RISK_ALERTS,
            Knobs.DELIVERY_DUNNING_ACTIONS,
            Knobs.DELIVERY_PORTFOLIO_METRICS,
            Knobs.DELIVERY_DEAD_LETTERS)) {
      config.set(knob, delivery);
    }
    setup.knobs().forEach(config::set);
    return config.build();
  }

  /**
   * A fixed offset at which local time is {@code localTime} seconds past midnight at {@code at}:
   * the business zone of a run, so that its live traffic falls outside the default quiet hours
   * (21:00–08:00) or its midnight falls where the probe wants it.
   */
  static ZoneOffset zoneWhere(Instant at, long localSecondOfDay) {
    long offset = Math.floorMod(localSecondOfDay - at.getEpochSecond(), 86_400L);
    if (offset > 18 * 3600) {
      offset -= 86_400;
    }
    return ZoneOffset.ofTotalSeconds((int) offset);
  }

  private static void rates(
      Setup setup,
      Map<String, Map<Probe, List<Long>>> samples,
      Map<String, Map<Probe, Integer>> missing)
      throws Exception {
    // local noon: the live traffic lies outside quiet hours, so failure notices go out at once
    ZoneId zone = zoneWhere(Instant.now(), 12 * 3600L);
    String label = setup.delivery() + " run " + setup.run();
    try (LocalRuntime runtime = LocalRuntime.start(config(setup, zone))) {
      publishProbePolicy(runtime.config());
      PortfolioGenerator generator =
          new PortfolioGenerator(
              setup.seed(),
              setup.customers(),
              LocalDate.now(zone).minusDays(setup.historyDays()),
              zone,
              1);
      long history = 0;
      try (EventPublisher publisher =
          new EventPublisher(LocalRuntime.destination(runtime.config()), 0, setup.seed())) {
        for (int day = 0; day < setup.historyDays(); day++) {
          var events = generator.nextDayEvents();
          publisher.publish(events);
          history += events.size();
        }
        publisher.flush();
      }
      String group = "live-rates-" + setup.delivery() + "-" + setup.run();
      JobClient client = startJob(runtime, group);
      try {
        catchUp(runtime, client, group, history, label);
        Deque<CustomerProfile> probes = probeCustomers(generator, setup);
        Set<String> reserved = new HashSet<>();
        probes.forEach(c -> reserved.add(c.customerId()));
        try (LiveOutputs outputs = new LiveOutputs(runtime, runtime.config());
            LiveTraffic traffic =
                new LiveTraffic(runtime.config(), outputs, generator, reserved, zone)) {
          traffic.everyPartitionLive();
          for (int i = 0; i < setup.phases().size(); i++) {
            phase(setup, i, traffic, probes, zone, label);
            Thread.sleep(i == setup.phases().size() - 1 ? 10_000 : 5_000);
          }
          for (int i = 0; i < setup.phases().size(); i++) {
            samples.put(setup.phases().get(i).label(), outputs.samples(i));
            missing.put(setup.phases().get(i).label(), outputs.missing(i));
          }
        }
      } finally {
        client.cancel().get();
      }
    }
  }

  private static void phase(
      Setup setup,
      int index,
      LiveTraffic traffic,
      Deque<CustomerProfile> probes,
      ZoneId zone,
      String label)
      throws InterruptedException {
    Phase phase = setup.phases().get(index);
    long start = System.nanoTime();
    long measured = start + WARM_UP.toNanos();
    long end = start + Duration.ofSeconds(phase.seconds()).toNanos();
    long[] nextCancellation = {measured};
    long[] nextStreak = {measured + Duration.ofSeconds(1).toNanos()};
    PriorityQueue<Scheduled> scheduled = new PriorityQueue<>();
    long[] shown = {0};
    Runnable probe =
        () -> {
          long now = System.nanoTime();
          if (now >= nextCancellation[0] && !probes.isEmpty()) {
            traffic.cancellationRequest(probes.poll(), index);
            nextCancellation[0] += CANCELLATION_EVERY.toNanos();
          }
          if (now >= nextStreak[0]
              && now < end - STREAK_STEP.toNanos() * (STREAK + 2)
              && !probes.isEmpty()) {
            CustomerProfile customer = probes.poll();
            String invoice = traffic.issueInvoice(customer, LocalDate.now(zone).plusDays(10));
            for (int attempt = 1; attempt <= STREAK; attempt++) {
              int a = attempt;
              scheduled.add(
                  new Scheduled(
                      now + STREAK_STEP.toNanos() * attempt,
                      () -> traffic.paymentFailed(customer, invoice, a, a == STREAK, index)));
            }
            nextStreak[0] += STREAK_EVERY.toNanos();
          }
          while (!scheduled.isEmpty() && scheduled.peek().atNanos() <= now) {
            scheduled.poll().action().run();
          }
          if (now - shown[0] > 250_000_000L) {
            shown[0] = now;
            Progress.bar(
                String.format("%s, %s", label, phase.label()),
                (now - start) / 1_000_000_000L,
                (end - start) / 1_000_000_000L);
          }
        };
    traffic.paced(phase.rate(), start, measured, -1, probe);
    traffic.paced(phase.rate(), measured, end, index, probe);
    scheduled.forEach(s -> s.action().run());
    traffic.flush();
    Progress.done(
        String.format("%s, %s: %,d events sent so far", label, phase.label(), traffic.sent()));
  }

  private record Scheduled(long atNanos, Runnable action) implements Comparable<Scheduled> {
    @Override
    public int compareTo(Scheduled other) {
      return Long.compare(atNanos, other.atNanos);
    }
  }

  /** Healthy customers, the last of the portfolio, enough for every probe of every phase. */
  private static Deque<CustomerProfile> probeCustomers(PortfolioGenerator generator, Setup setup) {
    long wanted = 0;
    for (Phase phase : setup.phases()) {
      wanted +=
          phase.seconds() / CANCELLATION_EVERY.toSeconds()
              + phase.seconds() / STREAK_EVERY.toSeconds()
              + 2;
    }
    List<CustomerProfile> healthy =
        generator.customers().stream()
            .filter(c -> generator.cohortOf(c.customerId()) == Cohort.HEALTHY)
            .toList();
    List<CustomerProfile> chosen =
        new ArrayList<>(
            healthy.subList((int) Math.max(0, healthy.size() - wanted), healthy.size()));
    return new ArrayDeque<>(chosen);
  }

  private static void midnight(
      Setup setup,
      Map<String, Map<Probe, List<Long>>> samples,
      Map<String, Map<Probe, Integer>> missing)
      throws Exception {
    Instant midnight = Instant.ofEpochSecond(Instant.now().plus(MIDNIGHT_LEAD).getEpochSecond());
    ZoneId zone = zoneWhere(midnight, 0);
    String label = setup.delivery() + " run " + setup.run() + ", midnight";
    try (LocalRuntime runtime = LocalRuntime.start(config(setup, zone))) {
      String group = "live-midnight-" + setup.delivery() + "-" + setup.run();
      JobClient client = startJob(runtime, group);
      try {
        awaitRunning(client);
        Thread.sleep(3_000);
        LocalDate today = LocalDate.ofInstant(midnight.minusSeconds(1), zone);
        PortfolioGenerator generator = new PortfolioGenerator(setup.seed(), 200, today, zone, 1);
        try (LiveOutputs outputs = new LiveOutputs(runtime, runtime.config());
            LiveTraffic traffic =
                new LiveTraffic(runtime.config(), outputs, generator, Set.of(), zone)) {
          long start = System.nanoTime();
          long quietFrom =
              start
                  + Duration.between(Instant.now(), midnight.minus(SILENCE_BEFORE_MIDNIGHT))
                      .toNanos();
          if (quietFrom - start < Duration.ofSeconds(5).toNanos()) {
            Progress.phase("  warning: the midnight job started late; its inputs may not be live");
          }
          traffic.everyPartitionLive();
          boolean[] issued = {false};
          long[] shown = {0};
          traffic.paced(
              100,
              start,
              quietFrom,
              -1,
              () -> {
                if (!issued[0] && System.nanoTime() > start + 1_000_000_000L) {
                  issued[0] = true;
                  for (int k = 1; k <= DUE_PROBES; k++) {
                    String customer = String.format("due-%02d", k);
                    traffic.start(customer, 19_900);
                    traffic.issueInvoice(customer, 19_900, today);
                    outputs.expect(LiveOutputs.dueKey(customer), Probe.DUE, SILENT_PHASE);
                    outputs.acked(LiveOutputs.dueKey(customer), midnight.toEpochMilli());
                  }
                }
                long now = System.nanoTime();
                if (now - shown[0] > 250_000_000L) {
                  shown[0] = now;
                  Progress.bar(
                      label + ", live",
                      (now - start) / 1_000_000_000L,
                      (quietFrom - start) / 1_000_000_000L);
                }
              });
          traffic.flush();
          outputs.expectEvery(
              LiveOutputs.dayCloseKey(midnight.toEpochMilli()),
              Probe.DAY_CLOSE,
              SILENT_PHASE,
              midnight.toEpochMilli());
          Progress.done(label + ": silent until midnight, " + midnight + " (zone " + zone + ")");
          Thread.sleep(
              Math.max(
                  0,
                  Duration.between(Instant.now(), midnight.plus(WAIT_AFTER_MIDNIGHT)).toMillis()));
          samples.put(SILENT, outputs.samples(SILENT_PHASE));
          missing.put(SILENT, outputs.missing(SILENT_PHASE));
        }
      } finally {
        client.cancel().get();
      }
    }
  }

  private static JobClient startJob(LocalRuntime runtime, String group) throws Exception {
    CarteiraConfig config =
        runtime.config().toBuilder()
            .set(Knobs.CONSUMER_GROUP, group)
            .set(Knobs.CHECKPOINT_DIR, Files.createTempDirectory("bench-live").toUri().toString())
            .build();
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.createLocalEnvironment(
            2, JobEnvironment.localFlinkConfiguration(config));
    CarteiraJob.assemble(
        env, KafkaEndpoints.inputs(config), KafkaEndpoints.outputs(config), config);
    return env.executeAsync("bench-" + group);
  }

  private static void awaitRunning(JobClient client) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (client.getJobStatus().get() != JobStatus.RUNNING) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the job did not start: " + client.getJobStatus().get());
      }
      Thread.sleep(100);
    }
  }

  /** Waits until the job's source has committed every history event. */
  private static void catchUp(
      LocalRuntime runtime, JobClient client, String group, long history, String label)
      throws Exception {
    try (OffsetProbe probe = new OffsetProbe(runtime.bootstrapServers(), group)) {
      long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
      long consumed = 0;
      while (consumed < history) {
        if (System.nanoTime() > deadline || client.getJobStatus().get().isGloballyTerminalState()) {
          throw new IllegalStateException(
              label + ": catching up stopped at " + consumed + " of " + history);
        }
        Thread.sleep(200);
        consumed = probe.sample();
        Progress.bar(label + ", history", consumed, history);
      }
    }
    Thread.sleep(2_000);
    Progress.done(String.format("%s: caught up with %,d history events", label, history));
  }
}
