package io.carteira.console.model;

import static io.carteira.console.model.Records.alert;
import static io.carteira.console.model.Records.health;
import static io.carteira.console.model.Records.metric;
import static org.assertj.core.api.Assertions.assertThat;

import io.carteira.schemas.AlertStatus;
import io.carteira.schemas.HealthBand;
import io.carteira.schemas.Lifecycle;
import io.carteira.schemas.Severity;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The console's books, fed records by hand. */
class ModelTest {

  @Test
  void customers_areFoundByIdAndByAnyWordOfTheirName_andCountedAsTheyChange() {
    CustomerBook book = new CustomerBook();
    book.apply(
        health("cus-1", "Padaria Pão Quente", 10_000, Lifecycle.ACTIVE, HealthBand.HEALTHY, 90),
        new byte[0]);
    book.apply(
        health("cus-2", "Quente & Cia", 50_000, Lifecycle.PAST_DUE, HealthBand.CRITICAL, 10),
        new byte[0]);
    book.apply(
        health("cus-3", "Oficina Silva", 30_000, Lifecycle.ACTIVE, HealthBand.AT_RISK, 40),
        new byte[0]);

    assertThat(book.search("cus-", 10))
        .extracting(CustomerCard::id)
        .containsExactly("cus-1", "cus-2", "cus-3");
    assertThat(book.search("quen", 10))
        .extracting(CustomerCard::id)
        .containsExactlyInAnyOrder("cus-1", "cus-2");
    assertThat(book.search("SILVA", 10)).extracting(CustomerCard::id).containsExactly("cus-3");
    assertThat(book.search("pão quente", 10)).extracting(CustomerCard::id).containsExactly("cus-1");
    assertThat(book.atRisk(0, 10).items())
        .extracting(CustomerCard::id)
        .containsExactly("cus-2", "cus-3");

    // cus-2 pays and recovers; cus-3 churns; cus-1 renames
    book.apply(
        health("cus-2", "Quente & Cia", 50_000, Lifecycle.ACTIVE, HealthBand.HEALTHY, 80),
        new byte[0]);
    book.apply(
        health("cus-3", "Oficina Silva", 0, Lifecycle.CHURNED, HealthBand.CRITICAL, 0),
        new byte[0]);
    book.apply(
        health("cus-1", "Padaria Central", 10_000, Lifecycle.ACTIVE, HealthBand.HEALTHY, 90),
        new byte[0]);

    assertThat(book.atRisk(0, 10).total()).isZero();
    assertThat(book.search("quen", 10)).extracting(CustomerCard::id).containsExactly("cus-2");
    Map<String, long[]> status = book.tallies().get("portfolio_status");
    assertThat(status.get("ACTIVE")).containsExactly(2, 60_000);
    assertThat(status.get("INACTIVE")).containsExactly(1, 0);
    assertThat(book.tallies().get("health_band")).containsOnlyKeys("HEALTHY");
    assertThat(book.snapshots()).isEqualTo(6);
  }

  @Test
  void theInbox_putsWhatIsMostAtStakeFirst_andKeepsEachAlertsHistory() {
    AlertInbox inbox = new AlertInbox();
    inbox.apply(alert("a", "cus-1", AlertStatus.OPEN, 40, 100_000, Severity.MEDIUM)); // 4.0M
    inbox.apply(alert("b", "cus-2", AlertStatus.OPEN, 90, 10_000, Severity.CRITICAL)); // 0.9M
    inbox.apply(alert("c", "cus-3", AlertStatus.OPEN, 70, 80_000, Severity.HIGH)); // 5.6M
    assertThat(ids(inbox, new AlertInbox.Filter(null, null, null, null, null)))
        .containsExactly("c", "a", "b");
    assertThat(ids(inbox, new AlertInbox.Filter("CRITICAL", null, null, null, null)))
        .containsExactly("b");

    inbox.apply(alert("a", "cus-1", AlertStatus.ESCALATED, 60, 100_000, Severity.HIGH)); // 6.0M
    inbox.apply(alert("c", "cus-3", AlertStatus.RESOLVED, 70, 80_000, Severity.HIGH));
    assertThat(ids(inbox, new AlertInbox.Filter(null, null, null, null, null)))
        .containsExactly("a", "b");
    assertThat(inbox.get("a").history())
        .extracting(AlertInbox.Step::status)
        .containsExactly("OPEN", "ESCALATED");
    assertThat(inbox.get("c").history())
        .extracting(AlertInbox.Step::status)
        .containsExactly("OPEN", "RESOLVED");
    assertThat(inbox.counts()).containsExactly(2, 1, 110_000, 1, 5);
    assertThat(inbox.facets().get("severity"))
        .containsEntry("HIGH", 1L)
        .containsEntry("CRITICAL", 1L);
  }

  @Test
  void metrics_areUpsertedByKey_theFinalFigureReplacingTheProvisional() {
    MetricsBook book = new MetricsBook();
    book.apply(metric("mrr", 0, 100L, null, false, Map.of()));
    book.apply(metric("mrr", 1, 150L, null, true, Map.of()));
    book.apply(metric("mrr", 1, 170L, null, true, Map.of()));
    assertThat(book.latest("BRL", "DAY", "mrr", Map.of()).valueMinor()).isEqualTo(170L);
    book.apply(metric("mrr", 1, 180L, null, false, Map.of()));
    List<MetricsBook.Point> series = book.series("BRL", "DAY", "mrr", Map.of());
    assertThat(series).extracting(MetricsBook.Point::valueMinor).containsExactly(100L, 180L);
    assertThat(series.get(1).provisional()).isFalse();

    book.apply(metric("open_receivables", 1, 5L, null, false, Map.of("aging_bucket", "1-15")));
    book.apply(metric("open_receivables", 1, 7L, null, false, Map.of("aging_bucket", "90+")));
    book.apply(
        metric(
            "open_receivables",
            1,
            9L,
            null,
            false,
            Map.of("aging_bucket", "1-15", "payment_behaviour", "PUNCTUAL")));
    assertThat(book.breakdown("BRL", "DAY", "open_receivables", "aging_bucket"))
        .containsOnlyKeys("1-15", "90+");
  }

  @Test
  void theChangeLog_givesWhatCameAfterAnId_orNullOnceItIsNoLongerKept() {
    ChangeLog log = new ChangeLog(4);
    for (int i = 0; i < 6; i++) {
      log.append("tick", "{}");
    }
    assertThat(log.after(2, 10)).extracting(ChangeLog.Change::id).containsExactly(3L, 4L, 5L, 6L);
    assertThat(log.after(1, 10)).isNull();
    assertThat(log.after(6, 10)).isEmpty();
    assertThat(log.after(7, 10)).isNull();
  }

  private static List<String> ids(AlertInbox inbox, AlertInbox.Filter filter) {
    return inbox.open(filter, 0, 10).items().stream().map(t -> t.latest().getAlertId()).toList();
  }
}
