package io.carteira.jobs.graph;

import static org.assertj.core.api.Assertions.assertThat;

import io.carteira.embedded.generator.EventPublisher;
import io.carteira.embedded.generator.GeneratedEvent;
import io.carteira.embedded.replay.AccountsReceivableDataset;
import io.carteira.embedded.replay.Dataset;
import io.carteira.embedded.replay.RavenStackDataset;
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
import io.carteira.operators.metrics.AgingBuckets;
import io.carteira.schemas.DeadLetter;
import io.carteira.schemas.MetricWindow;
import io.carteira.schemas.PortfolioMetric;
import io.carteira.schemas.registry.HttpSchemaRegistryClient;
import io.carteira.schemas.wire.AvroWireDecoder;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.commons.csv.CSVRecord;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Public data sets replayed through the real job (MiniCluster, parallelism 2, RocksDB, in-process
 * Kafka, exactly-once sinks read read_committed), the portfolio metrics compared with the batch
 * oracle on the same events, and with what the data set itself says.
 */
class DatasetReplayIT {

  @RegisterExtension static final MiniClusterExtension FLINK = MiniClusters.twoSlots();

  static final Path DATASETS = Path.of("src/test/resources/datasets");
  static final ZoneId ZONE = ZoneId.of("America/Sao_Paulo");

  @Test
  void accountsReceivable_agingAndRecoveriesEqualTheOracle_andTheDataSetsDaysLate()
      throws Exception {
    Path directory = DATASETS.resolve("ibm-accounts-receivable");
    List<GeneratedEvent> events = new AccountsReceivableDataset().events(directory, ZONE);
    assertThat(events).hasSize(2 * 2_466);
    List<PortfolioMetric> read = replay(events);
    List<PortfolioMetric> metrics = OracleComparison.finals(read);

    PortfolioOracle oracle = new PortfolioOracle(events, ZONE);
    int compared =
        OracleComparison.assertEqual(metrics, oracle, AccountsReceivableDataset.CURRENCY);
    // the day each slice left open at the end of the input: its last figures have every fact
    int open =
        OracleComparison.assertEqual(
            OracleComparison.latestProvisional(read), oracle, AccountsReceivableDataset.CURRENCY);

    // the data set's own outcome: each invoice settled DaysLate days past due, so the recoveries of
    // a month, by aging bucket, are its rows with DaysLate > 0 settled in that month
    Map<String, Long> expected = new TreeMap<>();
    long late = 0;
    for (CSVRecord row : Dataset.rows(directory.resolve(AccountsReceivableDataset.FILE))) {
      int daysLate = Integer.parseInt(row.get("DaysLate"));
      if (daysLate > 0) {
        late++;
        expected.merge(
            YearMonth.from(usDate(row.get("SettledDate"))) + " " + AgingBuckets.of(daysLate),
            1L,
            Long::sum);
      }
    }
    List<PortfolioMetric> months =
        metrics.stream().filter(m -> m.getWindowKind() == MetricWindow.MONTH).toList();
    assertThat(months.stream().map(PortfolioMetric::getWindowStart).distinct().count())
        .as("closed months")
        .isEqualTo(24);
    long recovered = 0;
    for (PortfolioMetric m : months) {
      if (m.getMetric().equals("recovered_invoices")
          && m.getDimensions().keySet().equals(Set.of("aging_bucket"))) {
        String key =
            YearMonth.from(oracle.date(m.getWindowStart()))
                + " "
                + m.getDimensions().get("aging_bucket");
        assertThat(m.getValue()).as(key).isEqualTo(expected.getOrDefault(key, 0L).doubleValue());
        recovered += m.getValue().longValue();
      }
    }
    assertThat(recovered)
        .as("late invoices settled in the closed months")
        .isGreaterThan(800)
        .isLessThanOrEqualTo(late);
    assertThat(metrics)
        .anySatisfy(
            m ->
                assertThat(
                        m.getMetric().equals("open_receivables")
                            && "31-60".equals(m.getDimensions().get("aging_bucket"))
                            && m.getValueMinor() > 0)
                    .isTrue());
    // the customers who pay late are seen as such: their later invoices count in a late segment,
    // and age there
    assertThat(metrics)
        .anySatisfy(
            m ->
                assertThat(
                        m.getMetric().equals("past_due_receivables")
                            && "CHRONICALLY_LATE".equals(m.getDimensions().get("payment_behaviour"))
                            && m.getValueMinor() > 0)
                    .isTrue());
    System.out.printf(
        "accounts receivable: %,d events, %,d final metric records and the %,d latest provisional"
            + " ones equal the oracle's; %,d of %,d late invoices recovered in the closed months,"
            + " by bucket as DaysLate says%n",
        events.size(), compared, open, recovered, late);
  }

