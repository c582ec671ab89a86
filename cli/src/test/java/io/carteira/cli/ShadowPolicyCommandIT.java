package io.carteira.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.carteira.jobs.config.CarteiraConfig;
import io.carteira.jobs.kafka.Topics;
import io.carteira.jobs.support.WireProducer;
import io.carteira.schemas.AlertStatus;
import io.carteira.schemas.ChurnType;
import io.carteira.schemas.Engagement;
import io.carteira.schemas.Lifecycle;
import io.carteira.schemas.PaymentBehaviour;
import io.carteira.schemas.RiskAlert;
import io.carteira.schemas.SegmentSnapshot;
import io.carteira.schemas.Severity;
import io.carteira.schemas.ValueTier;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `carteira policy push --shadow`, `promote`, `withdraw` and `compare` against a real broker and
 * registry.
 */
class ShadowPolicyCommandIT {

  static LocalRuntime runtime;

  @BeforeAll
  static void start() throws Exception {
    runtime = LocalRuntime.start(CarteiraConfig.defaults());
  }

  @AfterAll
  static void stop() {
    runtime.close();
  }

  private static Result run(String... args) {
    String[] all = new String[args.length + 4];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--set";
    all[args.length + 1] = "kafka.bootstrap-servers=" + runtime.bootstrapServers();
    all[args.length + 2] = "--set";
    all[args.length + 3] = "schema-registry.url=" + runtime.registryUrl();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = CarteiraCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), all);
    return new Result(code, out.toString(), err.toString());
  }

  record Result(int code, String out, String err) {}

  private static Path file(Path dir, String name, long version, String policy) throws Exception {
    return Files.writeString(
        dir.resolve(name),
        "{\"segment\": \"default\", \"version\": " + version + ", \"policy\": " + policy + "}");
  }

  @Test
  void aShadowIsPushedComparedPromotedAndAnotherWithdrawn(@TempDir Path dir) throws Exception {
    Result none = run("policy", "promote", "default");
    assertThat(none.code()).isEqualTo(CarteiraCli.FAILED);
    assertThat(none.err().trim())
        .isEqualTo("carteira: error: no shadow policy is in force for default");
    Result noCompare = run("policy", "compare");
    assertThat(noCompare.code()).isEqualTo(CarteiraCli.FAILED);
    assertThat(noCompare.err().lines()).hasSize(1);
    assertThat(noCompare.err()).contains("no shadow policy was ever in force");

    assertThat(
            run("policy", "push", file(dir, "p.json", 1, "{\"grace_period_days\": 5}").toString())
                .code())
        .isZero();
    Result refused =
        run(
            "policy",
            "push",
            "--shadow",
            file(dir, "r.json", 2, "{\"grace_period_days\": 9, \"risk\": {\"silence_days\": 10}}")
                .toString());
    assertThat(refused.code()).isEqualTo(CarteiraCli.FAILED);
    assertThat(refused.err().trim())
        .isEqualTo(
            "carteira: error: policy default v2 (shadow) refused: a shadow cannot change settings"
                + " applied in customer-state, where only the live policy is evaluated:"
                + " grace_period_days, risk.silence_days");

    String candidate = "{\"grace_period_days\": 5, \"risk\": {\"failed_payment_streak\": 2}}";
    Result shadow = run("policy", "push", "--shadow", file(dir, "q.json", 3, candidate).toString());
    assertThat(shadow.code()).as(shadow.err()).isZero();
    assertThat(shadow.out())
        .startsWith("published policy default v3 (shadow) (policies, partition");
    Result live = run("policy", "push", file(dir, "p4.json", 4, "{}").toString());
    assertThat(live.code()).isEqualTo(CarteiraCli.FAILED);
    assertThat(live.err()).contains("shadow v3 is in force for default: promote it");
    assertThat(run("policy", "list").out()).containsPattern("shadow: default v3 published ");

    // what the job would have written while the shadow is in force: one alert on both sides, and
    // one the shadow adds
    CarteiraConfig config = runtime.config();
    Topics.create(config);
    try (KafkaProducer<String, SpecificRecord> producer = WireProducer.open(config)) {
      Instant day = Instant.parse("2026-05-01T10:00:00Z");
      for (String topic : new String[] {"risk-alerts", "risk-alerts-shadow"}) {
        producer.send(new ProducerRecord<>(topic, "c1", alert("c1", day)));
      }
      producer.send(new ProducerRecord<>("risk-alerts-shadow", "c2", alert("c2", day)));
      producer.flush();
    }
    Result compared = run("policy", "compare");
    assertThat(compared.code()).as(compared.err()).isZero();
    assertThat(compared.out())
        .contains("(the shadow in force)")
        .containsPattern("FAILED_PAYMENT_STREAK OPEN +1 +2 +1 +0 +0")
        .contains("(none on either side)"); // no dunning actions

    Result promoted = run("policy", "promote", "default");
    assertThat(promoted.code()).as(promoted.err()).isZero();
    assertThat(promoted.out()).startsWith("published policy default v3 (policies, partition");
    assertThat(run("policy", "list").out())
        .containsPattern("default +3 ")
        .doesNotContain("shadow:");

    assertThat(
            run("policy", "push", "--shadow", file(dir, "s.json", 5, candidate).toString()).code())
        .isZero();
    Result withdrawn = run("policy", "withdraw", "default");
    assertThat(withdrawn.code()).as(withdrawn.err()).isZero();
    assertThat(withdrawn.out()).startsWith("published policy default v5 (withdrawn) (policies,");
    assertThat(run("policy", "list").out())
        .containsPattern("default +3 ")
        .doesNotContain("shadow:");
    Result unknown = run("policy", "withdraw", "enterprise");
    assertThat(unknown.code()).isEqualTo(CarteiraCli.FAILED);
    assertThat(unknown.err()).contains("unknown segment 'enterprise'");
  }

  private static RiskAlert alert(String customer, Instant at) {
    return RiskAlert.newBuilder()
        .setAlertId(customer + "-streak")
        .setCustomerId(customer)
        .setPattern("FAILED_PAYMENT_STREAK")
        .setChurnType(ChurnType.INVOLUNTARY)
        .setSeverity(Severity.HIGH)
        .setRiskScore(70)
        .setStatus(AlertStatus.OPEN)
        .setMrrAtRiskMinor(10_000)
        .setCurrency("BRL")
        .setSegment(
            SegmentSnapshot.newBuilder()
                .setValueTier(ValueTier.KEY_ACCOUNT)
                .setPaymentBehaviour(PaymentBehaviour.PUNCTUAL)
                .setEngagement(Engagement.HIGH)
                .setLifecycle(Lifecycle.ACTIVE)
                .build())
        .setRecommendedAction("call")
        .setPolicyVersion(3)
        .setEventTime(at)
        .setDetectedAt(at)
        .build();
  }
}
