package io.carteira.console.web;

import static io.carteira.console.model.Records.T;
import static io.carteira.console.model.Records.health;
import static io.carteira.console.model.Records.metric;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.carteira.console.model.ChangeLog;
import io.carteira.console.model.ConsoleModel;
import io.carteira.schemas.Channel;
import io.carteira.schemas.CustomerHealth;
import io.carteira.schemas.DunningAction;
import io.carteira.schemas.DunningActionType;
import io.carteira.schemas.HealthBand;
import io.carteira.schemas.InvoiceStanding;
import io.carteira.schemas.Lifecycle;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What the portfolio and customer pages are sent: the day's churn in its voluntary and involuntary
 * parts, and a customer's open invoices from its snapshot with the ladder step of its dunning.
 */
class ViewsTest {

  private static final LocalDate DUE = LocalDate.of(2026, 11, 30);

  private final ConsoleModel model = new ConsoleModel(new ChangeLog(100));
  private final Map<String, CustomerHealth> snapshots = new HashMap<>();
  private final Views views =
      new Views(
          model,
          wire -> snapshots.get(new String(wire, StandardCharsets.UTF_8)),
          ZoneId.of("America/Sao_Paulo"),
          "BRL");

  @Test
  void theMovementsCarryChurnInItsVoluntaryAndInvoluntaryParts_andTheFiguresName() {
    model.metric(metric("churned_mrr", 0, 30_000L, null, false, Map.of()), T, T);
    model.metric(metric("voluntary_churned_mrr", 0, 10_000L, null, false, Map.of()), T, T);
    model.metric(metric("involuntary_churned_mrr", 0, 20_000L, null, false, Map.of()), T, T);
    model.metric(metric("involuntary_churned_customers", 0, null, 2.0, false, Map.of()), T, T);

    ObjectNode portfolio = views.portfolio(null);

    JsonNode series = portfolio.get("series");
    assertThat(series.get("voluntary_churned_mrr").get(0).get("value").asDouble())
        .isEqualTo(10_000);
    assertThat(series.get("involuntary_churned_mrr").get(0).get("value").asDouble())
        .isEqualTo(20_000);
    assertThat(series.get("churned_mrr").get(0).get("value").asDouble()).isEqualTo(30_000);
    JsonNode figures = portfolio.get("figures");
    assertThat(figures.get("involuntary_churned_mrr").get("value_minor").asLong())
        .isEqualTo(20_000);
    assertThat(figures.get("involuntary_churned_customers").get("value").asDouble()).isEqualTo(2.0);
  }

  @Test
  void aCustomersOpenInvoicesAreThoseOfItsSnapshot_withTheLadderStepOfItsDunning() {
    CustomerHealth ana =
        withInvoices(
            health("cus-ana", "Ana", 29_900, Lifecycle.PAST_DUE, HealthBand.AT_RISK, 40),
            standing("inv-1", 29_900, DUE, 5, 2),
            standing("inv-2", 29_900, DUE.plusDays(30), 0, 0));
    read(ana);
    model.action(action("a1", "inv-1", DunningActionType.OVERDUE_REMINDER, 1), T);
    model.action(action("a0", "inv-0", DunningActionType.OVERDUE_REMINDER, 1), T); // paid since

    ObjectNode page = views.customer("cus-ana");

    assertThat(page.get("invoices_from").asText()).isEqualTo("snapshot");
    JsonNode invoices = page.get("invoices");
    assertThat(invoices).hasSize(2);
    JsonNode first = invoices.get(0);
    assertThat(first.get("invoiceId").asText()).isEqualTo("inv-1");
    assertThat(first.get("amountMinor").asLong()).isEqualTo(29_900);
    assertThat(first.get("due_date").asText()).isEqualTo("2026-11-30");
    assertThat(first.get("daysPastDue").asInt()).isEqualTo(5);
    assertThat(first.get("failedAttempts").asInt()).isEqualTo(2);
    assertThat(first.get("step").asInt()).isEqualTo(1);
    assertThat(first.get("actionType").asText()).isEqualTo("OVERDUE_REMINDER");
    JsonNode second = invoices.get(1);
    assertThat(second.get("invoiceId").asText()).isEqualTo("inv-2");
    assertThat(second.get("daysPastDue").asInt()).isZero();
    assertThat(second.has("step")).as("no dunning action named it").isFalse();
  }

  @Test
  void aSnapshotWrittenBeforeItListedInvoices_showsThoseItsDunningChased() {
    CustomerHealth old =
        health("cus-bia", "Bia", 9_900, Lifecycle.PAST_DUE, HealthBand.AT_RISK, 40);
    old.setOpenInvoices(1);
    read(old);
    model.action(action("b1", "inv-b", DunningActionType.OVERDUE_REMINDER, 2), T);

    ObjectNode page = views.customer("cus-bia");

    assertThat(page.get("invoices_from").asText()).isEqualTo("dunning_actions");
    assertThat(page.get("invoices")).hasSize(1);
    assertThat(page.get("invoices").get(0).get("invoiceId").asText()).isEqualTo("inv-b");
    assertThat(page.get("invoices").get(0).get("step").asInt()).isEqualTo(2);
  }

  private void read(CustomerHealth health) {
    snapshots.put(health.getCustomerId(), health);
    model.health(health, health.getCustomerId().getBytes(StandardCharsets.UTF_8), T);
  }

  private static CustomerHealth withInvoices(CustomerHealth health, InvoiceStanding... invoices) {
    health.setUnpaidInvoices(new ArrayList<>(List.of(invoices)));
    health.setOpenInvoices(invoices.length);
    return health;
  }

  private static InvoiceStanding standing(
      String id, long amount, LocalDate due, int daysPastDue, int failed) {
    return InvoiceStanding.newBuilder()
        .setInvoiceId(id)
        .setAmountMinor(amount)
        .setDueDate(due)
        .setDaysPastDue(daysPastDue)
        .setFailedAttempts(failed)
        .build();
  }

  private static DunningAction action(String id, String invoice, DunningActionType type, int step) {
    String customer = id.startsWith("a") ? "cus-ana" : "cus-bia";
    return DunningAction.newBuilder()
        .setActionId(id)
        .setCustomerId(customer)
        .setActionType(type)
        .setInvoiceId(invoice)
        .setAmountMinor(29_900L)
        .setDueDate(DUE)
        .setDaysPastDue(4)
        .setDunningStep(step)
        .setChannel(Channel.EMAIL)
        .setScheduledFor(T)
        .setPolicyVersion(0)
        .setEventTime(T)
        .build();
  }
}