  @Test
  void ravenStack_severalSubscriptionsPerAccount_mrrMetricsEqualTheOracle() throws Exception {
    List<GeneratedEvent> events =
        new RavenStackDataset().events(DATASETS.resolve("ravenstack-saas"), ZONE);
    List<PortfolioMetric> read = replay(events);
    List<PortfolioMetric> metrics = OracleComparison.finals(read);

    PortfolioOracle oracle = new PortfolioOracle(events, ZONE);
    int compared = OracleComparison.assertEqual(metrics, oracle, RavenStackDataset.CURRENCY);
    int open =
        OracleComparison.assertEqual(
            OracleComparison.latestProvisional(read), oracle, RavenStackDataset.CURRENCY);
    List<PortfolioMetric> months =
        metrics.stream()
            .filter(m -> m.getWindowKind() == MetricWindow.MONTH && m.getDimensions().isEmpty())
            .toList();
    assertThat(months.stream().map(PortfolioMetric::getWindowStart).distinct().count())
        .as("closed months")
        .isGreaterThanOrEqualTo(22);
    // accounts hold several subscriptions: ending one of several is a contraction, not a churn
    assertThat(sum(months, "contraction_mrr"))
        .as("contractions from subscriptions ending while others run")
        .isPositive();
    assertThat(sum(months, "churned_mrr")).isPositive();
    assertThat(sum(months, "expansion_mrr")).as("second subscriptions").isPositive();
    assertThat(sum(months, "refunded_minor")).isPositive();
    PortfolioMetric lastMrr =
        months.stream()
            .filter(m -> m.getMetric().equals("mrr"))
            .max(Comparator.comparing(PortfolioMetric::getWindowStart))
            .orElseThrow();
    // per acquisition channel (the accounts' referral_source), and the channels add up to the
    // portfolio
    List<PortfolioMetric> byChannel =
        metrics.stream()
            .filter(
                m ->
                    m.getMetric().equals("mrr")
                        && m.getWindowKind() == MetricWindow.MONTH
                        && m.getWindowStart().equals(lastMrr.getWindowStart())
                        && m.getDimensions().containsKey("acquisition_channel"))
            .toList();
    assertThat(byChannel)
        .extracting(m -> m.getDimensions().get("acquisition_channel"))
        .contains("partner", "organic", "other");
    assertThat(byChannel.stream().mapToLong(PortfolioMetric::getValueMinor).sum())
        .isEqualTo(lastMrr.getValueMinor());
    System.out.printf(
        "ravenstack: %,d events, %,d final metric records and the %,d latest provisional ones equal"
            + " the oracle's; MRR at the end of %s: %,d minor units%n",
        events.size(),
        compared,
        open,
        oracle.date(lastMrr.getWindowStart()),
        lastMrr.getValueMinor());
  }

  private static long sum(List<PortfolioMetric> metrics, String name) {
    return metrics.stream()
        .filter(m -> m.getMetric().equals(name))
        .mapToLong(PortfolioMetric::getValueMinor)
        .sum();
  }

  /**
   * Runs the job on the events from empty state to their end, and reads portfolio-metrics
   * read_committed (final and provisional records).
   */
  private static List<PortfolioMetric> replay(List<GeneratedEvent> events) throws Exception {
    try (TestRuntime runtime =
        TestRuntime.start(
            CarteiraConfig.builder()
                .set(Knobs.TOPIC_PARTITIONS, "2")
                .set(Knobs.PARALLELISM, "2")
                .set(Knobs.CHECKPOINT_INTERVAL, "1s")
                .set(Knobs.IDLENESS, "1s")
                // the latest provisional figures of the day each slice leaves open are compared too
                .set(Knobs.METRICS_PROVISIONAL, "every-day")
                .build())) {
      CarteiraConfig config = runtime.config();
      try (EventPublisher publisher = new EventPublisher(TestRuntime.destination(config), 0, 0)) {
        publisher.publish(events);
        publisher.flush();
      }
      StreamExecutionEnvironment env =
          StreamExecutionEnvironment.getExecutionEnvironment(
              JobEnvironment.flinkConfiguration(config));
      CarteiraJob.assemble(
          env, KafkaEndpoints.boundedInputs(config), KafkaEndpoints.outputs(config), config);
      env.execute("carteira-replay-test");
      HttpSchemaRegistryClient registry =
          new HttpSchemaRegistryClient(config.get(Knobs.SCHEMA_REGISTRY_URL));
      AvroWireDecoder<DeadLetter> deadLetters = new AvroWireDecoder<>(DeadLetter.class, registry);
      assertThat(Drain.committed(runtime.bootstrapServers(), "dead-letters"))
          .as("a clean data set gives no dead letters")
          .extracting(r -> deadLetters.decode(r.value()).record().getErrorMessage())
          .isEmpty();
      AvroWireDecoder<PortfolioMetric> decoder =
          new AvroWireDecoder<>(PortfolioMetric.class, registry);
      return Drain.committed(runtime.bootstrapServers(), "portfolio-metrics").stream()
          .map(r -> decoder.decode(r.value()).record())
          .toList();
    }
  }

  private static LocalDate usDate(String date) {
    return LocalDate.parse(date.trim(), DateTimeFormatter.ofPattern("M/d/yyyy"));
  }
}
