package io.carteira.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.carteira.cli.OutputLag.Cause;
import io.carteira.cli.OutputLag.Output;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class OutputLagTest {

  private static final Instant T = Instant.parse("2026-12-05T17:02:03.000Z");
  private final OutputLag lag = new OutputLag(ZoneId.of("America/Sao_Paulo"));

  @Test
  void eachOutputIsAsFarBehindAsItsFreshestRecordWasWhenRead() {
    assertThat(lag.line(T)).isEqualTo("no output read yet");
    lag.read(Output.NOTICES, T.minusMillis(1500), T);
    lag.read(Output.SNAPSHOTS, T.minusMillis(400), T);
    lag.read(Output.SNAPSHOTS, T.minusSeconds(30), T);
    lag.read(Output.ALERTS, T.minusMillis(650), T);
    assertThat(lag.line(T.plusSeconds(1)))
        .isEqualTo("snapshots 0.4 s behind · alerts 0.7 s · notices 1.5 s");
  }

  @Test
  void aReplayedHistoryIsDaysBehind_andAnOutputNotReadForAWhileSaysSince() {
    lag.read(Output.SNAPSHOTS, T.minus(Duration.ofDays(32)), T);
    lag.read(Output.METRICS, T.minus(Duration.ofHours(7)), T);
    assertThat(lag.line(T.plusSeconds(15)))
        .isEqualTo("snapshots 32 days behind (read 15 s ago) · metrics 7 h (read 15 s ago)");
  }

  @Test
  void aCancellationRequestIsAnsweredByTheCustomersAlert() {
    Instant sent = T.plusMillis(20);
    lag.sent(Cause.CANCELLATION_REQUESTED, "cus-00042", T, sent);
    assertThat(lag.causes(T.plusSeconds(3)))
        .containsExactly("cus-00042 asked to cancel at 14:02:03 → no risk alert yet (3.0 s)");
    lag.alertRead("cus-00007", "CANCELLATION_REQUESTED", T.plusMillis(500), T.plusSeconds(1));
    lag.alertRead("cus-00042", "USAGE_COLLAPSE", T.plusMillis(500), T.plusSeconds(1));
    lag.alertRead("cus-00042", "CANCELLATION_REQUESTED", T.minusSeconds(60), T.plusSeconds(1));
    assertThat(lag.causes(T.plusSeconds(3))).first().asString().contains("no risk alert yet");
    lag.alertRead("cus-00042", "CANCELLATION_REQUESTED", T.plusMillis(400), sent.plusMillis(1100));
    lag.alertRead("cus-00042", "CANCELLATION_REQUESTED", T.plusSeconds(90), T.plusSeconds(91));
    assertThat(lag.causes(T.plusSeconds(100)))
        .containsExactly("cus-00042 asked to cancel at 14:02:03 → risk alert 1.1 s later");
  }

  @Test
  void aDeclinedCardIsAnsweredByItsFailedPaymentNotice_theLatestCauseIsWatched() {
    lag.sent(Cause.PAYMENT_FAILED, "cus-00001", T, T);
    lag.noticeRead("cus-00001", "RETRY_SCHEDULED", T, T.plusMillis(900));
    lag.noticeRead("cus-00001", "PAYMENT_FAILED_NOTICE", T, T.plusMillis(1300));
    assertThat(lag.causes(T.plusSeconds(5)))
        .containsExactly("cus-00001 card declined at 14:02:03 → failed-payment notice 1.3 s later");
    lag.sent(Cause.PAYMENT_FAILED, "cus-00001", T.plusSeconds(30), T.plusSeconds(30));
    lag.noticeRead("cus-00001", "PAYMENT_FAILED_NOTICE", T, T.plusSeconds(31));
    assertThat(lag.causes(T.plusSeconds(32)))
        .containsExactly(
            "cus-00001 card declined at 14:02:33 → no failed-payment notice yet (2.0 s)");
  }

  @Test
  void aNoticeTheQuietHoursHoldSaysUntilWhen() {
    Instant night = Instant.parse("2026-12-06T02:00:00Z");
    lag.sent(Cause.PAYMENT_FAILED, "cus-00001", night, night, night.plus(Duration.ofHours(9)));
    assertThat(lag.causes(night.plusSeconds(5)))
        .containsExactly(
            "cus-00001 card declined at 23:00:00 → failed-payment notice held by the policy's quiet"
                + " hours until 06/12 08:00:00");
  }
}
