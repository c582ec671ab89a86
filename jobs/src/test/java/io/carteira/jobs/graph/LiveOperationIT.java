package io.carteira.jobs.graph;

import static org.assertj.core.api.Assertions.assertThat;

import io.carteira.jobs.config.CarteiraConfig;
import io.carteira.jobs.config.Knobs;
import io.carteira.jobs.support.CommittedWatch;
import io.carteira.jobs.support.CommittedWatch.Seen;
import io.carteira.jobs.support.JobProgress;
import io.carteira.jobs.support.MiniClusters;
import io.carteira.jobs.support.RunOutputs;
import io.carteira.jobs.support.TestRuntime;
import io.carteira.jobs.support.WireProducer;
import io.carteira.operators.policy.PolicyParser;
import io.carteira.schemas.AlertStatus;
import io.carteira.schemas.CustomerHealth;
import io.carteira.schemas.DunningAction;
import io.carteira.schemas.DunningActionType;
import io.carteira.schemas.Lifecycle;
import io.carteira.schemas.MetricWindow;
import io.carteira.schemas.PaymentEvent;
import io.carteira.schemas.PaymentEventType;
import io.carteira.schemas.PaymentMethod;
import io.carteira.schemas.PolicyDocument;
import io.carteira.schemas.PortfolioMetric;
import io.carteira.schemas.RiskAlert;
import io.carteira.schemas.SubscriptionEvent;
import io.carteira.schemas.SubscriptionEventType;
import io.carteira.schemas.UsageEvent;
import io.carteira.schemas.UsageEventType;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.test.junit5.InjectClusterClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Live operation: the real job with the production watermark settings (no floor, idleness or CEP
 * granularity set here), exactly-once sinks committing every second, and inputs stamped with the
 * wall clock, as upstream systems write them. What a user reading the outputs {@code
 * read_committed} sees, and how soon:
 *
 * <ul>
 *   <li>a cancellation request opens its alert, a failed payment sends its notice and a new
 *       snapshot, a third failure in a row opens the failed-payment streak alert (CEP) even though
 *       it reaches the job two seconds late: each within {@link #BOUND} of the event;
 *   <li>then, with no input at all, an unpaid invoice falls due at midnight: its customer's
 *       snapshot shows it past due and its first overdue reminder goes out, both within {@link
 *       #BOUND} of that midnight on the wall clock.
 * </ul>
 *
 * <p>Dates are in {@code time.zone}: this test runs in a fixed offset chosen so that the next local
 * midnight falls {@link #MIDNIGHT_AFTER} after the job is submitted. Every step of a ladder falls
 * at a local midnight, inside the built-in quiet hours (21:00–08:00), so the test publishes a
 * policy with no quiet hours, no grace period and the first reminder one day after due: that
 * reminder is then due at the very midnight the invoice falls due. The policy lets every precursor
 * open an alert ({@code risk.open_from} 0): the streak customer is healthy, and the built-in policy
 * leaves a healthy customer's first failed-payment streak to the dunning ladder; this test is about
 * how soon an alert comes, not when one should. The latencies are printed; only the generous bound
 * is asserted.
 */
class LiveOperationIT {

  @RegisterExtension static final MiniClusterExtension FLINK = MiniClusters.twoSlots();

  private static final Duration BOUND = Duration.ofSeconds(20);
  private static final Duration MIDNIGHT_AFTER = Duration.ofSeconds(100);
  private static final String RUN = "live";
  private static final String POLICY =
      "{\"grace_period_days\": 0,"
          + " \"dunning\": {\"reminder_days_after_due\": [1, 8, 12], \"by_payment_history\": {}},"
          + " \"messages\": {\"quiet_hours\": {\"start\": \"00:00\", \"end\": \"00:00\"}},"
          + " \"risk\": {\"open_from\": 0}}";

  private static final String CANCELS = "live-cancels";
  private static final String FAILS = "live-fails";
  private static final String STREAK = "live-streak";
  private static final String AGES = "live-ages";
  private static final String PAYS = "live-pays";
  private static final List<String> CUSTOMERS = List.of(CANCELS, FAILS, STREAK, AGES, PAYS);
  private static final long MRR = 29_900L;
  private static final long NEW_MRR_TODAY = MRR * CUSTOMERS.size();

  private final List<String> latencies = new ArrayList<>();
  private int seq;

  @Test
  void liveInputsShowWithinSeconds_andTimeMovesOnWithNoInput(
      @InjectClusterClient ClusterClient<?> flink) throws Exception {
    Instant midnight = Instant.now().plus(MIDNIGHT_AFTER).truncatedTo(ChronoUnit.SECONDS);
    ZoneOffset zone = zoneWhereMidnightFallsAt(midnight);
    LocalDate dueToday = midnight.atZone(zone).toLocalDate().minusDays(1);
    LocalDate dueLater = dueToday.plusDays(10);
    Instant today = dueToday.atStartOfDay(zone).toInstant();

    try (TestRuntime runtime = MiniClusters.runtimeForTwoSlots()) {
      CarteiraConfig config =
          RunOutputs.config(runtime.config(), RUN)
              .set(Knobs.CHECKPOINT_INTERVAL, "1s")
              .set(
                  Knobs.CHECKPOINT_DIR,
                  Files.createTempDirectory("carteira-live").toUri().toString())
              .set(Knobs.ZONE, zone.getId())
              .build();
      assertProductionWatermarkSettings(config);
      assertThat(partitionsOf(CUSTOMERS, config.get(Knobs.TOPIC_PARTITIONS)))
          .as("the customers' events reach every partition of every input topic")
          .hasSize(config.get(Knobs.TOPIC_PARTITIONS));
      publishPolicy(config);

      JobClient job = RunOutputs.submit(config, RUN, source -> source);
      try (CommittedWatch watch =
          new CommittedWatch(
              config.get(Knobs.KAFKA_BOOTSTRAP),
              config.get(Knobs.SCHEMA_REGISTRY_URL),
              List.of(
                  topic("customer-health"),
                  topic("risk-alerts"),
                  topic("dunning-actions"),
                  topic("portfolio-metrics")))) {
        awaitRunning(
            new JobProgress(URI.create(flink.getWebInterfaceURL()), job.getJobID().toHexString()));

        try (KafkaProducer<String, SpecificRecord> producer = WireProducer.open(config)) {
          // the portfolio as it is today, stamped with the wall clock
          Instant lastStarted = null;
          for (String customer : CUSTOMERS) {
            lastStarted = now();
            send(producer, config, started(customer));
            send(producer, config, login(customer));
          }
          send(producer, config, invoice(CANCELS, "inv-cancels", PaymentMethod.BOLETO, dueLater));
          send(producer, config, invoice(FAILS, "inv-fails", PaymentMethod.CARD, dueLater));
          send(producer, config, invoice(STREAK, "inv-streak", PaymentMethod.CARD, dueLater));
          send(producer, config, invoice(AGES, "inv-ages", PaymentMethod.BOLETO, dueToday));
          send(producer, config, invoice(PAYS, "inv-pays", PaymentMethod.PIX, dueLater));
          send(producer, config, paid(PAYS, "inv-pays"));
          send(producer, config, failed(STREAK, "inv-streak", 1));
          send(producer, config, failed(STREAK, "inv-streak", 2));
          for (String customer : CUSTOMERS) {
            watch.await(
                topic("customer-health"),
                CustomerHealth.class,
                h -> h.getCustomerId().equals(customer),
                BOUND,
                "the first snapshot of " + customer);
          }

          Seen<PortfolioMetric> newMrr =
              watch.await(
                  topic("portfolio-metrics"),
                  PortfolioMetric.class,
                  m ->
                      isNewMrrOf(m, today)
                          && m.getProvisional()
                          && m.getValueMinor() != null
                          && m.getValueMinor() == NEW_MRR_TODAY,
                  BOUND,
                  "today's new MRR, provisional while the day is open");
          assertWithinBound(
              "subscriptions started -> today's new_mrr (provisional)", lastStarted, newMrr.at());

          SubscriptionEvent cancellation =
              subscription(CANCELS, SubscriptionEventType.CANCELLATION_REQUESTED);
          send(producer, config, cancellation);
          Seen<RiskAlert> opened =
              watch.await(
                  topic("risk-alerts"),
                  RiskAlert.class,
                  a ->
                      a.getCustomerId().equals(CANCELS)
                          && a.getPattern().equals("CANCELLATION_REQUESTED")
                          && a.getStatus() == AlertStatus.OPEN,
                  BOUND,
                  "the OPEN alert of the cancellation request");
          assertWithinBound(
              "cancellation request -> OPEN alert", cancellation.getEventTime(), opened.at());

          PaymentEvent failure = failed(FAILS, "inv-fails", 1);
          send(producer, config, failure);
          Seen<DunningAction> notice =
              watch.await(
                  topic("dunning-actions"),
                  DunningAction.class,
                  a ->
                      a.getCustomerId().equals(FAILS)
                          && a.getActionType() == DunningActionType.PAYMENT_FAILED_NOTICE
                          && a.getEventTime().equals(failure.getEventTime()),
                  BOUND,
                  "the payment-failed notice");
          assertWithinBound(
              "payment failed -> PAYMENT_FAILED_NOTICE", failure.getEventTime(), notice.at());
          Seen<CustomerHealth> afterFailure =
              watch.await(
                  topic("customer-health"),
                  CustomerHealth.class,
                  h -> failure.getEventId().equals(h.getLastEventId()),
                  BOUND,
                  "the snapshot whose last event is the failed payment");
          assertWithinBound(
              "payment failed -> its snapshot", failure.getEventTime(), afterFailure.at());

          // the third failure reaches the job 2 s after it happened (a producer's retry), later
          // than the floor's lag: it is applied at once, behind the watermark, and still counts
          PaymentEvent third = failed(STREAK, "inv-streak", 3);
          third.setEventTime(third.getEventTime().minusSeconds(2));
          Instant thirdSent = now();
          send(producer, config, third);
          Seen<RiskAlert> streak =
              watch.await(
                  topic("risk-alerts"),
                  RiskAlert.class,
                  a ->
                      a.getCustomerId().equals(STREAK)
                          && a.getPattern().equals("FAILED_PAYMENT_STREAK")
                          && a.getStatus() == AlertStatus.OPEN,
                  BOUND,
                  "the failed-payment streak alert (CEP)");
          assertWithinBound(
              "third failed payment, 2 s late -> FAILED_PAYMENT_STREAK alert",
              thirdSent,
              streak.at());
        }

        // from here on every input is silent
        Instant lastInput = Instant.now();
        assertThat(lastInput)
            .as("the live part ended before the midnight the idle part waits for")
            .isBefore(midnight.minusSeconds(5));
        System.out.printf(
            "live: inputs silent from %s; the invoice falls due at %s (%s local midnight)%n",
            lastInput, midnight, zone);

        Seen<CustomerHealth> aged =
            watch.await(
                topic("customer-health"),
                CustomerHealth.class,
                h -> h.getCustomerId().equals(AGES) && h.getDaysPastDue() >= 1,
                Duration.between(Instant.now(), midnight).plus(BOUND),
                "the snapshot showing the invoice past due");
        assertThat(aged.record().getAsOf()).isEqualTo(midnight);
        assertThat(aged.record().getDaysPastDue()).isEqualTo(1);
        assertThat(aged.record().getLifecycle()).isEqualTo(Lifecycle.PAST_DUE);
        assertThat(aged.at()).as("time does not run ahead of the wall clock").isAfter(midnight);
        assertWithinBound("midnight -> snapshot past due (no input)", midnight, aged.at());

        Seen<DunningAction> reminder =
            watch.await(
                topic("dunning-actions"),
                DunningAction.class,
                a ->
                    a.getCustomerId().equals(AGES)
                        && a.getActionType() == DunningActionType.OVERDUE_REMINDER,
                Duration.between(Instant.now(), midnight).plus(BOUND),
                "the first overdue reminder");
        assertThat(reminder.record().getInvoiceId()).isEqualTo("inv-ages");
        assertThat(reminder.record().getScheduledFor()).isEqualTo(midnight);
        assertThat(reminder.record().getDunningStep()).isEqualTo(1);
        assertThat(reminder.at()).as("not sent before its instant").isAfter(midnight);
        assertWithinBound("midnight -> OVERDUE_REMINDER (no input)", midnight, reminder.at());

        Seen<PortfolioMetric> dayClosed =
            watch.await(
                topic("portfolio-metrics"),
                PortfolioMetric.class,
                m -> isNewMrrOf(m, today) && !m.getProvisional(),
                Duration.between(Instant.now(), midnight).plus(BOUND),
                "the close of the business day");
        assertThat(dayClosed.record().getValueMinor()).isEqualTo(NEW_MRR_TODAY);
        assertThat(dayClosed.at()).as("not closed before its end").isAfter(midnight);
        assertWithinBound(
            "midnight -> the day's final new_mrr (no input)", midnight, dayClosed.at());

        System.out.println("live: today's new_mrr records as they became visible:");
        watch.seen(topic("portfolio-metrics"), PortfolioMetric.class).stream()
            .filter(m -> isNewMrrOf(m.record(), today))
            .forEach(
                m ->
                    System.out.printf(
                        "  %s %,d%s%n",
                        m.at(),
                        m.record().getValueMinor(),
                        m.record().getProvisional() ? " (provisional)" : ""));
        System.out.println("live operation, wall clock from cause to read_committed visibility:");
        latencies.forEach(line -> System.out.println("  " + line));
      } finally {
        job.cancel().get();
      }
    }
  }

  /**
   * A fixed offset whose local midnight falls at {@code midnight} (to the second): local time is
   * UTC plus the offset, so the offset is minus the instant's UTC time of day, within ±12 hours.
   */
  static ZoneOffset zoneWhereMidnightFallsAt(Instant midnight) {
    long secondOfDay = Math.floorMod(midnight.getEpochSecond(), 86_400L);
    long offset = -secondOfDay;
    if (offset < -43_200) {
      offset += 86_400;
    }
    ZoneOffset zone = ZoneOffset.ofTotalSeconds((int) offset);
    assertThat(midnight.atZone(zone).toLocalTime().toSecondOfDay()).isZero();
    return zone;
  }

  /** The portfolio-wide new MRR of the business day starting at {@code day}. */
  private static boolean isNewMrrOf(PortfolioMetric metric, Instant day) {
    return metric.getMetric().equals("new_mrr")
        && metric.getWindowKind() == MetricWindow.DAY
        && metric.getWindowStart().equals(day)
        && metric.getDimensions().isEmpty();
  }

  /** No floor, idleness or CEP granularity set for this test: the job's own defaults. */
  private static void assertProductionWatermarkSettings(CarteiraConfig config) {
    CarteiraConfig defaults = CarteiraConfig.defaults();
    assertThat(config.text(Knobs.WALL_CLOCK_FLOOR_LAG))
        .isEqualTo(defaults.text(Knobs.WALL_CLOCK_FLOOR_LAG));
    assertThat(config.text(Knobs.IDLENESS)).isEqualTo(defaults.text(Knobs.IDLENESS));
    assertThat(config.text(Knobs.CEP_WATERMARK_GRANULARITY))
        .isEqualTo(defaults.text(Knobs.CEP_WATERMARK_GRANULARITY));
    assertThat(config.text(Knobs.OUT_OF_ORDERNESS))
        .isEqualTo(defaults.text(Knobs.OUT_OF_ORDERNESS));
    assertThat(config.text(Knobs.EVENTS_ORDER)).isEqualTo(defaults.text(Knobs.EVENTS_ORDER));
  }

  private void assertWithinBound(String what, Instant cause, Instant visible) {
    Duration latency = Duration.between(cause, visible);
    latencies.add(String.format("%-62s %,6d ms", what, latency.toMillis()));
    System.out.printf("live: %s after %,d ms%n", what, latency.toMillis());
    assertThat(latency).as(what).isLessThanOrEqualTo(BOUND);
  }

  private static void awaitRunning(JobProgress progress) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
    while (!progress.running()) {
      assertThat(Instant.now()).as("the job runs").isBefore(deadline);
      Thread.sleep(100);
    }
  }

  /** The partitions the default partitioner gives the customers' keys. */
  private static Set<Integer> partitionsOf(List<String> customers, int partitions) {
    Set<Integer> used = new TreeSet<>();
    for (String customer : customers) {
      used.add(
          Utils.toPositive(Utils.murmur2(customer.getBytes(StandardCharsets.UTF_8))) % partitions);
    }
    return used;
  }

  private static void publishPolicy(CarteiraConfig config) throws Exception {
    PolicyDocument document =
        PolicyDocument.newBuilder()
            .setSegment("default")
            .setVersion(1)
            .setPublishedAt(Instant.now())
            .setPublishedBy("live-operation-test")
            .setBody(POLICY)
            .build();
    assertThat(PolicyParser.parse(document).errors()).as("the policy is valid").isEmpty();
    try (KafkaProducer<String, SpecificRecord> producer = WireProducer.open(config)) {
      producer.send(new ProducerRecord<>(config.get(Knobs.TOPIC_POLICIES), "default", document));
      producer.flush();
    }
  }

  private static String topic(String output) {
    return RUN + "-" + output;
  }

  private static void send(
      KafkaProducer<String, SpecificRecord> producer, CarteiraConfig config, SpecificRecord event)
      throws Exception {
    String topic;
    String customer;
    if (event instanceof PaymentEvent p) {
      topic = config.get(Knobs.TOPIC_PAYMENTS);
      customer = p.getCustomerId();
    } else if (event instanceof SubscriptionEvent s) {
      topic = config.get(Knobs.TOPIC_SUBSCRIPTIONS);
      customer = s.getCustomerId();
    } else {
      topic = config.get(Knobs.TOPIC_USAGE);
      customer = ((UsageEvent) event).getCustomerId();
    }
    producer.send(new ProducerRecord<>(topic, customer, event)).get();
  }

  /** The wall clock as events carry it: to the millisecond. */
  private static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MILLIS);
  }

  private String id(String customer) {
    return customer + "-e" + (++seq);
  }

  private SubscriptionEvent started(String customer) {
    SubscriptionEvent event = subscription(customer, SubscriptionEventType.STARTED);
    event.setPlanId("profissional");
    event.setMrrMinor(MRR);
    event.setCustomerName("Live " + customer);
    return event;
  }

  private SubscriptionEvent subscription(String customer, SubscriptionEventType type) {
    return SubscriptionEvent.newBuilder()
        .setEventId(id(customer))
        .setCustomerId(customer)
        .setEventTime(now())
        .setEventType(type)
        .setSubscriptionId("sub-" + customer)
        .setCurrency("BRL")
        .build();
  }

  private UsageEvent login(String customer) {
    return UsageEvent.newBuilder()
        .setEventId(id(customer))
        .setCustomerId(customer)
        .setEventTime(now())
        .setEventType(UsageEventType.LOGIN)
        .setUserId("u1")
        .build();
  }

  private PaymentEvent invoice(
      String customer, String invoice, PaymentMethod method, LocalDate due) {
    return payment(customer, PaymentEventType.INVOICE_ISSUED)
        .setInvoiceId(invoice)
        .setAmountMinor(29_900L)
        .setMethod(method)
        .setDueDate(due)
        .build();
  }

  private PaymentEvent paid(String customer, String invoice) {
    return payment(customer, PaymentEventType.PAYMENT_SUCCEEDED)
        .setInvoiceId(invoice)
        .setAmountMinor(29_900L)
        .build();
  }

  private PaymentEvent failed(String customer, String invoice, int attempt) {
    return payment(customer, PaymentEventType.PAYMENT_FAILED)
        .setInvoiceId(invoice)
        .setFailureCode("insufficient_funds")
        .setAttempt(attempt)
        .setMethod(PaymentMethod.CARD)
        .build();
  }

  private PaymentEvent.Builder payment(String customer, PaymentEventType type) {
    return PaymentEvent.newBuilder()
        .setEventId(id(customer))
        .setCustomerId(customer)
        .setEventTime(now())
        .setEventType(type)
        .setCurrency("BRL");
  }
}
