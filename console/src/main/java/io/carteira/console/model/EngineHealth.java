package io.carteira.console.model;

import io.carteira.schemas.DeadLetter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How the engine is doing, as far as its topics (and Flink's REST API, when reachable) tell: the
 * input topics' rates, the dead letters by kind with the latest ones, how far behind the wall clock
 * each output is, and the job's checkpoints.
 */
public final class EngineHealth {

  /**
   * An output's freshest record: the event time it describes, when it was read, and how many
   * records were read.
   */
  public record Lag(Instant eventTime, Instant readAt, long records) {
    /** How far behind real time the output was when its freshest record was read. */
    public Duration behind() {
      return Duration.between(eventTime, readAt);
    }
  }

  /** An input topic's records so far and its rate over the last sample, records a second. */
  public record Rate(long records, double perSecond) {}

  static final int DEAD_LETTERS_KEPT = 20;

  private final Map<String, Lag> lag = new LinkedHashMap<>();
  private final Map<String, Long> deadLettersByKind = new TreeMap<>();
  private final ArrayDeque<DeadLetter> deadLetters = new ArrayDeque<>();
  private final Map<String, Rate> rates = new LinkedHashMap<>();
  private Map<String, Long> lastEnds;
  private Instant lastSampled;
  private Object checkpoints;
  private String checkpointsSource;

  /** A record of {@code output} describing {@code eventTime}, read at {@code readAt}. */
  public synchronized void read(String output, Instant eventTime, Instant readAt) {
    Lag before = lag.get(output);
    Instant freshest =
        before == null || eventTime.isAfter(before.eventTime()) ? eventTime : before.eventTime();
    lag.put(output, new Lag(freshest, readAt, before == null ? 1 : before.records() + 1));
  }

  public synchronized void deadLetter(DeadLetter d) {
    deadLettersByKind.merge(d.getErrorKind().name(), 1L, Long::sum);
    deadLetters.addFirst(d);
    if (deadLetters.size() > DEAD_LETTERS_KEPT) {
      deadLetters.removeLast();
    }
  }

  /** The input topics' end offsets at {@code at}: their rates are the change since the last. */
  public synchronized void inputs(Map<String, Long> ends, Instant at) {
    if (lastEnds != null) {
      double seconds = Math.max(0.001, Duration.between(lastSampled, at).toMillis() / 1000.0);
      ends.forEach(
          (topic, end) ->
              rates.put(
                  topic,
                  new Rate(end, Math.max(0, end - lastEnds.getOrDefault(topic, end)) / seconds)));
    } else {
      ends.forEach((topic, end) -> rates.put(topic, new Rate(end, 0)));
    }
    lastEnds = ends;
    lastSampled = at;
  }

  /** What Flink's REST API said of the job's checkpoints (a JSON tree), and where it was asked. */
  public synchronized void checkpoints(Object summary, String source) {
    this.checkpoints = summary;
    this.checkpointsSource = source;
  }

  public synchronized Map<String, Lag> lag() {
    return new LinkedHashMap<>(lag);
  }

  public synchronized Map<String, Long> deadLettersByKind() {
    return new TreeMap<>(deadLettersByKind);
  }

  public synchronized List<DeadLetter> latestDeadLetters() {
    return List.copyOf(deadLetters);
  }

  public synchronized Map<String, Rate> rates() {
    return new LinkedHashMap<>(rates);
  }

  public synchronized Object checkpoints() {
    return checkpoints;
  }

  public synchronized String checkpointsSource() {
    return checkpointsSource;
  }

  public synchronized long deadLetterCount() {
    return deadLettersByKind.values().stream().mapToLong(Long::longValue).sum();
  }
}
