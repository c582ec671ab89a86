package io.carteira.console.web;

import static io.carteira.console.web.Api.JSON;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.carteira.console.model.AlertInbox;
import io.carteira.console.model.ConsoleModel;
import io.carteira.console.model.CustomerBook;
import io.carteira.console.model.CustomerCard;
import io.carteira.console.model.MetricsBook;
import io.carteira.console.model.MetricsBook.Point;
import io.carteira.console.model.Page;
import io.carteira.schemas.CustomerHealth;
import io.carteira.schemas.DunningAction;
import io.carteira.schemas.wire.AvroJson;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What each page asks for, as JSON: the portfolio, the alert inbox, a customer, the collections.
 * Every list is a page of at most 200 rows, never the whole.
 */
public final class Views {

  /** The day series the portfolio page charts, and the figures it shows. */
  static final List<String> MOVEMENTS =
      List.of(
          "new_mrr",
          "expansion_mrr",
          "reactivation_mrr",
          "contraction_mrr",
          "voluntary_churned_mrr",
          "involuntary_churned_mrr",
          "churned_mrr");

  static final List<String> FIGURES =
      List.of(
          "mrr",
          "customers",
          "arpa",
          "nrr",
          "grr",
          "logo_churn_rate",
          "gross_mrr_churn_rate",
          "net_mrr_churn_rate",
          "quick_ratio",
          "ltv",
          "cac",
          "payback_months",
          "revenue_concentration_top_20",
          "open_receivables",
          "past_due_receivables",
          "delinquency_rate",
          "open_invoices",
          "recovery_rate",
          "median_days_to_recover",
          "recovered_minor",
          "payment_attempts",
          "payment_failures",
          "payment_failure_rate",
          "refunds",
          "refunded_minor",
          "new_customers",
          "churned_mrr",
          "voluntary_churned_mrr",
          "involuntary_churned_mrr",
          "churned_customers",
          "voluntary_churned_customers",
          "involuntary_churned_customers");

  static final int DAYS_CHARTED = 120;

  private final ConsoleModel model;
  private final Function<byte[], CustomerHealth> decoder;
  private final ZoneId zone;
  private final String defaultCurrency;
  private final CustomerView customer;

  public Views(
      ConsoleModel model,
      Function<byte[], CustomerHealth> decoder,
      ZoneId zone,
      String defaultCurrency) {
    this.model = model;
    this.decoder = decoder;
    this.zone = zone;
    this.defaultCurrency = defaultCurrency;
    this.customer = new CustomerView(model, decoder, zone);
  }

  ObjectNode portfolio(String asked) {
    MetricsBook m = model.metrics();
    List<String> currencies = m.currencies();
    String currency =
        asked != null
            ? asked
            : currencies.contains(defaultCurrency) || currencies.isEmpty()
                ? defaultCurrency
                : currencies.get(0);
    ObjectNode body = JSON.createObjectNode().put("currency", currency);
    body.put("metrics_version", m.version());
    ArrayNode cs = body.putArray("currencies");
    currencies.forEach(cs::add);
    ObjectNode series = body.putObject("series");
    for (String metric : concat("mrr", MOVEMENTS)) {
      ArrayNode points = series.putArray(metric);
      List<Point> all = m.series(currency, "DAY", metric, Map.of());
      for (Point p : all.subList(Math.max(0, all.size() - DAYS_CHARTED), all.size())) {
        points
            .addObject()
            .put("day", p.start().atZone(zone).toLocalDate().toString())
            .put("value", p.valueMinor() != null ? p.valueMinor().doubleValue() : p.value())
            .put("provisional", p.provisional());
      }
    }
    ObjectNode figures = body.putObject("figures");
    for (String metric : FIGURES) {
      Point rolling = m.latest(currency, "ROLLING_30_DAYS", metric, Map.of());
      Point day = m.latest(currency, "DAY", metric, Map.of());
      boolean balance =
          metric.equals("mrr")
              || metric.equals("customers")
              || metric.startsWith("open_")
              || metric.equals("past_due_receivables")
              || metric.equals("arpa")
              || metric.equals("revenue_concentration_top_20")
              || metric.equals("delinquency_rate");
      Point p = balance || rolling == null ? day : rolling;
      if (p != null) {
        point(figures.putObject(metric), p, p == rolling ? "ROLLING_30_DAYS" : "DAY");
      }
    }
    ObjectNode breakdowns = body.putObject("breakdowns");
    breakdown(breakdowns, currency, "open_receivables", "aging_bucket");
    breakdown(breakdowns, currency, "recovery_rate", "aging_bucket");
    breakdown(breakdowns, currency, "payment_failure_rate", "method");
    breakdown(breakdowns, currency, "payment_failure_rate", "failure_code");
    breakdown(breakdowns, currency, "mrr", "acquisition_channel");
    ObjectNode tallies = body.putObject("customers");
    model
        .customers()
        .tallies()
        .forEach(
            (dimension, values) -> {
              ObjectNode d = tallies.putObject(dimension);
              values.forEach((v, c) -> d.putObject(v).put("customers", c[0]).put("mrr", c[1]));
            });
    return body;
  }

  private void breakdown(ObjectNode into, String currency, String metric, String dimension) {
    MetricsBook m = model.metrics();
    Map<String, Point> found = m.breakdown(currency, "ROLLING_30_DAYS", metric, dimension);
    String window = "ROLLING_30_DAYS";
    if (found.isEmpty() || metric.equals("open_receivables") || metric.equals("mrr")) {
      found = m.breakdown(currency, "DAY", metric, dimension);
      window = "DAY";
    }
    ObjectNode node = into.putObject(metric + ":" + dimension);
    for (Map.Entry<String, Point> e : found.entrySet()) {
      point(node.putObject(e.getKey()), e.getValue(), window);
    }
  }

