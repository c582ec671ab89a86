package io.carteira.jobs.graph;

import static org.assertj.core.api.Assertions.assertThat;

import io.carteira.embedded.generator.Cohort;
import io.carteira.embedded.generator.CustomerProfile;
import io.carteira.embedded.generator.EventPublisher;
import io.carteira.embedded.generator.GeneratedEvent;
import io.carteira.embedded.generator.PortfolioGenerator;
import io.carteira.embedded.serde.AvroWireKafkaSerializer;
import io.carteira.jobs.CarteiraJob;
import io.carteira.jobs.JobEnvironment;
import io.carteira.jobs.config.CarteiraConfig;
import io.carteira.jobs.config.Knobs;
import io.carteira.jobs.kafka.KafkaEndpoints;
import io.carteira.jobs.support.Drain;
import io.carteira.jobs.support.MiniClusters;
import io.carteira.jobs.support.OracleComparison;
import io.carteira.jobs.support.PortfolioOracle;
import io.carteira.jobs.support.TestRuntime;
import io.carteira.jobs.support.Timeline;
import io.carteira.schemas.AlertStatus;
import io.carteira.schemas.ChurnType;
import io.carteira.schemas.CustomerHealth;
import io.carteira.schemas.DeadLetter;
import io.carteira.schemas.DeadLetterKind;
import io.carteira.schemas.DunningAction;
import io.carteira.schemas.DunningActionType;
import io.carteira.schemas.HealthBand;
import io.carteira.schemas.Lifecycle;
import io.carteira.schemas.MetricWindow;
import io.carteira.schemas.PaymentBehaviour;
import io.carteira.schemas.PaymentEvent;
import io.carteira.schemas.PaymentEventType;
import io.carteira.schemas.PaymentMethod;
import io.carteira.schemas.PolicyDocument;
import io.carteira.schemas.PortfolioMetric;
import io.carteira.schemas.PortfolioStatus;
import io.carteira.schemas.RiskAlert;
import io.carteira.schemas.SubscriptionEvent;
import io.carteira.schemas.SubscriptionEventType;
import io.carteira.schemas.ValueTier;
import io.carteira.schemas.registry.HttpSchemaRegistryClient;
import io.carteira.schemas.wire.AvroWireDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The real job graph on a MiniCluster (parallelism 2, RocksDB, exactly-once Kafka sinks) with an
 * in-process KRaft broker and the registry over HTTP: a generated portfolio plus hand-made
 * customers and malformed records in, customer-health and dead-letters out, read read_committed.
 */
class CarteiraJobGraphIT {

  @RegisterExtension static final MiniClusterExtension FLINK = MiniClusters.twoSlots();

  static final int DAYS = 120;
  static final PortfolioGenerator GENERATOR = new PortfolioGenerator(7, 60);
  static final Timeline TIMELINE = new Timeline(PortfolioGenerator.DEFAULT_START);

  static TestRuntime runtime;
  static CarteiraConfig config;
  static final List<Injected> injected = new ArrayList<>();
  static Map<String, CustomerHealth> latest;
  static Map<String, List<CustomerHealth>> history;
  static List<DeadLetter> deadLetters;
  static List<RiskAlert> alerts = List.of();
  static final Map<String, Instant> cancelledAt = new HashMap<>();
  static final Map<String, Instant> invoicePaidAt = new HashMap<>();
  static List<DunningAction> actions = List.of();
  static List<PortfolioMetric> metrics = List.of();
  static List<GeneratedEvent> published = List.of();

  /** A malformed record written to an input topic, and the dead letter it must become. */
  record Injected(DeadLetterKind kind, String topic, int partition, long offset, byte[] value) {}

  static final Timeline.Customer PUNCTUAL =
      TIMELINE
          .customer("hand-punctual")
          .starts(2, "profissional", 29_900)
          .invoice(2, "inv-p1", 29_900, 9)
          .logsIn(5)
          .pays(8, "inv-p1", 29_900)
          .logsIn(DAYS - 3);
  static final Timeline.Customer OVERDUE =
      TIMELINE
          .customer("hand-overdue")
          .starts(3, "empresarial", 99_000)
          .invoice(30, "inv-o1", 50_000, 37)
          .logsIn(40);
  static final Timeline.Customer PARTIAL_TWICE =
      TIMELINE
          .customer("hand-duplicate")
          .starts(4, "essencial", 9_900)
          .invoice(10, "inv-d1", 10_000, 17)
          .pays(12, "inv-d1", 4_000)
          .repeatsLastEvent();
  static final Timeline.Customer CHURNED =
      TIMELINE.customer("hand-churned").starts(5, "essencial", 9_900).logsIn(6).cancels(50);
  static final Timeline.Customer PROSPECT = TIMELINE.customer("hand-prospect").profileOnly(20);

