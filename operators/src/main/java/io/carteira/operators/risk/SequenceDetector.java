package io.carteira.operators.risk;

import io.carteira.schemas.ChurnSignal;
import io.carteira.schemas.HeldSignal;
import io.carteira.schemas.PartialSequence;
import io.carteira.schemas.RiskSignal;
import io.carteira.schemas.SequenceBook;
import io.carteira.schemas.SignalKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Matches the sequence precursors of one customer, as plain Java, on the signals in the order they
 * are applied (event time, see {@link SequenceDetectorFunction}), with the counts and windows of
 * the sequences passed in at each signal: a policy change applies to the next signal.
 *
 * <p>Per sequence the customer's {@link SequenceBook} holds the signals that may still begin or
 * extend a match, each with the instant it was applied at. The rules, those of a Flink CEP pattern
 * with {@code skipPastLastEvent} and {@code within(window)} measured from the first event:
 *
 * <ul>
 *   <li>a held signal {@code window} or more before the signal applied can no longer begin a match
 *       and is dropped (a match spans less than its window);
 *   <li>{@code FAILED_PAYMENT_STREAK}: a failure (soft or hard) is held; {@code count} failures
 *       held match, the last {@code count}; a success drops every failure held (no success
 *       between);
 *   <li>{@code DOWNGRADE_SPIRAL}: {@code count} contractions held match, the last {@code count};
 *   <li>{@code TICKETS_THEN_DISSATISFACTION}: a ticket is held; a detractor score or a contraction
 *       with {@code count} tickets held matches the earliest {@code count} and itself, else is
 *       ignored;
 *   <li>{@code DETRACTOR_THEN_USAGE_DROP}: a detractor score is held; a usage drop with one held
 *       matches the earliest and itself, else is ignored;
 *   <li>after a match, every signal of that sequence held is dropped: matching resumes past the
 *       match's last signal.
 * </ul>
 */
public final class SequenceDetector {

  private SequenceDetector() {}

  /** A customer's empty book. */
  public static SequenceBook newBook() {
    return new SequenceBook(new ArrayList<>(), null, null);
  }

  /**
   * Applies {@code signal} at {@code at} to the sequences that read its kind.
   *
   * @return the detections it completes, in the order of {@code sequences}
   */
  public static List<RiskSignal> apply(
      SequenceBook book, ChurnSignal signal, long at, List<SequencePatterns.Sequence> sequences) {
    List<RiskSignal> detections = new ArrayList<>(1);
    for (SequencePatterns.Sequence sequence : sequences) {
      if (!sequence.accepts(signal)) {
        continue;
      }
      PartialSequence partial = partialOf(book, sequence.pattern().name());
      List<HeldSignal> held = partial.getSignals();
      expire(held, at, sequence);
      List<HeldSignal> matched = match(sequence, held, signal, at);
      if (matched != null) {
        held.clear();
        detections.add(sequence.detection(signals(matched, signal.getCustomerId())));
      }
      if (held.isEmpty()) {
        book.getPartial().remove(partial);
      }
    }
    return detections;
  }

  /** The signals matched, the signal applied among them; null when none (then it may be held). */
  private static List<HeldSignal> match(
      SequencePatterns.Sequence sequence, List<HeldSignal> held, ChurnSignal signal, long at) {
    int count = sequence.count();
    SignalKind kind = signal.getKind();
    return switch (sequence.pattern()) {
      case FAILED_PAYMENT_STREAK, DOWNGRADE_SPIRAL -> {
        if (kind == SignalKind.PAYMENT_SUCCEEDED) {
          held.clear();
          yield null;
        }
        held.add(held(signal, at));
        yield held.size() >= count
            ? new ArrayList<>(held.subList(held.size() - count, held.size()))
            : null;
      }
      case TICKETS_THEN_DISSATISFACTION, DETRACTOR_THEN_USAGE_DROP -> {
        SignalKind opening =
            sequence.pattern() == ChurnPattern.TICKETS_THEN_DISSATISFACTION
                ? SignalKind.SUPPORT_TICKET_OPENED
                : SignalKind.DETRACTOR_SCORE;
        if (kind == opening) {
          held.add(held(signal, at));
          yield null;
        }
        if (held.size() < count) {
          yield null; // not yet enough to open the sequence: ignored
        }
        List<HeldSignal> matched = new ArrayList<>(held.subList(0, count));
        matched.add(held(signal, at));
        yield matched;
      }
      default -> throw new IllegalStateException(sequence.pattern() + " is not a sequence");
    };
  }

