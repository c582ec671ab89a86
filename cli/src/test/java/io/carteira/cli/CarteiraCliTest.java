package io.carteira.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** CLI errors are one clear line and a non-zero exit code, never a stack trace. */
class CarteiraCliTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return CarteiraCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  @Test
  void anUnknownOptionIsAUsageError() {
    assertThat(run("demo", "--customerz", "10")).isEqualTo(CarteiraCli.USAGE);
    assertThat(err.toString())
        .startsWith("carteira: Unknown option")
        .contains("'--customerz'", "see `carteira demo --help`")
        .doesNotContain("\tat ");
    assertThat(err.toString().trim().lines()).hasSize(1);
  }

  @Test
  void aLiveRateOfNoneIsRefusedBeforeAnythingStarts() {
    assertThat(run("demo", "--live-rate", "0")).isEqualTo(CarteiraCli.FAILED);
    assertThat(err.toString().trim())
        .isEqualTo(
            "carteira: error: --customers, --days-per-second, --history-days and --live-rate must"
                + " be positive; --bad-records within 0-1");
  }

  @Test
  void anUnknownSettingIsOneLine() {
    assertThat(run("config", "--set", "kafka.bootstrap=x:9092")).isEqualTo(CarteiraCli.FAILED);
    assertThat(err.toString().trim())
        .isEqualTo(
            "carteira: error: unknown setting 'kafka.bootstrap' (see `carteira config` for the"
                + " list)");
  }

  @Test
  void aBadValueNamesTheSetting() {
    assertThat(run("config", "--set", "checkpoint.interval=soon")).isEqualTo(CarteiraCli.FAILED);
    assertThat(err.toString())
        .contains("checkpoint.interval: 'soon' is not a valid Duration")
        .doesNotContain("\tat ");
  }

  @Test
  void aTransactionTimeoutTooShortForRestartsIsRefused() {
    assertThat(run("run", "--set", "kafka.transaction-timeout=1m")).isEqualTo(CarteiraCli.FAILED);
    assertThat(err.toString().trim())
        .isEqualTo(
            "carteira: error: kafka.transaction-timeout (PT1M) must exceed checkpoint.timeout x"
                + " (checkpoint.tolerable-failures + 1) + restart.budget (PT9M)");
  }

  @Test
  void twoSinksOnOneTopicAreRefused_theyWouldShareTransactionalIds() {
    assertThat(run("run", "--set", "topics.risk-alerts=out", "--set", "topics.dunning-actions=out"))
        .isEqualTo(CarteiraCli.FAILED);
    assertThat(err.toString().trim())
        .isEqualTo(
            "carteira: error: topics.risk-alerts and topics.dunning-actions are both 'out': each"
                + " input and output needs a topic of its own (an exactly-once sink's transactional"
                + " ids are named after its topic)");
  }

  @Test
  void anOutputIntoAnInputTopicIsRefused() {
    assertThat(run("run", "--set", "topics.dead-letters=payments")).isEqualTo(CarteiraCli.FAILED);
    assertThat(err.toString())
        .contains("topics.payments and topics.dead-letters are both 'payments'")
        .doesNotContain("\tat ");
  }

  @Test
  void invalidGeneratorArgumentsAreRefused() {
    assertThat(run("generate", "--customers", "0")).isEqualTo(CarteiraCli.FAILED);
    assertThat(err.toString().trim().lines()).hasSize(1);
  }

  @Test
  void anUnknownDataSetIsOneLineNamingTheKnownOnes() {
    assertThat(run("replay", "kaggle-telco", "--from", ".")).isEqualTo(CarteiraCli.FAILED);
    assertThat(err.toString().trim())
        .isEqualTo(
            "carteira: error: unknown data set 'kaggle-telco'; known: [ibm-accounts-receivable,"
                + " ravenstack-saas, ravenstack-saas-churn, kkbox-churn-sample]");
  }

  @Test
  void aDataSetFolderWithoutItsFilesIsOneLine() {
    assertThat(run("replay", "ravenstack-saas", "--from", "no-such-folder"))
        .isEqualTo(CarteiraCli.FAILED);
    assertThat(err.toString().trim())
        .isEqualTo(
            "carteira: error: ravenstack-saas: missing no-such-folder/ravenstack_accounts.csv");
  }

  @Test
  void helpListsTheSubcommands() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString()).contains("demo", "run", "generate", "replay", "tail", "config");
  }
}
