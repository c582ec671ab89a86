package io.carteira.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.carteira.console.read.StartPosition;
import io.carteira.jobs.config.CarteiraConfig;
import io.carteira.jobs.config.Knobs;
import io.carteira.jobs.support.JobProgress;
import io.carteira.jobs.support.MiniClusters;
import io.carteira.jobs.support.RunOutputs;
import io.carteira.jobs.support.TestRuntime;
import io.carteira.operators.policy.PolicyParser;
import io.carteira.schemas.PolicyDocument;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.test.junit5.InjectClusterClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The console end to end, in a real browser: the embedded broker and registry, the real job on a
 * MiniCluster, the console reading its outputs, and headless chromium driven by Selenium. Events
 * for three known customers are published stamped with the wall clock, as upstream systems write
 * them; the test then reads the pages as a person would:
 *
 * <ul>
 *   <li>the inbox shows Ana's failed-payment streak with its reason and its three failed payments
 *       as evidence;
 *   <li>Ana's page shows the score contribution of those failures (−5 each, at most −15);
 *   <li>Carla's page lists her invoice with its days past due, and Ana's with its failed attempts;
 *   <li>the portfolio shows today's MRR: the three subscriptions started, 299 + 499 + 199 reais;
 *       and the day's churn in the movements chart as two series, Davi's voluntary 99 reais and
 *       Elisa's involuntary 149 reais;
 *   <li>Bruno's cancellation request, sent while the inbox is open, appears there without a reload;
 *   <li>a bad policy upload shows every reason the job's parser gives, and publishes nothing.
 * </ul>
 *
 * It saves a screenshot of every page at 1366×768 and at a phone's 390×844 under docs/img.
 */
class ConsoleBrowserIT {

  @RegisterExtension static final MiniClusterExtension FLINK = MiniClusters.twoSlots();

  private static final String RUN = "console";
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final Path IMAGES = Path.of("..", "docs", "img");

  /** Quiet hours off, so the failure notices go out at any hour the test runs. */
  /**
   * No quiet hours; every precursor opens an alert ({@code risk.open_from} 0): Ana is healthy, and
   * the built-in policy leaves a healthy customer's first failed-payment streak to the dunning
   * ladder, where this story needs her streak in the inbox.
   */
  private static final String POLICY =
      "{\"messages\": {\"quiet_hours\": {\"start\": \"00:00\", \"end\": \"00:00\"}},"
          + " \"risk\": {\"open_from\": 0}}";

  /** Three mistakes the job's parser names one by one. */
  private static final String BAD_POLICY =
      "segment: default\n"
          + "version: 2\n"
          + "policy:\n"
          + "  grace_period_days: -3\n"
          + "  health:\n"
          + "    bands: {healthy: 40, attention: 60, at_risk: 25}\n"
          + "  risk:\n"
          + "    failed_payment_streak: 0\n";