  @BeforeAll
  static void runTheJob() throws Exception {
    runtime =
        TestRuntime.start(
            CarteiraConfig.builder()
                .set(Knobs.TOPIC_PARTITIONS, "2")
                .set(Knobs.PARALLELISM, "2")
                .set(Knobs.CHECKPOINT_INTERVAL, "1s")
                .set(Knobs.IDLENESS, "1s")
                .build());
    config = runtime.config();
    keepEverySnapshot();

    List<GeneratedEvent> events = new ArrayList<>();
    for (int day = 0; day < DAYS; day++) {
      events.addAll(GENERATOR.nextDayEvents());
    }
    for (GeneratedEvent event : events) {
      if (event.record() instanceof SubscriptionEvent sub
          && sub.getEventType() == SubscriptionEventType.CANCELLED) {
        cancelledAt.put(event.customerId(), event.eventTime());
      }
      if (event.record() instanceof PaymentEvent payment
          && payment.getEventType() == PaymentEventType.PAYMENT_SUCCEEDED) {
        invoicePaidAt.put(
            payment.getInvoiceId(), payment.getEventTime()); // the generator pays invoices in full
      }
    }
    events.addAll(TIMELINE.events());
    events.sort((a, b) -> a.eventTime().compareTo(b.eventTime()));
    published = List.copyOf(events);
    publishPolicies();

    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.getExecutionEnvironment(
            JobEnvironment.flinkConfiguration(config));
    CarteiraJob.assemble(
        env, KafkaEndpoints.inputs(config), KafkaEndpoints.outputs(config), config);
    JobClient job = env.executeAsync("carteira-graph-test");
    try {
      // the portfolio arrives as it happens, a simulated day every 80 ms, as in production: a
      // customer's events reach the job in time order across the three topics (see the README
      // on replays of a backlog)
      Map<LocalDate, List<GeneratedEvent>> byDay = new TreeMap<>();
      for (GeneratedEvent event : events) {
        byDay
            .computeIfAbsent(
                event.eventTime().atZone(ZoneOffset.UTC).toLocalDate(), d -> new ArrayList<>())
            .add(event);
      }
      try (EventPublisher publisher = new EventPublisher(TestRuntime.destination(config), 0, 1)) {
        for (List<GeneratedEvent> day : byDay.values()) {
          publisher.publish(day);
          publisher.flush();
          Thread.sleep(80);
        }
      }
      injectMalformed();
      // the production (unbounded) source: the watermark ends 10 minutes behind the last event, so
      // the overdue customer's daily timer has aged it to the last simulated day
      awaitOutputs(
          () ->
              latest.containsKey(OVERDUE.id())
                  && latest.get(OVERDUE.id()).getDaysPastDue() == EXPECTED_DAYS_PAST_DUE);
      // written now, with a time from the portfolio's first week: far behind the watermark
      inject(
          DeadLetterKind.LATE,
          "payments",
          "hand-overdue",
          encode("payments", payment("late-one", "hand-overdue", 500L, "BRL")));
      awaitOutputs(() -> deadLetters.size() >= injected.size());
      Thread.sleep(3_000); // two more checkpoints: anything unexpected would be committed by now
    } finally {
      job.cancel().get();
    }
    readOutputs();
  }

  static final int EXPECTED_DAYS_PAST_DUE =
      (int) ChronoUnit.DAYS.between(TIMELINE.date(37), TIMELINE.date(DAYS - 1));

