package io.carteira.operators.dunning;

import io.carteira.operators.policy.PoliciesInForce;
import io.carteira.operators.policy.Policy;
import io.carteira.operators.telemetry.LabelledCounters;
import io.carteira.schemas.DunningAction;
import io.carteira.schemas.DunningActionType;
import io.carteira.schemas.DunningBook;
import io.carteira.schemas.DunningEvent;
import io.carteira.schemas.InvoiceRecovery;
import io.carteira.schemas.PolicyDocument;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.TimerService;

/**
 * One evaluation of the dunning ladder and journeys over a customer's {@link DunningBook}: the live
 * one, or the shadow one (the segments' shadows in force first) over the shadow book. Each keeps
 * its book with its own timer at the next deadline; both get every timer of the key and each
 * ignores one that is not its own.
 */
final class DunningLane {

  private final DunningLadder ladder;
  private final ValueState<DunningBook> books;
  private final PoliciesInForce policiesInForce;
  private final LabelledCounters actionsByType;
  private final Counter actionsSent;
  private final Counter recoveries;
  private final Counter booksExpired;

  DunningLane(
      DunningLadder ladder, ValueState<DunningBook> books, boolean shadow, MetricGroup metrics) {
    this.ladder = ladder;
    this.books = books;
    this.policiesInForce = new PoliciesInForce(shadow);
    actionsSent = metrics.counter("dunningActions");
    recoveries = metrics.counter("invoicesRecovered");
    booksExpired = metrics.counter("dunningBooksExpired");
    actionsByType = new LabelledCounters(metrics, "dunningActions", "action_type");
    for (DunningActionType type : DunningActionType.values()) {
      actionsByType.of(type.name());
    }
  }

  ValueState<DunningBook> books() {
    return books;
  }

  /**
   * Applies {@code event}, after the deadlines before its time; the actions go to {@code actions},
   * late invoices paid to {@code recovered}.
   */
  void apply(
      DunningEvent event,
      TimerService timers,
      ReadOnlyBroadcastState<String, PolicyDocument> policies,
      List<DunningAction> actions,
      List<InvoiceRecovery> recovered)
      throws Exception {
    DunningBook book = books.value();
    if (book != null && !catchUp(book, event.getEventTime(), policies, actions)) {
      book = null;
    }
    if (book == null) {
      book = DunningLadder.newBook(event.getCustomerId());
    }
    Policy policy = policiesInForce.of(event.getPolicySegment(), policies);
    ladder.apply(book, event, policy, actions, recovered);
    recoveries.inc(recovered.size());
    schedule(book, policy, timers);
    books.update(book);
  }

  /** What falls due at {@code timestamp}, when that is this book's timer. */
  void onTimer(
      long timestamp,
      TimerService timers,
      ReadOnlyBroadcastState<String, PolicyDocument> policies,
      List<DunningAction> actions)
      throws Exception {
    DunningBook book = books.value();
    if (book == null
        || book.getTimerAt() == null
        || book.getTimerAt().toEpochMilli() != timestamp) {
      return; // a timer superseded by an earlier one, or the other book's
    }
    book.setTimerAt(null);
    if (advance(book, Instant.ofEpochMilli(timestamp), policies, actions)) {
      schedule(book, policiesInForce.of(book.getPolicySegment(), policies), timers);
      books.update(book);
    }
  }

  /** Counts {@code actions} under this lane's metrics and sends them. */
  void emit(List<DunningAction> actions, Consumer<DunningAction> out) {
    for (DunningAction action : actions) {
      actionsSent.inc();
      actionsByType.of(action.getActionType().name()).inc();
      out.accept(action);
    }
  }

  /**
   * Does what falls due at {@code now}: the steps and notices due by then, or the end of the book
   * at its retention (false: the book is gone).
   */
  private boolean advance(
      DunningBook book,
      Instant now,
      ReadOnlyBroadcastState<String, PolicyDocument> policies,
      List<DunningAction> actions)
      throws Exception {
    Policy policy = policiesInForce.of(book.getPolicySegment(), policies);
    if (!now.isBefore(DunningLadder.retentionEnds(book, policy))) {
      books.clear();
      booksExpired.inc();
      return false;
    }
    ladder.due(book, now, policy, actions);
    return true;
  }

  /**
   * Before an event is applied, the deadlines before its time, one by one, as their timers would
   * have fired: an event may arrive before the watermark has passed them (the per-customer operator
   * sends events as the watermark passes them, ahead of the watermark itself), and the ladder's
   * actions must not depend on that. False when the book ended at its retention meanwhile.
   */
  private boolean catchUp(
      DunningBook book,
      Instant eventTime,
      ReadOnlyBroadcastState<String, PolicyDocument> policies,
      List<DunningAction> actions)
      throws Exception {
    Instant done = null;
    while (true) {
      Instant next = ladder.next(book, policiesInForce.of(book.getPolicySegment(), policies));
      if (next == null || !next.isBefore(eventTime) || next.equals(done)) {
        return true; // (a deadline that doing did not move is left to its timer)
      }
      done = next;
      if (!advance(book, next, policies, actions)) {
        return false;
      }
    }
  }

  /**
   * One live timer, at the earliest deadline not handled yet; registered only when that comes
   * before the pending timer (a superseded timer fires and is ignored). A deadline already behind
   * the watermark (an invoice read late) fires at the next watermark.
   */
  private void schedule(DunningBook book, Policy policy, TimerService timers) {
    Instant next = ladder.next(book, policy);
    Instant pending = book.getTimerAt();
    if (pending == null || next.isBefore(pending)) {
      timers.registerEventTimeTimer(next.toEpochMilli());
      book.setTimerAt(next);
    }
  }
}
