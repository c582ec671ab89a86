package io.carteira.console.web;

import static io.carteira.console.web.Api.JSON;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.carteira.console.model.ConsoleModel;
import io.carteira.console.model.CustomerBook;
import io.carteira.console.model.CustomerHistory;
import io.carteira.console.policy.PolicyTopic;
import io.carteira.operators.policy.Policy;
import io.carteira.schemas.CustomerHealth;
import io.carteira.schemas.InvoiceStanding;
import io.carteira.schemas.wire.AvroJson;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A customer's page, as JSON: its snapshot, its timeline, its open invoices with their days past
 * due and ladder step, its open alerts and the policy in force for its segment.
 */
final class CustomerView {

  private final ConsoleModel model;
  private final Function<byte[], CustomerHealth> decoder;
  private final ZoneId zone;

  CustomerView(ConsoleModel model, Function<byte[], CustomerHealth> decoder, ZoneId zone) {
    this.model = model;
    this.decoder = decoder;
    this.zone = zone;
  }

  ObjectNode customer(String id) {
    CustomerBook.Entry entry = model.customers().get(id);
    if (entry == null) {
      return null;
    }
    CustomerHealth health = decoder.apply(entry.wire());
    ObjectNode body = JSON.createObjectNode();
    body.set(
        "snapshot",
        health == null ? Views.card(entry.card()) : AvroJson.toNode(health, health.getSchema()));
    CustomerHistory history = model.history();
    ArrayNode timeline = body.putArray("timeline");
    history
        .timeline(id)
        .forEach(
            i ->
                timeline
                    .addObject()
                    .put("at", i.at().toString())
                    .put("kind", i.kind())
                    .put("what", i.what())
                    .put("ref", i.ref()));
    invoices(body, health, history.invoices(id));
    ArrayNode open = body.putArray("open_alerts");
    model.alerts().openFor(id).forEach(t -> open.add(Views.tracked(t)));
    String segment = entry.card().policySegment();
    PolicyTopic.Entry policy = model.policies().topic().inForce().get(segment);
    body.putObject("policy_in_force")
        .put("segment", segment)
        .put("version", policy == null ? 0 : policy.document().getVersion())
        .put("built_in", policy == null)
        .put("snapshot_version", entry.card().policyVersion())
        .put("known_segment", Policy.SEGMENTS.contains(segment));
    return body;
  }

  /**
   * The customer's open invoices: those its snapshot lists, each with the ladder step its latest
   * dunning action named; for a snapshot written before snapshots listed them, the invoices its
   * dunning actions chased.
   */
  private void invoices(
      ObjectNode body, CustomerHealth health, List<CustomerHistory.Chase> chased) {
    ArrayNode invoices = body.putArray("invoices");
    boolean listed =
        health != null && (!health.getUnpaidInvoices().isEmpty() || health.getOpenInvoices() == 0);
    body.put("invoices_from", listed ? "snapshot" : "dunning_actions");
    Map<String, CustomerHistory.Chase> byId = new HashMap<>();
    chased.forEach(c -> byId.put(c.invoiceId(), c));
    if (listed) {
      for (InvoiceStanding i : health.getUnpaidInvoices()) {
        ObjectNode inv =
            invoices
                .addObject()
                .put("invoiceId", i.getInvoiceId())
                .put("amountMinor", i.getAmountMinor())
                .put("currency", i.getCurrency())
                .put("due_date", i.getDueDate() == null ? null : i.getDueDate().toString())
                .put("daysPastDue", i.getDaysPastDue())
                .put("failedAttempts", i.getFailedAttempts());
        step(inv, byId.get(i.getInvoiceId()));
      }
      return;
    }
    LocalDate today = LocalDate.now(zone);
    for (CustomerHistory.Chase c : chased) {
      ObjectNode inv =
          invoices
              .addObject()
              .put("invoiceId", c.invoiceId())
              .put("amountMinor", c.amountMinor())
              .put("currency", c.currency())
              .put("due_date", c.dueDate() == null ? null : c.dueDate().toString())
              .put(
                  "daysPastDue",
                  c.dueDate() == null
                      ? c.daysPastDue()
                      : Math.max(0, ChronoUnit.DAYS.between(c.dueDate(), today)));
      step(inv, c);
    }
  }

  /** The ladder step and action type of an invoice's latest dunning action, if one went out. */
  private static void step(ObjectNode inv, CustomerHistory.Chase chase) {
    if (chase != null) {
      inv.put("step", chase.step())
          .put("actionType", chase.actionType())
          .put("at", chase.at().toString());
    }
  }
}