  private static void awaitOutputs(BooleanSupplier done) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    do {
      readOutputs();
      if (done.getAsBoolean()) {
        return;
      }
      Thread.sleep(500);
    } while (System.nanoTime() < deadline);
    throw new AssertionError("the job did not produce the expected outputs within 120 s");
  }

  private static void readOutputs() {
    HttpSchemaRegistryClient registry =
        new HttpSchemaRegistryClient(config.get(Knobs.SCHEMA_REGISTRY_URL));
    AvroWireDecoder<CustomerHealth> healthDecoder =
        new AvroWireDecoder<>(CustomerHealth.class, registry);
    Map<String, List<CustomerHealth>> readHistory = new HashMap<>();
    Map<String, CustomerHealth> readLatest = new HashMap<>();
    for (ConsumerRecord<byte[], byte[]> record :
        Drain.committed(runtime.bootstrapServers(), "customer-health")) {
      CustomerHealth health = healthDecoder.decode(record.value()).record();
      assertThat(new String(record.key(), StandardCharsets.UTF_8))
          .isEqualTo(health.getCustomerId());
      readHistory.computeIfAbsent(health.getCustomerId(), k -> new ArrayList<>()).add(health);
      readLatest.put(health.getCustomerId(), health);
    }
    AvroWireDecoder<DeadLetter> deadLetterDecoder =
        new AvroWireDecoder<>(DeadLetter.class, registry);
    List<DeadLetter> readDeadLetters =
        Drain.committed(runtime.bootstrapServers(), "dead-letters").stream()
            .map(r -> deadLetterDecoder.decode(r.value()).record())
            .collect(Collectors.toList());
    AvroWireDecoder<RiskAlert> alertDecoder = new AvroWireDecoder<>(RiskAlert.class, registry);
    alerts =
        Drain.committed(runtime.bootstrapServers(), "risk-alerts").stream()
            .map(r -> alertDecoder.decode(r.value()).record())
            .collect(Collectors.toList());
    AvroWireDecoder<DunningAction> actionDecoder =
        new AvroWireDecoder<>(DunningAction.class, registry);
    actions =
        Drain.committed(runtime.bootstrapServers(), "dunning-actions").stream()
            .map(r -> actionDecoder.decode(r.value()).record())
            .collect(Collectors.toList());
    AvroWireDecoder<PortfolioMetric> metricDecoder =
        new AvroWireDecoder<>(PortfolioMetric.class, registry);
    metrics =
        Drain.committed(runtime.bootstrapServers(), "portfolio-metrics").stream()
            .map(r -> metricDecoder.decode(r.value()).record())
            .collect(Collectors.toList());
    history = readHistory;
    latest = readLatest;
    deadLetters = readDeadLetters;
  }

  @AfterAll
  static void stop() {
    if (runtime != null) {
      runtime.close();
    }
  }

  @Test
  void aPunctualCustomerIsHealthyAndOwesNothing() {
    CustomerHealth health = latest.get(PUNCTUAL.id());
    assertThat(health.getPlanId()).isEqualTo("profissional");
    assertThat(health.getMrrMinor()).isEqualTo(29_900);
    assertThat(health.getOpenBalanceMinor()).isZero();
    assertThat(health.getOpenInvoices()).isZero();
    assertThat(health.getDaysPastDue()).isZero();
    assertThat(health.getPaymentPunctuality()).isEqualTo(1.0);
    assertThat(health.getLifecycle()).isEqualTo(Lifecycle.ACTIVE);
    assertThat(health.getPortfolioStatus()).isEqualTo(PortfolioStatus.ACTIVE);
    assertThat(health.getHealthBand()).isEqualTo(HealthBand.HEALTHY);
    assertThat(health.getLastActivityAt()).isEqualTo(TIMELINE.at(DAYS - 3, 10).plusSeconds(4));
    assertThat(health.getAccountOwner()).isEqualTo("owner@carteira.example");
  }

  @Test
  void anUnpaidInvoiceAgesDayByDayByTimer() {
    CustomerHealth health = latest.get(OVERDUE.id());
    // the customer's last event is on day 40; every later snapshot comes from its timer
    assertThat(health.getLastEventId()).startsWith("timer:");
    assertThat(health.getDaysPastDue()).isEqualTo(EXPECTED_DAYS_PAST_DUE);
    assertThat(health.getAsOf())
        .isEqualTo(TIMELINE.date(DAYS - 1).atStartOfDay(Timeline.ZONE).toInstant());
    assertThat(health.getOpenBalanceMinor()).isEqualTo(50_000);
    assertThat(health.getOpenInvoices()).isEqualTo(1);
    assertThat(health.getLifecycle()).isEqualTo(Lifecycle.PAST_DUE);
    assertThat(health.getSegment().getPaymentBehaviour()).isEqualTo(PaymentBehaviour.DELINQUENT);
    assertThat(health.getContributions())
        .anySatisfy(
            c -> {
              assertThat(c.getName()).isEqualTo("days_past_due");
              assertThat(c.getDetail()).isEqualTo(EXPECTED_DAYS_PAST_DUE + " days past due");
            });
    // other things change with time too (days without activity), so a day may have several
    // snapshots
    List<Integer> aging =
        history.get(OVERDUE.id()).stream()
            .map(CustomerHealth::getDaysPastDue)
            .filter(d -> d >= 3)
            .toList();
    assertThat(aging).isSorted();
    List<Integer> everyDay = IntStream.rangeClosed(3, EXPECTED_DAYS_PAST_DUE).boxed().toList();
    assertThat(aging.stream().distinct().toList()).isEqualTo(everyDay);
  }

  @Test
  void aDuplicatedPaymentIsCountedOnce() {
    CustomerHealth health = latest.get(PARTIAL_TWICE.id());
    assertThat(health.getOpenBalanceMinor()).isEqualTo(6_000);
    assertThat(health.getOpenInvoices()).isEqualTo(1);
  }

  @Test
  void aCancelledCustomerIsInactive() {
    CustomerHealth health = latest.get(CHURNED.id());
    assertThat(health.getLifecycle()).isEqualTo(Lifecycle.CHURNED);
    assertThat(health.getPortfolioStatus()).isEqualTo(PortfolioStatus.INACTIVE);
    assertThat(health.getMrrMinor()).isZero();
    assertThat(health.getHealthBand()).isEqualTo(HealthBand.CRITICAL);
  }

  @Test
  void aProfileWithoutASubscriptionIsAProspect() {
    CustomerHealth health = latest.get(PROSPECT.id());
    assertThat(health.getLifecycle()).isEqualTo(Lifecycle.PROSPECT);
    assertThat(health.getPortfolioStatus()).isEqualTo(PortfolioStatus.PROSPECT);
    assertThat(health.getCustomerName()).isEqualTo("Prospect " + PROSPECT.id());
  }

  @Test
  void everyGeneratedCustomerHasASnapshot_andChurnCohortsEndChurned() {
    for (CustomerProfile profile : GENERATOR.customers()) {
      CustomerHealth health = latest.get(profile.customerId());
      assertThat(health).as(profile.customerId()).isNotNull();
      assertThat(health.getCustomerName()).isEqualTo(profile.name());
    }
    long healthyChurned =
        GENERATOR.customers().stream()
            .filter(p -> p.cohort() == Cohort.HEALTHY)
            .filter(p -> latest.get(p.customerId()).getLifecycle() == Lifecycle.CHURNED)
            .count();
    long voluntaryChurned =
        GENERATOR.customers().stream()
            .filter(p -> p.cohort() == Cohort.VOLUNTARY_CHURN && p.driftDay() + 35 < DAYS)
            .filter(p -> latest.get(p.customerId()).getLifecycle() != Lifecycle.CHURNED)
            .count();
    assertThat(healthyChurned).isZero();
    assertThat(voluntaryChurned).isZero();
  }

  @Test
  void everyChurnCohortRaisesAnAlertOfItsChurnTypeBeforeItCancels() {
    Map<ChurnType, List<Long>> leadDays = new EnumMap<>(ChurnType.class);
    Map<ChurnType, Set<String>> alerted = new EnumMap<>(ChurnType.class);
    for (RiskAlert alert : alerts) {
      if (alert.getStatus() == AlertStatus.OPEN) {
        alerted
            .computeIfAbsent(alert.getChurnType(), t -> new TreeSet<>())
            .add(alert.getCustomerId());
      }
    }
    int churners = 0;
    for (CustomerProfile profile : GENERATOR.customers()) {
      ChurnType type =
          profile.cohort() == Cohort.VOLUNTARY_CHURN
              ? ChurnType.VOLUNTARY
              : profile.cohort() == Cohort.INVOLUNTARY_CHURN ? ChurnType.INVOLUNTARY : null;
      Instant cancelled = cancelledAt.get(profile.customerId());
      if (type == null || cancelled == null) {
        continue;
      }
      churners++;
      Optional<RiskAlert> first =
          alerts.stream()
              .filter(
                  a ->
                      a.getCustomerId().equals(profile.customerId())
                          && a.getStatus() == AlertStatus.OPEN
                          && a.getChurnType() == type)
              .min(Comparator.comparing(RiskAlert::getEventTime));
      assertThat(first)
          .as(
              "an open %s alert for %s (cancelled %s; its alerts: %s; its health: %s)",
              type,
              profile.customerId(),
              cancelled,
              alerts.stream()
                  .filter(a -> a.getCustomerId().equals(profile.customerId()))
                  .map(a -> a.getPattern() + " " + a.getStatus() + " " + a.getEventTime())
                  .toList(),
              history.get(profile.customerId()).stream()
                  .map(h -> h.getAsOf() + " dpd " + h.getDaysPastDue() + " " + h.getLifecycle())
                  .toList())
          .isPresent();
      assertThat(first.get().getEventTime())
          .as("alert before the cancellation of " + profile.customerId())
          .isBefore(cancelled);
      assertThat(first.get().getReasons()).isNotEmpty();
      assertThat(first.get().getRecommendedAction()).isNotBlank();
      leadDays
          .computeIfAbsent(type, t -> new ArrayList<>())
          .add(Duration.between(first.get().getEventTime(), cancelled).toDays());
    }
    assertThat(churners).isGreaterThan(5);
    for (ChurnType type : ChurnType.values()) {
      Set<String> flagged = alerted.getOrDefault(type, Set.of());
      Cohort cohort =
          type == ChurnType.VOLUNTARY ? Cohort.VOLUNTARY_CHURN : Cohort.INVOLUNTARY_CHURN;
      long right = flagged.stream().filter(id -> GENERATOR.cohortOf(id) == cohort).count();
      List<Long> leads = leadDays.getOrDefault(type, List.of()).stream().sorted().toList();
      System.out.printf(
          "risk alerts %s: %d customers flagged, %d of them in the %s cohort (precision %.2f);"
              + " recall 1.00 over %d churners; lead time before cancellation, days: median %s, min"
              + " %s%n",
          type,
          flagged.size(),
          right,
          cohort,
          flagged.isEmpty() ? 0.0 : (double) right / flagged.size(),
          leads.size(),
          leads.isEmpty() ? "-" : leads.get(leads.size() / 2),
          leads.isEmpty() ? "-" : leads.get(0));
    }
  }

  private static final Set<DunningActionType> LADDER =
      Set.of(
          DunningActionType.OVERDUE_REMINDER,
          DunningActionType.ESCALATION,
          DunningActionType.SUSPENSION_WARNING);

  @Test
  void delinquentCustomersClimbTheDunningLadder_andPunctualOnesNever() {
    Map<String, List<DunningAction>> byCustomer =
        actions.stream().collect(Collectors.groupingBy(DunningAction::getCustomerId));
    int climbed = 0;
    for (CustomerProfile profile : GENERATOR.customers()) {
      List<DunningAction> received = byCustomer.getOrDefault(profile.customerId(), List.of());
      List<DunningActionType> ladder =
          received.stream().map(DunningAction::getActionType).filter(LADDER::contains).toList();
      if (profile.cohort() == Cohort.HEALTHY) {
        assertThat(ladder)
            .as("overdue steps sent to punctual customer " + profile.customerId())
            .isEmpty();
      }
      Instant cancelled = cancelledAt.get(profile.customerId());
      if (profile.cohort() == Cohort.INVOLUNTARY_CHURN && cancelled != null) {
        // a customer lapsing for non-payment got the whole ladder, in order, before its
        // cancellation
        List<DunningAction> steps =
            received.stream()
                .filter(a -> LADDER.contains(a.getActionType()))
                .filter(a -> a.getScheduledFor().isBefore(cancelled))
                .toList();
        assertThat(steps)
            .extracting(DunningAction::getActionType)
            .as(
                profile.customerId()
                    + ": "
                    + received.stream()
                        .map(
                            a ->
                                a.getActionType()
                                    + " "
                                    + a.getInvoiceId()
                                    + " "
                                    + a.getScheduledFor())
                        .toList())
            .contains(
                DunningActionType.OVERDUE_REMINDER,
                DunningActionType.ESCALATION,
                DunningActionType.SUSPENSION_WARNING);
        steps.stream()
            .collect(Collectors.groupingBy(DunningAction::getInvoiceId))
            .forEach(
                (invoice, ofInvoice) ->
                    assertThat(ofInvoice)
                        .extracting(DunningAction::getDunningStep)
                        .as("steps of " + invoice)
                        .isSorted()
                        .doesNotHaveDuplicates());
        climbed++;
      }
    }
    assertThat(climbed).isGreaterThan(2);
    long latePayersReminded =
        GENERATOR.customers().stream()
            .filter(p -> p.cohort() == Cohort.LATE_PAYER)
            .filter(
                p ->
                    byCustomer.getOrDefault(p.customerId(), List.of()).stream()
                        .anyMatch(a -> a.getActionType() == DunningActionType.OVERDUE_REMINDER))
            .count();
    // not asserted: whether a late payer gets a reminder depends on how far the watermark lags the
    // payments already read (a reminder is never sent for an invoice known to be paid), and in this
    // test a sparse input partition holds the watermark back for up to its idleness
    Map<DunningActionType, Long> byType =
        actions.stream()
            .collect(
                Collectors.groupingBy(
                    DunningAction::getActionType,
                    () -> new EnumMap<>(DunningActionType.class),
                    Collectors.counting()));
    System.out.printf(
        "dunning actions: %d in all, %s; involuntary churners who climbed the ladder: %d; late"
            + " payers reminded: %d%n",
        actions.size(), byType, climbed, latePayersReminded);
  }

  @Test
  void noInvoiceActionIsScheduledAfterItsInvoiceWasPaid() {
    assertThat(actions).isNotEmpty();
    for (DunningAction action : actions) {
      Instant paid =
          action.getInvoiceId() == null ? null : invoicePaidAt.get(action.getInvoiceId());
      if (paid != null) {
        assertThat(action.getScheduledFor())
            .as(action.getActionType() + " for " + action.getInvoiceId() + ", paid " + paid)
            .isBefore(paid);
      }
    }
  }

  @Test
  void everyActionIsReadyToSend_onceEach() {
    assertThat(actions).extracting(DunningAction::getActionId).doesNotHaveDuplicates();
    assertThat(actions)
        .allSatisfy(
            a -> {
              assertThat(a.getMessage()).as(a.getActionId()).isNotBlank();
              assertThat(a.getLocale()).isEqualTo("pt-BR");
              assertThat(a.getScheduledFor()).isAfterOrEqualTo(a.getEventTime());
              int hour = a.getScheduledFor().atZone(Timeline.ZONE).getHour();
              assertThat(hour).as("outside quiet hours: " + a.getScheduledFor()).isBetween(8, 20);
            });
    // the generator's boleto and PIX invoices carry their payment reference, and their reminders
    // repeat it
    assertThat(actions)
        .filteredOn(
            a ->
                a.getActionType() == DunningActionType.PRE_DUE_REMINDER
                    && a.getCustomerId().startsWith("cus-")
                    && a.getPaymentMethod() != PaymentMethod.CARD)
        .isNotEmpty()
        .allSatisfy(a -> assertThat(a.getPaymentReference()).isNotBlank());
  }

  @Test
  void portfolioMetricsEqualTheBatchOracleToTheMinorUnit() {
    PortfolioOracle oracle = new PortfolioOracle(published, Timeline.ZONE);
    // the final records (the provisional ones of a day still open at the end have only the events
    // the watermark had passed, the oracle all)
    List<PortfolioMetric> windowed =
        OracleComparison.finals(metrics).stream()
            .filter(
                m ->
                    m.getWindowKind() == MetricWindow.DAY
                        || m.getWindowKind() == MetricWindow.MONTH
                        || m.getWindowKind() == MetricWindow.ROLLING_30_DAYS)
            .toList();
    assertThat(
            windowed.stream()
                .filter(m -> m.getWindowKind() == MetricWindow.MONTH)
                .map(PortfolioMetric::getWindowStart)
                .distinct())
        .hasSizeGreaterThanOrEqualTo(3);
    assertThat(
            windowed.stream()
                .filter(m -> m.getWindowKind() == MetricWindow.ROLLING_30_DAYS)
                .map(PortfolioMetric::getWindowStart)
                .distinct())
        .hasSizeGreaterThanOrEqualTo(60);
    int compared = OracleComparison.assertEqual(windowed, oracle, "BRL");
    // the generated portfolio exercises every family: aging, recoveries, failures, acquisition
    assertThat(windowed)
        .as("past-due receivables in the 1-15 bucket")
        .anySatisfy(
            m ->
                assertThat(
                        m.getMetric().equals("open_receivables")
                            && "1-15".equals(m.getDimensions().get("aging_bucket"))
                            && m.getValueMinor() > 0)
                    .isTrue());
    assertThat(windowed)
        .as("recoveries")
        .anySatisfy(
            m ->
                assertThat(
                        m.getMetric().equals("recovered_invoices")
                            && m.getDimensions().isEmpty()
                            && m.getValue() > 0)
                    .isTrue());
    assertThat(windowed)
        .as("failures by decline code")
        .anySatisfy(
            m ->
                assertThat(
                        m.getMetric().equals("payment_failures")
                            && m.getDimensions().containsKey("failure_code")
                            && m.getValue() > 0)
                    .isTrue());
    assertThat(windowed).as("CAC").anySatisfy(m -> assertThat(m.getMetric()).isEqualTo("cac"));
    assertThat(windowed).as("LTV").anySatisfy(m -> assertThat(m.getMetric()).isEqualTo("ltv"));
    // every window the oracle defines a rate for was streamed too (an absent rate is one with a
    // zero denominator)
    Map<String, Long> nrrMonths =
        windowed.stream()
            .filter(
                m ->
                    m.getMetric().equals("nrr")
                        && m.getWindowKind() == MetricWindow.MONTH
                        && m.getDimensions().isEmpty())
            .collect(
                Collectors.groupingBy(
                    m -> oracle.date(m.getWindowStart()).toString(), Collectors.counting()));
    assertThat(nrrMonths)
        .isNotEmpty()
        .allSatisfy((month, n) -> assertThat(n).as(month).isEqualTo(1L));
    PortfolioMetric lastMonthMrr =
        windowed.stream()
            .filter(
                m ->
                    m.getMetric().equals("mrr")
                        && m.getWindowKind() == MetricWindow.MONTH
                        && m.getDimensions().isEmpty())
            .max(Comparator.comparing(PortfolioMetric::getWindowStart))
            .orElseThrow();
    // segments: the generator's three acquisition channels (and the hand-made customers, who state
    // none) split the MRR;
    // invoices of punctual and of late payers
    List<PortfolioMetric> mrrByChannel =
        windowed.stream()
            .filter(
                m ->
                    m.getMetric().equals("mrr")
                        && m.getWindowKind() == MetricWindow.MONTH
                        && m.getWindowStart().equals(lastMonthMrr.getWindowStart())
                        && m.getDimensions().containsKey("acquisition_channel"))
            .toList();
    assertThat(mrrByChannel)
        .extracting(m -> m.getDimensions().get("acquisition_channel"))
        .containsExactlyInAnyOrder("indicação", "google_ads", "parceiro", "unknown");
    assertThat(mrrByChannel.stream().mapToLong(PortfolioMetric::getValueMinor).sum())
        .as("the channels add up to the portfolio")
        .isEqualTo(lastMonthMrr.getValueMinor());
    assertThat(windowed)
        .as("receivables by payment behaviour")
        .filteredOn(
            m ->
                m.getMetric().equals("open_receivables")
                    && m.getDimensions().containsKey("payment_behaviour")
                    && !m.getDimensions().containsKey("aging_bucket"))
        .extracting(m -> m.getDimensions().get("payment_behaviour"))
        .contains("UNKNOWN", "PUNCTUAL", "CHRONICALLY_LATE");
    System.out.printf(
        "portfolio metrics: %d day, month and rolling records equal the oracle's; MRR at the end of"
            + " %s: %d%n",
        compared, oracle.date(lastMonthMrr.getWindowStart()), lastMonthMrr.getValueMinor());
  }

  @Test
  void oneOpenRecordPerAlertEpisode_andEveryChangeNamesItsEpisode() {
    Map<String, Long> opens =
        alerts.stream()
            .filter(a -> a.getStatus() == AlertStatus.OPEN)
            .collect(Collectors.groupingBy(RiskAlert::getAlertId, Collectors.counting()));
    assertThat(opens).isNotEmpty().allSatisfy((id, n) -> assertThat(n).as(id).isEqualTo(1L));
    assertThat(alerts)
        .allSatisfy(
            a ->
                assertThat(opens)
                    .as("episode of a " + a.getStatus() + " record")
                    .containsKey(a.getAlertId()));
  }

  @Test
  void malformedRecordsBecomeExactlyTheExpectedDeadLetters() {
    assertThat(deadLetters).hasSize(injected.size());
    for (Injected expected : injected) {
      assertThat(deadLetters)
          .as(
              expected.kind()
                  + " at "
                  + expected.topic()
                  + "/"
                  + expected.partition()
                  + "@"
                  + expected.offset())
          .anySatisfy(
              d -> {
                assertThat(d.getErrorKind()).isEqualTo(expected.kind());
                assertThat(d.getSourceTopic()).isEqualTo(expected.topic());
                assertThat(d.getSourcePartition()).isEqualTo(expected.partition());
                assertThat(d.getSourceOffset()).isEqualTo(expected.offset());
                assertThat(bytes(d.getValue())).isEqualTo(expected.value());
                assertThat(d.getErrorMessage()).isNotBlank();
              });
    }
    assertThat(deadLetters.stream().map(DeadLetter::getErrorKind).collect(Collectors.toSet()))
        .isEqualTo(
            Set.of(
                DeadLetterKind.BAD_MAGIC_BYTE,
                DeadLetterKind.TRUNCATED,
                DeadLetterKind.UNKNOWN_SCHEMA_ID,
                DeadLetterKind.AVRO_DECODE,
                DeadLetterKind.KEY_MISMATCH,
                DeadLetterKind.INVALID_AMOUNT,
                DeadLetterKind.INVALID_CURRENCY,
                DeadLetterKind.LATE,
                DeadLetterKind.INVALID_POLICY,
                DeadLetterKind.STALE_POLICY));
  }

  /**
   * customer-health is compacted, and its record timestamps are event times months old, so the
   * cleaner may keep only the latest snapshot per customer at any moment. This test reads the whole
   * history, so it turns compaction off for its own run.
   */
  private static void keepEverySnapshot() throws Exception {
    Properties props = new Properties();
    props.put("bootstrap.servers", runtime.bootstrapServers());
    try (Admin admin = Admin.create(props)) {
      var topic = new ConfigResource(ConfigResource.Type.TOPIC, "customer-health");
      admin
          .incrementalAlterConfigs(
              Map.of(
                  topic,
                  List.of(
                      new AlterConfigOp(
                          new ConfigEntry("cleanup.policy", "delete"), AlterConfigOp.OpType.SET),
                      // snapshots carry their event time (months ago): with the default retention
                      // (7 days) the broker's first retention check deletes the early ones
                      new AlterConfigOp(
                          new ConfigEntry("retention.ms", "-1"), AlterConfigOp.OpType.SET))))
          .all()
          .get();
    }
  }

  /**
   * Published as any producer could, bypassing the CLI's checks: the job must refuse on its own.
   */
  private static void publishPolicies() throws Exception {
    injectPolicy(null, "default", 1, "{\"grace_period_days\": 5}");
    injectPolicy(
        DeadLetterKind.INVALID_POLICY,
        "default",
        2,
        "{\"health\": {\"bands\": {\"healthy\": 10}}}");
    injectPolicy(DeadLetterKind.STALE_POLICY, "default", 1, "{\"grace_period_days\": 9}");
  }

  private static void injectPolicy(
      DeadLetterKind expected, String segment, long version, String body) throws Exception {
    PolicyDocument document =
        PolicyDocument.newBuilder()
            .setSegment(segment)
            .setVersion(version)
            .setPublishedAt(Instant.parse("2026-01-01T00:00:00Z"))
            .setPublishedBy("test")
            .setBody(body)
            .build();
    byte[] value = encode("policies", document);
    if (expected == null) {
      Properties props = new Properties();
      props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, runtime.bootstrapServers());
      try (KafkaProducer<byte[], byte[]> producer =
          new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
        producer
            .send(new ProducerRecord<>("policies", segment.getBytes(StandardCharsets.UTF_8), value))
            .get();
      }
    } else {
      inject(expected, "policies", segment, value);
    }
  }

  @Test
  void theAcceptedPolicyIsTheOneInForce_refusedOnesChangeNothing() {
    for (Timeline.Customer c : List.of(PUNCTUAL, OVERDUE, PARTIAL_TWICE, CHURNED, PROSPECT)) {
      assertThat(latest.get(c.id()).getPolicyVersion()).as(c.id()).isEqualTo(1);
      assertThat(latest.get(c.id()).getPolicySegment()).as(c.id()).isEqualTo("default");
    }
    // grace of 5 days from policy v1: 5 days past due is not yet past due, 6 is
    List<CustomerHealth> overdue = history.get(OVERDUE.id());
    assertThat(overdue)
        .filteredOn(h -> h.getDaysPastDue() == 5)
        .allSatisfy(h -> assertThat(h.getLifecycle()).isNotEqualTo(Lifecycle.PAST_DUE));
    assertThat(overdue)
        .filteredOn(h -> h.getDaysPastDue() == 6)
        .allSatisfy(h -> assertThat(h.getLifecycle()).isEqualTo(Lifecycle.PAST_DUE));
  }

  @Test
  void valueTiersAreRankedOverTheWholePortfolio() {
    for (CustomerProfile profile : GENERATOR.customers()) {
      CustomerHealth health = latest.get(profile.customerId());
      if (health.getLifecycle() == Lifecycle.CHURNED) {
        assertThat(health.getSegment().getValueTier())
            .as(profile.customerId())
            .isEqualTo(ValueTier.UNRANKED);
      } else if (health.getMrrMinor() == CustomerProfile.Plan.CORPORATIVO.mrrMinor) {
        assertThat(health.getSegment().getValueTier())
            .as(profile.customerId())
            .isEqualTo(ValueTier.KEY_ACCOUNT);
      } else if (health.getMrrMinor() == CustomerProfile.Plan.ESSENCIAL.mrrMinor) {
        assertThat(health.getSegment().getValueTier())
            .as(profile.customerId())
            .isEqualTo(ValueTier.LONG_TAIL);
      }
    }
    assertThat(latest.get(PROSPECT.id()).getSegment().getValueTier()).isEqualTo(ValueTier.UNRANKED);
    assertThat(latest.get(PUNCTUAL.id()).getSegment().getPaymentBehaviour())
        .isEqualTo(PaymentBehaviour.PUNCTUAL);
  }

  private static void publish(List<GeneratedEvent> events) {
    try (EventPublisher publisher = new EventPublisher(TestRuntime.destination(config), 0, 1)) {
      publisher.publish(events);
      publisher.flush();
    }
  }

  private static void injectMalformed() throws Exception {
    byte[] valid = encode("payments", payment("bad-ok", "hand-punctual", 100L, "BRL"));
    byte[] unknownId = valid.clone();
    ByteBuffer.wrap(unknownId).putInt(1, 9_999);
    byte[] corrupt = Arrays.copyOf(valid, valid.length);
    Arrays.fill(corrupt, 5, corrupt.length, (byte) 0xff);

    inject(
        DeadLetterKind.BAD_MAGIC_BYTE,
        "usage",
        "hand-punctual",
        "{\"not\":\"avro\"}".getBytes(StandardCharsets.UTF_8));
    inject(DeadLetterKind.TRUNCATED, "subscriptions", "hand-punctual", new byte[] {0, 0, 0});
    inject(DeadLetterKind.UNKNOWN_SCHEMA_ID, "payments", "hand-punctual", unknownId);
    inject(DeadLetterKind.AVRO_DECODE, "payments", "hand-punctual", corrupt);
    inject(
        DeadLetterKind.KEY_MISMATCH,
        "payments",
        "someone-else",
        encode("payments", payment("bad-key", "hand-punctual", 100L, "BRL")));
    inject(
        DeadLetterKind.INVALID_AMOUNT,
        "payments",
        "hand-overdue",
        encode("payments", payment("bad-amount", "hand-overdue", -500L, "BRL")));
    inject(
        DeadLetterKind.INVALID_CURRENCY,
        "payments",
        "hand-overdue",
        encode("payments", payment("bad-currency", "hand-overdue", 500L, "REAIS")));
  }

  private static PaymentEvent payment(
      String eventId, String customerId, long amount, String currency) {
    return PaymentEvent.newBuilder()
        .setEventId(eventId)
        .setCustomerId(customerId)
        .setEventTime(TIMELINE.at(6, 12))
        .setEventType(PaymentEventType.PAYMENT_SUCCEEDED)
        .setInvoiceId("inv-x")
        .setAmountMinor(amount)
        .setCurrency(currency)
        .build();
  }

  private static byte[] encode(String topic, SpecificRecord record) {
    try (AvroWireKafkaSerializer<SpecificRecord> serializer = new AvroWireKafkaSerializer<>()) {
      serializer.configure(
          Map.of(AvroWireKafkaSerializer.REGISTRY_URL, config.get(Knobs.SCHEMA_REGISTRY_URL)),
          false);
      return serializer.serialize(topic, record);
    }
  }

  private static void inject(DeadLetterKind kind, String topic, String key, byte[] value)
      throws Exception {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, runtime.bootstrapServers());
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
      RecordMetadata sent =
          producer
              .send(
                  new ProducerRecord<>(
                      topic,
                      null,
                      Instant.now().toEpochMilli(),
                      key.getBytes(StandardCharsets.UTF_8),
                      value))
              .get();
      injected.add(new Injected(kind, topic, sent.partition(), sent.offset(), value));
    }
  }

  private static byte[] bytes(ByteBuffer buffer) {
    if (buffer == null) {
      return null;
    }
    byte[] bytes = new byte[buffer.remaining()];
    buffer.duplicate().get(bytes);
    return bytes;
  }
}