  @Test
  void thePagesShowWhatTheJobWrote_liveInARealBrowser(@InjectClusterClient ClusterClient<?> flink)
      throws Exception {
    assertThat(Browser.CHROMEDRIVER).as("chromium-driver is installed").exists();
    try (TestRuntime runtime =
        TestRuntime.start(
            CarteiraConfig.builder()
                .set(Knobs.TOPIC_PARTITIONS, "1")
                .set(Knobs.PARALLELISM, "1")
                .build())) {
      CarteiraConfig config =
          RunOutputs.config(runtime.config(), RUN)
              .set(Knobs.CHECKPOINT_INTERVAL, "1s")
              .set(
                  Knobs.CHECKPOINT_DIR,
                  Files.createTempDirectory("carteira-console").toUri().toString())
              .set(Knobs.IDLENESS, "5s")
              .build();
      Story story = new Story(config);
      story.policy(POLICY, 1);

      JobClient job = RunOutputs.submit(config, RUN, source -> source);
      URI rest = URI.create(flink.getWebInterfaceURL());
      awaitRunning(new JobProgress(rest, job.getJobID().toHexString()));
      try (Console console =
              Console.start(
                  config,
                  new Console.Settings("127.0.0.1", 0, null, StartPosition.beginning(), rest));
          Browser browser = new Browser("http://localhost:" + console.port(), "en-US")) {
        story.begin();
        story.churns();

        // the inbox: Ana's streak, its reason and evidence
        browser.open("alerts");
        Card streak =
            browser.read(
                "article.alert[data-customer-id='cus-ana'][data-pattern='FAILED_PAYMENT_STREAK']",
                Card::of,
                WAIT);
        assertThat(streak.reasons()).contains("3 payments failed in a row, none succeeded since");
        assertThat(streak.evidence()).hasSize(3);
        assertThat(streak.evidence())
            .allSatisfy(row -> assertThat(row).contains("insufficient_funds"));
        assertThat(streak.threshold()).contains("3");
        assertThat(streak.recommended()).isNotBlank();
        assertThat(streak.history()).first().asString().startsWith("open");

        // a cancellation request while the inbox is open appears without a reload
        browser.driver.executeScript("window.__sameDocument = true");
        story.cancellationRequested("cus-bruno");
        Card cancellation =
            browser.read(
                "article.alert[data-customer-id='cus-bruno'][data-pattern='CANCELLATION_REQUESTED']",
                Card::of,
                WAIT);
        assertThat(browser.driver.executeScript("return window.__sameDocument === true"))
            .as("the alert came in over the event stream, the page was not reloaded")
            .isEqualTo(true);
        assertThat(cancellation.reasons().get(0)).startsWith("Cancellation requested");
        shoot(browser, "alerts");

        // Ana's page: the failures' contribution to her score
        browser.go("customers/cus-ana");
        assertThat(
                browser.<String>read(
                    "#contributions [data-contribution='failed_payments']",
                    e -> e.getAttribute("data-points"),
                    WAIT))
            .isEqualTo("-15");
        assertThat(browser.<String>read(".score-big", e -> e.getAttribute("data-score"), WAIT))
            .isEqualTo("85");
        browser.await(".timeline li.t-alert", WAIT);
        assertThat(
                browser.<String>read(
                    "table.invoices tr[data-invoice-id='inv-ana-1'] td.failed",
                    WebElement::getText,
                    WAIT))
            .isEqualTo("3");
        shoot(browser, "customer");

        // Carla's page: her open invoice, as the engine holds it, with its days past due
        browser.go("customers/cus-carla");
        String carlasInvoice = "table.invoices tr[data-invoice-id='inv-carla-1']";
        assertThat(
                browser.<String>read(
                    carlasInvoice, e -> e.getAttribute("data-days-past-due"), WAIT))
            .isEqualTo(String.valueOf(Story.CARLA_DAYS_PAST_DUE));
        assertThat(browser.<String>read(carlasInvoice + " td.dpd", WebElement::getText, WAIT))
            .isEqualTo(Story.CARLA_DAYS_PAST_DUE + " days past due");
        assertThat(browser.<String>read(carlasInvoice + " td.due", WebElement::getText, WAIT))
            .isEqualTo(story.today().minusDays(Story.CARLA_DAYS_PAST_DUE).toString());
        shoot(browser, "customer-invoices", "table.invoices");

        // the portfolio: today's MRR is the three subscriptions started
        browser.go("portfolio");
        assertThat(
                browser.<String>read(
                    "[data-metric='mrr'][data-value-minor='" + Story.MRR_TODAY + "'] .value",
                    WebElement::getText,
                    WAIT))
            .isEqualTo("R$997.00");
        // the day's churn, voluntary and involuntary, as two series of the movements chart
        assertThat(
                browser.<String>read(
                    "rect[data-series='voluntary_churned_mrr']",
                    e -> e.getAttribute("data-value"),
                    WAIT))
            .isEqualTo(String.valueOf(Story.VOLUNTARY_CHURN));
        assertThat(
                browser.<String>read(
                    "rect[data-series='involuntary_churned_mrr']",
                    e -> e.getAttribute("data-value"),
                    WAIT))
            .isEqualTo(String.valueOf(Story.INVOLUNTARY_CHURN));
        assertThat(
                browser.<String>read(
                    ".legend [data-series='voluntary_churned_mrr']", WebElement::getText, WAIT))
            .isEqualTo("Voluntary churn");
        assertThat(
                browser.<String>read(
                    ".legend [data-series='involuntary_churned_mrr']", WebElement::getText, WAIT))
            .isEqualTo("Involuntary churn");
        assertThat(
                browser.driver.findElements(
                    By.cssSelector(".legend [data-series='churned_mrr_unsplit']")))
            .as("all of the day's churn is split")
            .isEmpty();
        shoot(browser, "portfolio");

        // a bad policy: every reason, nothing published
        long policiesBefore = endOffset(config, config.get(Knobs.TOPIC_POLICIES));
        browser.go("policies");
        browser.await("#policy-text", WAIT);
        browser.driver.executeScript(
            "document.querySelector('#policy-text').value = arguments[0];"
                + " document.querySelector('#policy-upload').click()",
            BAD_POLICY);
        List<String> shown =
            browser.read("#policy-result ul.reasons", e -> texts(e, "li.reason"), WAIT);
        List<String> expected = PolicyParser.parse(document(BAD_POLICY)).errors();
        assertThat(expected).as("the bad policy has several mistakes").hasSizeGreaterThan(2);
        assertThat(shown).containsExactlyElementsOf(expected);
        assertThat(endOffset(config, config.get(Knobs.TOPIC_POLICIES)))
            .as("nothing was published")
            .isEqualTo(policiesBefore);
        assertThat(
                browser.<String>read(
                    "table.policies tr[data-segment='default']",
                    e -> e.getAttribute("data-version"),
                    WAIT))
            .isEqualTo("1");
        shoot(browser, "policies", "#policy-text");

        browser.go("collections");
        browser.await("article.action[data-type='PAYMENT_FAILED_NOTICE']", WAIT);
        shoot(browser, "collections");
        browser.go("engine");
        browser.await("[data-output='risk-alerts']", WAIT);
        shoot(browser, "engine");
        browser.go("glossary/nrr");
        browser.await("tr#m-nrr.target", WAIT);
        shoot(browser, "glossary", ".markdown tr.target");

        // the language switch: the same portfolio in Portuguese
        browser.go("portfolio");
        browser.await("[data-metric='mrr']", WAIT);
        new org.openqa.selenium.support.ui.Select(browser.await("#lang", WAIT))
            .selectByValue("pt-BR");
        browser.await("#nav a[href='#/alerts']", WAIT);
        assertThat(browser.<String>read("#nav a[href='#/alerts']", WebElement::getText, WAIT))
            .isEqualTo("Alertas");
        assertThat(
                browser
                    .<String>read("[data-metric='mrr'] .value", WebElement::getText, WAIT)
                    .replace('\u00a0', ' '))
            .isEqualTo("R$ 997,00");
        assertThat(
                browser.<String>read(
                    ".legend [data-series='involuntary_churned_mrr']", WebElement::getText, WAIT))
            .isEqualTo("Churn involuntário");
        assertThat(
                browser.<String>read(
                    ".legend [data-series='voluntary_churned_mrr']", WebElement::getText, WAIT))
            .isEqualTo("Churn voluntário");
        browser.screenshot(IMAGES.resolve("console-portfolio-pt.png"), 1366, 768);
      } finally {
        job.cancel().get();
      }
    }
  }

