package io.carteira.console.model;

import io.carteira.schemas.DunningAction;
import io.carteira.schemas.RiskAlert;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Each customer's recent story as the outputs tell it: alert changes, dunning actions and snapshot
 * changes of note (lifecycle, band, MRR), {@value #PER_CUSTOMER} a customer; and the invoices its
 * dunning actions chase, with the latest step. Kept for the {@value #CUSTOMERS} customers with the
 * most recent news, so memory stays bounded however large the portfolio.
 */
public final class CustomerHistory {

  static final int PER_CUSTOMER = 60;
  static final int CUSTOMERS = 200_000;

  /** One line of a customer's timeline: when (event time), what kind, what, and about what. */
  public record Item(Instant at, String kind, String what, String ref) {}

  /**
   * An invoice as its latest dunning action told it: amount, due date, days past due then, the
   * ladder step and what was sent.
   */
  public record Chase(
      String invoiceId,
      Long amountMinor,
      String currency,
      LocalDate dueDate,
      int daysPastDue,
      Integer step,
      String actionType,
      Instant at) {}

  private static final class Story {
    final ArrayDeque<Item> items = new ArrayDeque<>();
    final Map<String, Chase> invoices = new LinkedHashMap<>();
  }

  private final LinkedHashMap<String, Story> stories =
      new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Story> eldest) {
          return size() > CUSTOMERS;
        }
      };

  public synchronized void alert(RiskAlert a) {
    add(
        a.getCustomerId(),
        new Item(
            a.getEventTime(),
            "alert",
            a.getStatus() + " " + a.getPattern() + " · " + a.getSeverity() + " " + a.getRiskScore(),
            a.getAlertId()));
  }

  public synchronized void action(DunningAction a) {
    String type = a.getActionType().name();
    add(
        a.getCustomerId(),
        new Item(
            a.getScheduledFor(),
            "action",
            type
                + (a.getDunningStep() != null ? " #" + a.getDunningStep() : "")
                + " · "
                + a.getChannel(),
            a.getActionId()));
    if (a.getInvoiceId() != null) {
      story(a.getCustomerId())
          .invoices
          .put(
              a.getInvoiceId(),
              new Chase(
                  a.getInvoiceId(),
                  a.getAmountMinor(),
                  a.getCurrency(),
                  a.getDueDate(),
                  a.getDaysPastDue(),
                  a.getDunningStep(),
                  type,
                  a.getScheduledFor()));
    }
  }

  /** A snapshot change of note: what changed, from the card before to the card now. */
  public synchronized void snapshot(CustomerCard before, CustomerCard now) {
    String what = change(before, now);
    if (what != null) {
      add(now.id(), new Item(now.asOf(), "snapshot", what, null));
    }
    if (now.openInvoices() == 0) {
      Story s = stories.get(now.id());
      if (s != null) {
        s.invoices.clear();
      }
    }
  }

  static String change(CustomerCard before, CustomerCard now) {
    if (before == null) {
      return now.lifecycle().equals("PROSPECT") ? null : "joined · " + now.lifecycle();
    }
    List<String> parts = new ArrayList<>();
    if (!before.lifecycle().equals(now.lifecycle())) {
      parts.add(before.lifecycle() + " → " + now.lifecycle());
    }
    if (!before.band().equals(now.band())) {
      parts.add(before.band() + " → " + now.band() + " (" + now.score() + ")");
    }
    if (before.mrrMinor() != now.mrrMinor()) {
      parts.add(
          String.format(
              java.util.Locale.ROOT,
              "MRR %.2f → %.2f %s",
              before.mrrMinor() / 100.0,
              now.mrrMinor() / 100.0,
              now.currency()));
    }
    return parts.isEmpty() ? null : String.join(" · ", parts);
  }

  private void add(String customerId, Item item) {
    ArrayDeque<Item> items = story(customerId).items;
    items.addFirst(item);
    if (items.size() > PER_CUSTOMER) {
      items.removeLast();
    }
  }

  private Story story(String customerId) {
    return stories.computeIfAbsent(customerId, id -> new Story());
  }

  /** The customer's timeline, newest first. */
  public synchronized List<Item> timeline(String customerId) {
    Story s = stories.get(customerId);
    if (s == null) {
      return List.of();
    }
    List<Item> items = new ArrayList<>(s.items);
    items.sort((x, y) -> y.at().compareTo(x.at()));
    return items;
  }

  /** The invoices the customer's dunning actions chased, latest chase of each, newest first. */
  public synchronized List<Chase> invoices(String customerId) {
    Story s = stories.get(customerId);
    if (s == null) {
      return List.of();
    }
    List<Chase> chases = new ArrayList<>(s.invoices.values());
    chases.sort((x, y) -> y.at().compareTo(x.at()));
    return chases;
  }
}