  /**
   * Drops what can no longer begin a match at {@code now} (housekeeping on the customer's timer; a
   * later signal would drop it as well).
   */
  public static void expireAt(
      SequenceBook book, long now, List<SequencePatterns.Sequence> sequences) {
    for (SequencePatterns.Sequence sequence : sequences) {
      PartialSequence partial = find(book, sequence.pattern().name());
      if (partial != null) {
        expire(partial.getSignals(), now, sequence);
        if (partial.getSignals().isEmpty()) {
          book.getPartial().remove(partial);
        }
      }
    }
    book.getPartial().removeIf(p -> p.getSignals().isEmpty());
  }

  /**
   * When the earliest held signal can no longer begin a match: the instant to look again, or null
   * when nothing is held.
   */
  public static Instant nextExpiry(SequenceBook book, List<SequencePatterns.Sequence> sequences) {
    Long next = null;
    for (SequencePatterns.Sequence sequence : sequences) {
      PartialSequence partial = find(book, sequence.pattern().name());
      if (partial != null && !partial.getSignals().isEmpty()) {
        long at = partial.getSignals().get(0).getAt().toEpochMilli() + sequence.window().toMillis();
        next = next == null ? at : Math.min(next, at);
      }
    }
    return next == null ? null : Instant.ofEpochMilli(next);
  }

  /** Whether the book holds nothing worth keeping. */
  public static boolean isEmpty(SequenceBook book) {
    return book.getPartial().isEmpty();
  }

  private static void expire(List<HeldSignal> held, long now, SequencePatterns.Sequence sequence) {
    long window = sequence.window().toMillis();
    while (!held.isEmpty() && now - held.get(0).getAt().toEpochMilli() >= window) {
      held.remove(0);
    }
  }

  private static PartialSequence partialOf(SequenceBook book, String pattern) {
    PartialSequence partial = find(book, pattern);
    if (partial == null) {
      partial = new PartialSequence(pattern, new ArrayList<>());
      book.getPartial().add(partial);
    }
    return partial;
  }

  private static PartialSequence find(SequenceBook book, String pattern) {
    for (PartialSequence partial : book.getPartial()) {
      if (partial.getPattern().equals(pattern)) {
        return partial;
      }
    }
    return null;
  }

  private static HeldSignal held(ChurnSignal signal, long at) {
    return new HeldSignal(
        Instant.ofEpochMilli(at),
        signal.getEventId(),
        signal.getEventTime(),
        signal.getKind(),
        signal.getValue());
  }

  private static List<ChurnSignal> signals(List<HeldSignal> held, String customerId) {
    List<ChurnSignal> signals = new ArrayList<>(held.size());
    for (HeldSignal h : held) {
      signals.add(
          ChurnSignal.newBuilder()
              .setCustomerId(customerId)
              .setEventId(h.getEventId())
              .setEventTime(h.getEventTime())
              .setKind(h.getKind())
              .setValue(h.getValue())
              .build());
    }
    return signals;
  }

  /**
   * A book read from state, with lists that may be changed in place (deserialised Avro arrays may
   * not).
   */
  public static SequenceBook mutable(SequenceBook book) {
    List<PartialSequence> partial = new ArrayList<>(book.getPartial().size());
    for (PartialSequence p : book.getPartial()) {
      partial.add(new PartialSequence(p.getPattern(), new ArrayList<>(p.getSignals())));
    }
    book.setPartial(partial);
    return book;
  }
}