  private static void shoot(Browser browser, String page) throws Exception {
    shoot(browser, page, null);
  }

  private static void shoot(Browser browser, String page, String scrollTo) throws Exception {
    Thread.sleep(800);
    browser.screenshot(IMAGES.resolve("console-" + page + ".png"), 1366, 768, scrollTo);
    browser.screenshot(IMAGES.resolve("console-" + page + "-phone.png"), 390, 844, scrollTo);
    browser.driver.manage().window().setSize(new org.openqa.selenium.Dimension(1366, 768));
  }

  /** What an alert's card in the inbox says. */
  record Card(
      List<String> reasons,
      List<String> evidence,
      String threshold,
      String recommended,
      List<String> history) {
    static Card of(WebElement card) {
      return new Card(
          texts(card, ".reasons li"),
          texts(card, ".evidence tr"),
          card.findElement(By.cssSelector(".threshold")).getText(),
          card.findElement(By.cssSelector(".recommended")).getText(),
          texts(card, ".history li"));
    }
  }

  private static List<String> texts(WebElement in, String css) {
    return in.findElements(By.cssSelector(css)).stream().map(WebElement::getText).toList();
  }

  private static PolicyDocument document(String yaml) {
    return io.carteira.console.policy.PolicyFiles.parse(yaml, true, "test");
  }

  private static long endOffset(CarteiraConfig config, String topic) {
    try (KafkaConsumer<byte[], byte[]> consumer =
        io.carteira.console.read.TopicReading.consumer(config)) {
      TopicPartition p = new TopicPartition(topic, 0);
      Map<TopicPartition, Long> end = consumer.endOffsets(List.of(p));
      return end.get(p);
    }
  }

  private static void awaitRunning(JobProgress progress) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
    while (!progress.running()) {
      assertThat(Instant.now()).as("the job runs").isBefore(deadline);
      Thread.sleep(100);
    }
  }
}