  private void point(ObjectNode node, Point p, String window) {
    node.put("window", window)
        .put("start", p.start().atZone(zone).toLocalDate().toString())
        .put("end", p.end().atZone(zone).toLocalDate().toString())
        .put("provisional", p.provisional());
    if (p.valueMinor() != null) {
      node.put("value_minor", p.valueMinor());
    }
    if (p.value() != null) {
      node.put("value", p.value());
    }
  }

  ObjectNode alerts(Map<String, String> params) {
    AlertInbox inbox = model.alerts();
    AlertInbox.Filter filter =
        new AlertInbox.Filter(
            blank(params.get("severity")),
            blank(params.get("churn_type")),
            blank(params.get("pattern")),
            blank(params.get("segment")),
            blank(params.get("owner")));
    Page<AlertInbox.Tracked> page =
        inbox.open(filter, number(params.get("offset"), 0), number(params.get("limit"), 25));
    ObjectNode body =
        JSON.createObjectNode().put("total", page.total()).put("offset", page.offset());
    ArrayNode items = body.putArray("items");
    page.items().forEach(t -> items.add(tracked(t)));
    long[] counts = inbox.counts();
    body.putObject("counts")
        .put("open", counts[0])
        .put("escalated", counts[1])
        .put("mrr_at_risk_minor", counts[2])
        .put("resolved", counts[3]);
    ObjectNode facets = body.putObject("facets");
    inbox
        .facets()
        .forEach(
            (name, values) -> {
              ObjectNode f = facets.putObject(name);
              values.forEach(f::put);
            });
    ArrayNode resolved = body.putArray("resolved");
    inbox.recentlyResolved(10).forEach(t -> resolved.add(tracked(t)));
    return body;
  }

  ObjectNode alert(String id) {
    AlertInbox.Tracked t = model.alerts().get(id);
    return t == null ? null : tracked(t);
  }

  static ObjectNode tracked(AlertInbox.Tracked t) {
    ObjectNode node = (ObjectNode) AvroJson.toNode(t.latest(), t.latest().getSchema());
    node.put("stake", t.stake());
    ArrayNode history = node.putArray("history");
    for (AlertInbox.Step s : t.history()) {
      history
          .addObject()
          .put("status", s.status())
          .put("at", s.at().toString())
          .put("risk_score", s.riskScore())
          .put("severity", s.severity());
    }
    return node;
  }

  ObjectNode customers(Map<String, String> params) {
    CustomerBook book = model.customers();
    ObjectNode body = JSON.createObjectNode().put("customers", book.size());
    String q = params.get("q");
    ArrayNode items = body.putArray("items");
    if (q != null && !q.isBlank()) {
      book.search(q, number(params.get("limit"), 20)).forEach(c -> items.add(card(c)));
      body.put("total", items.size()).put("offset", 0);
    } else {
      Page<CustomerCard> page =
          book.atRisk(number(params.get("offset"), 0), number(params.get("limit"), 25));
      page.items().forEach(c -> items.add(card(c)));
      body.put("total", page.total()).put("offset", page.offset()).put("at_risk", true);
    }
    return body;
  }

  static ObjectNode card(CustomerCard c) {
    return JSON.createObjectNode()
        .put("id", c.id())
        .put("name", c.name())
        .put("mrrMinor", c.mrrMinor())
        .put("currency", c.currency())
        .put("lifecycle", c.lifecycle())
        .put("band", c.band())
        .put("score", c.score())
        .put("daysPastDue", c.daysPastDue())
        .put("valueTier", c.valueTier())
        .put("accountOwner", c.accountOwner())
        .put("asOf", c.asOf().toString());
  }

  ObjectNode customer(String id) {
    return customer.customer(id);
  }

  ObjectNode actions(Map<String, String> params) {
    Page<DunningAction> page =
        model
            .actions()
            .page(
                blank(params.get("type")),
                blank(params.get("channel")),
                number(params.get("offset"), 0),
                number(params.get("limit"), 25));
    ObjectNode body =
        JSON.createObjectNode().put("total", page.total()).put("offset", page.offset());
    body.put("read", model.actions().total());
    ArrayNode items = body.putArray("items");
    page.items().forEach(a -> items.add(AvroJson.toNode(a, a.getSchema())));
    ObjectNode byType = body.putObject("by_type");
    model.actions().byType().forEach(byType::put);
    ObjectNode byChannel = body.putObject("by_channel");
    model.actions().byChannel().forEach(byChannel::put);
    return body;
  }

  /** The start of {@code bytes} as text, other bytes as dots: what a bad record looked like. */
  static String printable(byte[] bytes, int max) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < bytes.length && i < max; i++) {
      int b = bytes[i] & 0xff;
      text.append(b >= 32 && b < 127 ? (char) b : '·');
    }
    return text.toString();
  }

  private static String blank(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  private static int number(String s, int otherwise) {
    try {
      return s == null ? otherwise : Integer.parseInt(s);
    } catch (NumberFormatException e) {
      return otherwise;
    }
  }

  private static List<String> concat(String first, List<String> rest) {
    List<String> all = new java.util.ArrayList<>(List.of(first));
    all.addAll(rest);
    return all;
  }
}
