package io.carteira.operators.risk;

import io.carteira.schemas.AlertBook;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * A customer's alert records in time: they never go back, and an alert id names one alert only.
 *
 * <p>Signals reach the lifecycle in event-time order, except a late one (its event time already
 * behind the watermark, as when an input partition was idle a while): it is applied at once, at its
 * own time. An alert it opened could then take the id of an alert already opened and resolved at
 * that instant, a second {@code OPEN} of the same id. So a signal is applied at its event time or
 * at the time of the customer's latest alert record, whichever is later; and the alerts opened at
 * that instant are counted, so an alert opened again at the instant of an earlier one (opened,
 * cleared with a cool-down of 0 and reopened at once) gets an id of its own.
 */
final class BookClock {

  private BookClock() {}

  /**
   * The instant to act at for something that happens at {@code at}: {@code at}, or the time of the
   * customer's latest alert record when that is later.
   */
  static Instant actAt(AlertBook book, Instant at) {
    Instant last = book.getLastAlertAt();
    return last != null && last.isAfter(at) ? last : at;
  }

  /** An alert record goes out at {@code now} (never before the latest). */
  static void published(AlertBook book, Instant now) {
    if (book.getLastAlertAt() == null || now.isAfter(book.getLastAlertAt())) {
      book.setLastAlertAt(now);
      book.setOpenedAtLastAlert(0);
    }
  }

  /**
   * The id of an alert the book opens at {@code now}: a name-based UUID of customer, pattern and
   * opening time, and of how many alerts the book opened before at that same instant when any.
   */
  static String openAlert(AlertBook book, String customer, String pattern, Instant now) {
    published(book, now);
    int before = book.getOpenedAtLastAlert();
    book.setOpenedAtLastAlert(before + 1);
    return alertId(customer, pattern, now, before);
  }

  /** The id of the ({@code before} + 1)-th alert a customer opens at {@code openedAt}. */
  static String alertId(String customer, String pattern, Instant openedAt, int before) {
    String name = customer + "|" + pattern + "|" + openedAt.toEpochMilli();
    return UUID.nameUUIDFromBytes(
            (before == 0 ? name : name + "|" + before).getBytes(StandardCharsets.UTF_8))
        .toString();
  }
}
