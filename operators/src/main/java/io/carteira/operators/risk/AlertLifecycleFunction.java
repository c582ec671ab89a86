package io.carteira.operators.risk;

import io.carteira.operators.policy.PoliciesInForce;
import io.carteira.operators.policy.Policy;
import io.carteira.operators.time.Deadlines;
import io.carteira.operators.time.EventTimeOrder;
import io.carteira.schemas.AlertBook;
import io.carteira.schemas.AlertEpisode;
import io.carteira.schemas.AlertStatus;
import io.carteira.schemas.ChurnType;
import io.carteira.schemas.ControlMessage;
import io.carteira.schemas.Detection;
import io.carteira.schemas.HealthBand;
import io.carteira.schemas.PolicyDocument;
import io.carteira.schemas.RiskAlert;
import io.carteira.schemas.RiskContext;
import io.carteira.schemas.RiskSignal;
import io.carteira.schemas.SegmentSnapshot;
import io.carteira.schemas.Severity;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The alert lifecycle, keyed by customer: one alert per episode of a precursor, on {@code
 * risk-alerts} as {@code OPEN} → {@code ESCALATED} → {@code RESOLVED}.
 *
 * <p>Input: sequence detections from CEP, and the customer's {@link RiskContext} (health, MRR,
 * segment, owner, and the condition precursors active now) from the per-customer operator, sent
 * while the customer is watched; state is kept only while it is watched or has an episode. A
 * detection of a pattern with an open episode updates that episode; it opens no new alert. An
 * episode escalates once, when the risk score rises by {@code risk.escalate_score_rise} over its
 * score at opening or when it is still unresolved after {@code risk.escalate_after_days}. It
 * resolves once its condition has stayed clear for the cool-down ({@code risk.cooldown_hours} by
 * churn type), so a condition that flickers does not flap; sequence episodes clear on a payment
 * (involuntary), on a healthy band (voluntary), or after {@code risk.episode_expiry_days} without a
 * new match. A churned customer's episodes close at once.
 *
 * <p>{@code alert_id} is a name-based UUID of customer, pattern and opening time, and every time in
 * the output is event time, so a replay of the same input yields the same records.
 */
