package io.carteira.operators.risk;

import io.carteira.operators.policy.PoliciesInForce;
import io.carteira.operators.policy.Policy;
import io.carteira.operators.telemetry.LabelledCounters;
import io.carteira.schemas.AlertBook;
import io.carteira.schemas.AlertStatus;
import io.carteira.schemas.PolicyDocument;
import io.carteira.schemas.RiskAlert;
import io.carteira.schemas.RiskContext;
import io.carteira.schemas.RiskSignal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.TimerService;

/**
 * One evaluation of the alert lifecycle over a customer's {@link AlertBook}: the live one, or the
 * shadow one (the segments' shadows in force first) over the shadow book. Each keeps its book with
 * its own timer at the next deadline; both get every timer of the key and each ignores one that is
 * not its own.
 */
final class AlertLane {

  private final AlertLifecycle lifecycle;
  private final ValueState<AlertBook> books;
  private final PoliciesInForce policiesInForce;
  private final Counter opened;
  private final Counter escalated;
  private final Counter resolved;
  private final Counter detectionsAfterChurn;
  private final LabelledCounters alertsByPattern;

  AlertLane(
      AlertLifecycle lifecycle, ValueState<AlertBook> books, boolean shadow, MetricGroup metrics) {
    this.lifecycle = lifecycle;
    this.books = books;
    this.policiesInForce = new PoliciesInForce(shadow);
    opened = metrics.counter("alertsOpened");
    escalated = metrics.counter("alertsEscalated");
    resolved = metrics.counter("alertsResolved");
    detectionsAfterChurn = metrics.counter("detectionsAfterChurn");
    alertsByPattern = new LabelledCounters(metrics, "alerts", "pattern", "churn_type", "status");
    for (ChurnPattern pattern : ChurnPattern.values()) {
      for (AlertStatus status : AlertStatus.values()) {
        alertsByPattern.of(pattern.name(), pattern.churnType().name(), status.name());
      }
    }
  }

  ValueState<AlertBook> books() {
    return books;
  }

  /**
   * The customer's book, with a list that may be changed in place (a deserialised Avro array may
   * not).
   */
  AlertBook book() throws Exception {
    AlertBook book = books.value();
    if (book != null) {
      book.setEpisodes(new ArrayList<>(book.getEpisodes()));
    }
    return book;
  }

  /** Applies {@code signal}; the alerts it raises are added to {@code alerts}. */
  void apply(
      RiskSignal signal,
      String customer,
      TimerService timers,
      ReadOnlyBroadcastState<String, PolicyDocument> policies,
      List<RiskAlert> alerts)
      throws Exception {
    AlertBook book = book();
    if (book == null) {
      if (signal.getContext() != null && !signal.getContext().getWatched()) {
        return; // nothing open, nothing to watch: keep no state
      }
      book = new AlertBook(null, new ArrayList<>(), null, null, 0);
    }
    if (signal.getContext() != null) {
      book.setContext(signal.getContext());
    }
    Policy policy = policyOf(book.getContext(), policies);
    // the signal's time, or that of the customer's latest alert record when the signal came late
    Instant now = BookClock.actAt(book, signal.getEventTime());
    AlertLifecycle.Outcome outcome = lifecycle.apply(book, signal, policy, customer, alerts);
    switch (outcome) {
      case DETECTION_AFTER_CHURN -> detectionsAfterChurn.inc();
      case CHURNED -> {
        Instant forgetAt = AlertLifecycle.forgetChurnedAt(now, policy);
        timers.registerEventTimeTimer(forgetAt.toEpochMilli());
        book.setTimerAt(forgetAt);
        books.update(book);
      }
      case APPLIED -> save(book, timers, now, policy);
    }
  }

  /** What time alone does at {@code timestamp}, when that is this book's timer. */
  void onTimer(
      long timestamp,
      String customer,
      TimerService timers,
      ReadOnlyBroadcastState<String, PolicyDocument> policies,
      List<RiskAlert> alerts)
      throws Exception {
    AlertBook book = book();
    if (book == null
        || book.getTimerAt() == null
        || book.getTimerAt().toEpochMilli() != timestamp) {
      return;
    }
    book.setTimerAt(null);
    if (book.getContext() != null && book.getContext().getChurned()) {
      books.clear();
      return;
    }
    Policy policy = policyOf(book.getContext(), policies);
    Instant now = BookClock.actAt(book, Instant.ofEpochMilli(timestamp));
    lifecycle.advance(book, now, policy, customer, alerts);
    save(book, timers, now, policy);
  }

  /** Counts {@code alerts} under this lane's metrics and sends them. */
  void emit(List<RiskAlert> alerts, Consumer<RiskAlert> out) {
    for (RiskAlert alert : alerts) {
      switch (alert.getStatus()) {
        case OPEN -> opened.inc();
        case ESCALATED -> escalated.inc();
        case RESOLVED -> resolved.inc();
        default -> {}
      }
      alertsByPattern
          .of(alert.getPattern(), alert.getChurnType().name(), alert.getStatus().name())
          .inc();
      out.accept(alert);
    }
  }

  /** Keeps the book while it matters, with its one timer at the next deadline. */
  private void save(AlertBook book, TimerService timers, Instant now, Policy policy)
      throws Exception {
    if (!AlertLifecycle.keep(book)) {
      books.clear();
      return;
    }
    Instant next = AlertLifecycle.nextDeadline(book, now, policy);
    Instant registered = book.getTimerAt();
    if (next != null
        && (registered == null || !registered.isAfter(now) || next.isBefore(registered))) {
      timers.registerEventTimeTimer(next.toEpochMilli());
      book.setTimerAt(next);
    }
    books.update(book);
  }

  private Policy policyOf(
      RiskContext context, ReadOnlyBroadcastState<String, PolicyDocument> policies)
      throws Exception {
    return policiesInForce.of(
        context == null ? Policy.DEFAULT_SEGMENT : context.getPolicySegment(), policies);
  }
}
