package io.carteira.console.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.carteira.console.read.OutputReader;
import io.carteira.schemas.CustomerHealth;
import io.carteira.schemas.DeadLetter;
import io.carteira.schemas.DunningAction;
import io.carteira.schemas.PolicyDocument;
import io.carteira.schemas.PortfolioMetric;
import io.carteira.schemas.RiskAlert;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Everything the console's pages show, folded from the output topics as they are read, and the
 * changes the browsers are told of. Alerts, dunning actions and policies are told one by one (they
 * are what a person waits for); snapshots and metrics, which can come by the thousand a second, in
 * one tick a second naming what moved.
 */
public final class ConsoleModel implements OutputReader.Listener {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int CHANGED_NAMED = 50;

  private final CustomerBook customers = new CustomerBook();
  private final AlertInbox alerts = new AlertInbox();
  private final CollectionsLog actions = new CollectionsLog();
  private final CustomerHistory history = new CustomerHistory();
  private final MetricsBook metrics = new MetricsBook();
  private final EngineHealth engine = new EngineHealth();
  private final PolicyBook policies = new PolicyBook();
  private final ChangeLog changes;

  private final Set<String> changedSinceTick = new LinkedHashSet<>();
  private boolean manyChanged;
  private boolean dirty;

  public ConsoleModel(ChangeLog changes) {
    this.changes = changes;
  }

  @Override
  public void health(CustomerHealth health, byte[] wire, Instant readAt) {
    CustomerCard before = customers.apply(health, wire);
    history.snapshot(before, customers.get(health.getCustomerId()).card());
    engine.read("customer-health", health.getAsOf(), readAt);
    synchronized (this) {
      dirty = true;
      if (changedSinceTick.size() < CHANGED_NAMED) {
        changedSinceTick.add(health.getCustomerId());
      } else if (!changedSinceTick.contains(health.getCustomerId())) {
        manyChanged = true;
      }
    }
  }

  @Override
  public void alert(RiskAlert alert, Instant readAt) {
    alerts.apply(alert);
    history.alert(alert);
    engine.read("risk-alerts", alert.getEventTime(), readAt);
    ObjectNode summary =
        JSON.createObjectNode()
            .put("alert_id", alert.getAlertId())
            .put("customer_id", alert.getCustomerId())
            .put("status", alert.getStatus().name())
            .put("severity", alert.getSeverity().name())
            .put("pattern", alert.getPattern())
            .put("risk_score", alert.getRiskScore())
            .put("mrr_at_risk_minor", alert.getMrrAtRiskMinor())
            .put("event_time", alert.getEventTime().toString());
    changes.append("alert", summary.toString());
  }

  @Override
  public void action(DunningAction action, Instant readAt) {
    actions.apply(action);
    history.action(action);
    engine.read("dunning-actions", action.getEventTime(), readAt);
    ObjectNode summary =
        JSON.createObjectNode()
            .put("action_id", action.getActionId())
            .put("customer_id", action.getCustomerId())
            .put("action_type", action.getActionType().name())
            .put("channel", action.getChannel().name())
            .put("scheduled_for", action.getScheduledFor().toString());
    changes.append("action", summary.toString());
  }

  @Override
  public void metric(PortfolioMetric metric, Instant written, Instant readAt) {
    metrics.apply(metric);
    // a closed window describes its end; the open day, the moment it was written
    Instant end = metric.getWindowEnd();
    engine.read("portfolio-metrics", end.isBefore(written) ? end : written, readAt);
    synchronized (this) {
      dirty = true;
    }
  }

  @Override
  public void deadLetter(DeadLetter deadLetter, Instant readAt) {
    engine.deadLetter(deadLetter);
    if (PolicyBook.isPolicy(deadLetter)) {
      policies.refused(deadLetter);
      changes.append(
          "policy",
          JSON.createObjectNode()
              .put("refused", deadLetter.getErrorMessage())
              .put("kind", deadLetter.getErrorKind().name())
              .toString());
    }
    synchronized (this) {
      dirty = true;
    }
  }

  @Override
  public void policy(PolicyDocument document, long offset, Instant readAt) {
    policies.document(document, offset);
    changes.append(
        "policy",
        JSON.createObjectNode()
            .put("segment", document.getSegment())
            .put("version", document.getVersion())
            .toString());
  }

  /**
   * Once a second: when snapshots, metrics or dead letters came since the last tick, tells the
   * browsers what moved (up to {@value #CHANGED_NAMED} customers by id, else that many did).
   */
  public void tick() {
    ObjectNode tick = JSON.createObjectNode();
    synchronized (this) {
      if (!dirty) {
        return;
      }
      ArrayNode ids = tick.putArray("customers_changed");
      changedSinceTick.forEach(ids::add);
      tick.put("many_changed", manyChanged);
      changedSinceTick.clear();
      manyChanged = false;
      dirty = false;
    }
    tick.put("customers", customers.size())
        .put("snapshots", customers.snapshots())
        .put("metrics_version", metrics.version())
        .put("dead_letters", engine.deadLetterCount())
        .put("open_alerts", alerts.counts()[0]);
    changes.append("tick", tick.toString());
  }

  public CustomerBook customers() {
    return customers;
  }

  public AlertInbox alerts() {
    return alerts;
  }

  public CollectionsLog actions() {
    return actions;
  }

  public CustomerHistory history() {
    return history;
  }

  public MetricsBook metrics() {
    return metrics;
  }

  public EngineHealth engine() {
    return engine;
  }

  public PolicyBook policies() {
    return policies;
  }

  public ChangeLog changes() {
    return changes;
  }
}