public class AlertLifecycleFunction
    extends KeyedBroadcastProcessFunction<String, RiskSignal, ControlMessage, RiskAlert> {

  public static final MapStateDescriptor<String, PolicyDocument> POLICIES =
      new MapStateDescriptor<>("policies", Types.STRING, new AvroTypeInfo<>(PolicyDocument.class));

  private final AlertText text;

  /** Null when signals are handled in arrival order. */
  private final EventTimeOrder<RiskSignal> eventTimeOrder;

  private transient ValueState<AlertBook> books;
  private transient PoliciesInForce policiesInForce;
  private transient Counter opened;
  private transient Counter escalated;
  private transient Counter resolved;
  private transient Counter detectionsAfterChurn;

  /**
   * @param locale language of the reasons: {@code en} or {@code pt-BR}
   */
  public AlertLifecycleFunction(String locale) {
    this(locale, true);
  }

  /**
   * @param inEventTimeOrder handle a customer's signals in event-time order once the watermark has
   *     passed them: contexts come at once from the customer operator, sequence detections only
   *     when CEP's watermark passes, and without this the lifecycle would depend on which came
   *     first
   */
  public AlertLifecycleFunction(String locale, boolean inEventTimeOrder) {
    this.text = new AlertText(locale);
    this.eventTimeOrder =
        inEventTimeOrder
            ? new EventTimeOrder<>(
                "signals-in-event-time-order", new AvroTypeInfo<>(RiskSignal.class), SAME_INSTANT)
            : null;
  }

  /** Signals of one customer at the same instant: the context first, then detections by pattern. */
  static final Comparator<RiskSignal> SAME_INSTANT =
      (Comparator<RiskSignal> & java.io.Serializable)
          (a, b) -> {
            int byKind =
                Integer.compare(a.getContext() != null ? 0 : 1, b.getContext() != null ? 0 : 1);
            return byKind != 0 ? byKind : patternOf(a).compareTo(patternOf(b));
          };

  private static String patternOf(RiskSignal signal) {
    return signal.getDetection() == null ? "" : signal.getDetection().getPattern();
  }

  @Override
  public void open(OpenContext openContext) {
    books =
        getRuntimeContext()
            .getState(
                new ValueStateDescriptor<>("alert-book", new AvroTypeInfo<>(AlertBook.class)));
    policiesInForce = new PoliciesInForce();
    opened = getRuntimeContext().getMetricGroup().counter("alertsOpened");
    escalated = getRuntimeContext().getMetricGroup().counter("alertsEscalated");
    resolved = getRuntimeContext().getMetricGroup().counter("alertsResolved");
    detectionsAfterChurn = getRuntimeContext().getMetricGroup().counter("detectionsAfterChurn");
    if (eventTimeOrder != null) {
      eventTimeOrder.open(getRuntimeContext());
    }
  }

  /**
   * The customer's book, with a list that may be changed in place (a deserialised Avro array may
   * not).
   */
  private AlertBook book() throws Exception {
    AlertBook book = books.value();
    if (book != null) {
      book.setEpisodes(new ArrayList<>(book.getEpisodes()));
    }
    return book;
  }

  @Override
  public void processElement(RiskSignal signal, ReadOnlyContext ctx, Collector<RiskAlert> out)
      throws Exception {
    if (eventTimeOrder != null
        && eventTimeOrder.hold(signal, signal.getEventTime().toEpochMilli(), ctx.timerService())) {
      return; // handled when the watermark passes it, in event-time order
    }
    apply(signal, ctx, out);
  }

  private void apply(RiskSignal signal, ReadOnlyContext ctx, Collector<RiskAlert> out)
      throws Exception {
    AlertBook book = book();
    if (book == null) {
      if (signal.getContext() != null && !signal.getContext().getWatched()) {
        return; // nothing open, nothing to watch: keep no state
      }
      book = new AlertBook(null, new ArrayList<>(), null);
    }
    Instant now = signal.getEventTime();
    Policy policy;
    if (signal.getContext() != null) {
      book.setContext(signal.getContext());
    }
    policy = policyOf(book.getContext(), ctx.getBroadcastState(POLICIES));
    String customer = ctx.getCurrentKey();
    RiskContext context = book.getContext();

    if (context != null && context.getChurned()) {
      if (signal.getContext() == null) {
        // a sequence match that reached us after the cancellation (CEP waits for the watermark):
        // the customer is gone, no alert opens for it
        detectionsAfterChurn.inc();
        return;
      }
      for (AlertEpisode episode : List.copyOf(book.getEpisodes())) {
        close(
            book,
            episode,
            now,
            score(context, book, policy),
            policy,
            text.cause("churned"),
            customer,
            out);
      }
      // remember the cancellation for a while, so late sequence matches are recognised
      Instant forgetAt = now.plus(Duration.ofDays(policy.risk().episodeExpiryDays()));
      ctx.timerService().registerEventTimeTimer(forgetAt.toEpochMilli());
      book.setTimerAt(forgetAt);
      books.update(book);
      return;
    }
    if (signal.getDetection() != null) {
      observe(book, signal.getDetection(), now, policy, customer, out);
    }
    if (signal.getContext() != null) {
      Set<String> active = new HashSet<>();
      for (Detection condition : context.getConditions()) {
        active.add(condition.getPattern());
        observe(book, condition, now, policy, customer, out);
      }
      for (AlertEpisode episode : book.getEpisodes()) {
        boolean clear =
            ChurnPattern.valueOf(episode.getPattern()).kind() == ChurnPattern.Kind.CONDITION
                ? !active.contains(episode.getPattern())
                : sequenceCleared(episode, context);
        if (clear && episode.getClearSince() == null) {
          episode.setClearSince(now);
        } else if (!clear) {
          episode.setClearSince(null);
        }
      }
      int score = score(context, book, policy);
      for (AlertEpisode episode : book.getEpisodes()) {
        if (episode.getStatus() == AlertStatus.OPEN
            && episode.getClearSince() == null
            && score >= episode.getRiskScoreAtOpen() + policy.risk().escalateScoreRise()) {
          transition(
              episode,
              AlertStatus.ESCALATED,
              now,
              score,
              policy,
              book,
              text.cause("score", episode.getRiskScoreAtOpen(), score),
              customer,
              out);
        }
      }
    }
    settle(book, now, policy, customer, out);
    save(book, ctx, now, policy);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<RiskAlert> out)
      throws Exception {
    if (eventTimeOrder != null) {
      for (RiskSignal signal : eventTimeOrder.release(timestamp)) {
        apply(signal, ctx, out);
      }
    }
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
    Instant now = Instant.ofEpochMilli(timestamp);
    Policy policy = policyOf(book.getContext(), ctx.getBroadcastState(POLICIES));
    String customer = ctx.getCurrentKey();
    int score = score(book.getContext(), book, policy);
    for (AlertEpisode episode : book.getEpisodes()) {
      if (episode.getStatus() == AlertStatus.OPEN
          && episode.getClearSince() == null
          && episode.getEscalateAt() != null
          && !now.isBefore(episode.getEscalateAt())) {
        transition(
            episode,
            AlertStatus.ESCALATED,
            now,
            score,
            policy,
            book,
            text.cause("unresolved", policy.risk().escalateAfterDays()),
            customer,
            out);
      }
    }
    settle(book, now, policy, customer, out);
    save(book, ctx, now, policy);
  }

  @Override
  public void processBroadcastElement(ControlMessage message, Context ctx, Collector<RiskAlert> out)
      throws Exception {
    if (message.getPolicy() != null) {
      ctx.getBroadcastState(POLICIES).put(message.getPolicy().getSegment(), message.getPolicy());
    }
  }

  /** A detection: refreshes the open episode of its pattern, or opens one. */
  private void observe(
      AlertBook book,
      Detection detection,
      Instant now,
      Policy policy,
      String customer,
      Collector<RiskAlert> out) {
    for (AlertEpisode episode : book.getEpisodes()) {
      if (episode.getPattern().equals(detection.getPattern())) {
        episode.setDetection(detection);
        episode.setClearSince(null);
        return;
      }
    }
    AlertEpisode episode =
        new AlertEpisode(
            alertId(customer, detection.getPattern(), now),
            detection.getPattern(),
            AlertStatus.OPEN,
            now,
            now.plus(Duration.ofDays(policy.risk().escalateAfterDays())),
            0,
            null,
            detection);
    book.getEpisodes().add(episode);
    int score = score(book.getContext(), book, policy);
    episode.setRiskScoreAtOpen(score);
    opened.inc();
    out.collect(
        alert(episode, AlertStatus.OPEN, now, score, policy, book.getContext(), null, customer));
  }

  /**
   * Resolves the episodes clear for their whole cool-down, and sequence episodes quiet past their
   * expiry.
   */
  private void settle(
      AlertBook book, Instant now, Policy policy, String customer, Collector<RiskAlert> out) {
    for (AlertEpisode episode : List.copyOf(book.getEpisodes())) {
      Instant quietUntil = quietUntil(episode, policy);
      if (quietUntil != null && !now.isBefore(quietUntil)) {
        close(
            book,
            episode,
            now,
            score(book.getContext(), book, policy),
            policy,
            text.cause("quiet", policy.risk().episodeExpiryDays()),
            customer,
            out);
      } else if (episode.getClearSince() != null
          && !now.isBefore(episode.getClearSince().plus(cooldown(episode, policy)))) {
        String cause =
            ChurnPattern.valueOf(episode.getPattern()).kind() == ChurnPattern.Kind.CONDITION
                ? text.cause("cleared")
                : ChurnPattern.valueOf(episode.getPattern()).churnType() == ChurnType.INVOLUNTARY
                    ? text.cause("paid")
                    : text.cause("healthy");
        close(
            book,
            episode,
            now,
            score(book.getContext(), book, policy),
            policy,
            cause,
            customer,
            out);
      }
    }
  }

  private void close(
      AlertBook book,
      AlertEpisode episode,
      Instant now,
      int score,
      Policy policy,
      String cause,
      String customer,
      Collector<RiskAlert> out) {
    book.getEpisodes().remove(episode);
    resolved.inc();
    out.collect(
        alert(
            episode, AlertStatus.RESOLVED, now, score, policy, book.getContext(), cause, customer));
  }

  private void transition(
      AlertEpisode episode,
      AlertStatus status,
      Instant now,
      int score,
      Policy policy,
      AlertBook book,
      String cause,
      String customer,
      Collector<RiskAlert> out) {
    episode.setStatus(status);
    escalated.inc();
    out.collect(alert(episode, status, now, score, policy, book.getContext(), cause, customer));
  }

  /**
   * Whether a sequence episode's trouble is over: paid (involuntary) or healthy again (voluntary).
   */
  static boolean sequenceCleared(AlertEpisode episode, RiskContext context) {
    if (ChurnPattern.valueOf(episode.getPattern()).churnType() == ChurnType.INVOLUNTARY) {
      return context.getLastPaymentAt() != null
          && context.getLastPaymentAt().isAfter(episode.getDetection().getDetectedAt());
    }
    return context.getHealthBand() == HealthBand.HEALTHY;
  }

  private static Instant quietUntil(AlertEpisode episode, Policy policy) {
    if (ChurnPattern.valueOf(episode.getPattern()).kind() != ChurnPattern.Kind.SEQUENCE) {
      return null;
    }
    return episode
        .getDetection()
        .getDetectedAt()
        .plus(Duration.ofDays(policy.risk().episodeExpiryDays()));
  }

  private static Duration cooldown(AlertEpisode episode, Policy policy) {
    boolean voluntary =
        ChurnPattern.valueOf(episode.getPattern()).churnType() == ChurnType.VOLUNTARY;
    return Duration.ofHours(
        voluntary
            ? policy.risk().voluntaryCooldownHours()
            : policy.risk().involuntaryCooldownHours());
  }

  /**
   * Risk 0–100: {@code risk.health_weight} × (100 − health score), plus the points of every
   * precursor with an episode not clearing, capped at 100.
   */
  static int score(RiskContext context, AlertBook book, Policy policy) {
    double points =
        context == null ? 0 : policy.risk().healthWeight() * (100 - context.getHealthScore());
    for (AlertEpisode episode : book.getEpisodes()) {
      if (episode.getClearSince() == null) {
        points += policy.risk().weight(episode.getPattern());
      }
    }
    return (int) Math.max(0, Math.min(100, Math.round(points)));
  }

  static Severity severity(int score, Policy policy) {
    Policy.Risk r = policy.risk();
    return score >= r.criticalFrom()
        ? Severity.CRITICAL
        : score >= r.highFrom()
            ? Severity.HIGH
            : score >= r.mediumFrom() ? Severity.MEDIUM : Severity.LOW;
  }

  private RiskAlert alert(
      AlertEpisode episode,
      AlertStatus status,
      Instant now,
      int score,
      Policy policy,
      RiskContext context,
      String cause,
      String customer) {
    Detection d = episode.getDetection();
    return RiskAlert.newBuilder()
        .setAlertId(episode.getAlertId())
        .setCustomerId(customer)
        .setPattern(episode.getPattern())
        .setChurnType(d.getChurnType())
        .setSeverity(severity(score, policy))
        .setRiskScore(score)
        .setStatus(status)
        .setMrrAtRiskMinor(context == null ? 0 : context.getMrrMinor())
        .setCurrency(context == null ? "BRL" : context.getCurrency())
        .setSegment(context == null ? SegmentSnapshot.newBuilder().build() : context.getSegment())
        .setAccountOwner(context == null ? null : context.getAccountOwner())
        .setEvidence(d.getEvidence())
        .setWindowStart(d.getWindowStart())
        .setWindowEnd(d.getWindowEnd())
        .setThreshold(d.getThreshold())
        .setReasons(text.reasons(d, context, status, cause))
        .setRecommendedAction(policy.action(episode.getPattern()))
        .setPolicyVersion(policy.version())
        .setEventTime(now)
        .setDetectedAt(d.getDetectedAt())
        .build();
  }

  /** The one timer: the earliest escalation, end of cool-down or expiry still pending. */
  private void save(AlertBook book, ReadOnlyContext ctx, Instant now, Policy policy)
      throws Exception {
    if (book.getEpisodes().isEmpty()
        && (book.getContext() == null || !book.getContext().getWatched())) {
      books.clear();
      return;
    }
    Instant next = null;
    for (AlertEpisode episode : book.getEpisodes()) {
      if (episode.getStatus() == AlertStatus.OPEN && episode.getClearSince() == null) {
        next = Deadlines.earliest(next, episode.getEscalateAt(), now);
      }
      if (episode.getClearSince() != null) {
        next =
            Deadlines.earliest(next, episode.getClearSince().plus(cooldown(episode, policy)), now);
      }
      next = Deadlines.earliest(next, quietUntil(episode, policy), now);
    }
    Instant registered = book.getTimerAt();
    if (next != null
        && (registered == null || !registered.isAfter(now) || next.isBefore(registered))) {
      ctx.timerService().registerEventTimeTimer(next.toEpochMilli());
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

  static String alertId(String customer, String pattern, Instant openedAt) {
    return UUID.nameUUIDFromBytes(
            (customer + "|" + pattern + "|" + openedAt.toEpochMilli())
                .getBytes(StandardCharsets.UTF_8))
        .toString();
  }
}
