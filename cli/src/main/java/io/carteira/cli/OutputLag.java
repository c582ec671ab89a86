package io.carteira.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How far behind real time the demo's outputs are, as read: for each output topic, the wall-clock
 * time the freshest record was read at minus the event time it describes (a snapshot's {@code
 * as_of}, an alert change's {@code event_time}, a notice's cause {@code event_time}, a metric's
 * window end or, for the open day, when it was written); and, for the causes the demo sends live (a
 * cancellation request, a declined card), how long after it the output it leads to was read.
 */
final class OutputLag {

  /** The output topics, as the console names them. */
  enum Output {
    SNAPSHOTS("snapshots"),
    ALERTS("alerts"),
    NOTICES("notices"),
    METRICS("metrics");

    final String label;

    Output(String label) {
      this.label = label;
    }
  }

  /** A cause sent live and what the console waits for: an alert, or a notice, of the customer. */
  enum Cause {
    CANCELLATION_REQUESTED("asked to cancel", "risk alert"),
    PAYMENT_FAILED("card declined", "failed-payment notice");

    final String what;
    final String awaited;

    Cause(String what, String awaited) {
      this.what = what;
      this.awaited = awaited;
    }
  }

  private record Latest(Instant eventTime, Instant readAt) {}

  private record Watch(
      Cause cause, String customerId, Instant eventTime, Instant sentAt, Instant heldUntil) {}

  private final Map<Output, Latest> latest = new EnumMap<>(Output.class);
  private final Map<Cause, Watch> watched = new LinkedHashMap<>();
  private final Map<Cause, Duration> answered = new LinkedHashMap<>();
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");
  private final ZoneId zone;

  OutputLag(ZoneId zone) {
    this.zone = zone;
  }

  /** A record of {@code output} describing {@code eventTime}, read at {@code readAt}. */
  synchronized void read(Output output, Instant eventTime, Instant readAt) {
    Latest before = latest.get(output);
    Instant freshest =
        before == null || eventTime.isAfter(before.eventTime()) ? eventTime : before.eventTime();
    latest.put(output, new Latest(freshest, readAt));
  }

  /**
   * A cause sent at {@code sentAt}, stamped {@code eventTime}: the latest of its kind is watched.
   */
  synchronized void sent(Cause cause, String customerId, Instant eventTime, Instant sentAt) {
    sent(cause, customerId, eventTime, sentAt, null);
  }

  /** As above, for an output the policy's quiet hours hold until {@code heldUntil} (or null). */
  synchronized void sent(
      Cause cause, String customerId, Instant eventTime, Instant sentAt, Instant heldUntil) {
    watched.put(cause, new Watch(cause, customerId, eventTime, sentAt, heldUntil));
    answered.remove(cause);
  }

  /** An alert change of a customer for a pattern, read at {@code readAt}. */
  synchronized void alertRead(
      String customerId, String pattern, Instant eventTime, Instant readAt) {
    answer(
        Cause.CANCELLATION_REQUESTED,
        customerId,
        pattern.equals("CANCELLATION_REQUESTED"),
        eventTime,
        readAt);
  }

  /** A dunning action of a customer, caused by the event at {@code causeTime}. */
  synchronized void noticeRead(
      String customerId, String actionType, Instant causeTime, Instant readAt) {
    answer(
        Cause.PAYMENT_FAILED,
        customerId,
        actionType.equals("PAYMENT_FAILED_NOTICE"),
        causeTime,
        readAt);
  }

  private void answer(
      Cause cause, String customerId, boolean fits, Instant eventTime, Instant readAt) {
    Watch w = watched.get(cause);
    if (w != null
        && fits
        && !answered.containsKey(cause)
        && w.customerId().equals(customerId)
        && !eventTime.isBefore(w.eventTime())) {
      answered.put(cause, Duration.between(w.sentAt(), readAt));
    }
  }

  /**
   * "snapshots 0.4 s behind · alerts 0.6 s · …": each output read so far, with how long ago it was
   * read when that is over ten seconds.
   */
  synchronized String line(Instant now) {
    List<String> parts = new ArrayList<>();
    for (Map.Entry<Output, Latest> e : latest.entrySet()) {
      Latest l = e.getValue();
      String part =
          e.getKey().label
              + " "
              + span(Duration.between(l.eventTime(), l.readAt()))
              + (parts.isEmpty() ? " behind" : "");
      Duration since = Duration.between(l.readAt(), now);
      parts.add(since.getSeconds() >= 10 ? part + " (read " + span(since) + " ago)" : part);
    }
    return parts.isEmpty() ? "no output read yet" : String.join(" · ", parts);
  }

  /**
   * For each cause watched: "cus-00042 asked to cancel at 14:02:03 → risk alert 1.1 s later", or
   * still waiting.
   */
  synchronized List<String> causes(Instant now) {
    List<String> lines = new ArrayList<>();
    for (Watch w : watched.values()) {
      Duration took = answered.get(w.cause());
      String outcome =
          took != null
              ? w.cause().awaited + " " + span(took) + " later"
              : w.heldUntil() != null && w.heldUntil().isAfter(now)
                  ? w.cause().awaited
                      + " held by the policy's quiet hours until "
                      + ConsoleText.WHEN.format(w.heldUntil().atZone(zone))
                  : "no "
                      + w.cause().awaited
                      + " yet ("
                      + span(Duration.between(w.sentAt(), now))
                      + ")";
      lines.add(
          String.format(
              "%s %s at %s → %s",
              w.customerId(), w.cause().what, TIME.format(w.sentAt().atZone(zone)), outcome));
    }
    return lines;
  }

  /** 0.4 s, 12 s, 5 min, 3 h, 32 days. */
  static String span(Duration d) {
    long ms = Math.max(0, d.toMillis());
    if (ms < 10_000) {
      return String.format("%.1f s", ms / 1000.0);
    }
    if (ms < 120_000) {
      return ms / 1000 + " s";
    }
    if (ms < 2 * 3_600_000) {
      return ms / 60_000 + " min";
    }
    if (ms < 2 * 86_400_000L) {
      return ms / 3_600_000 + " h";
    }
    return ms / 86_400_000L + " days";
  }
}
