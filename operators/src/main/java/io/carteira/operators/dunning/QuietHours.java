package io.carteira.operators.dunning;

import io.carteira.operators.policy.Policy;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * When a message may go out: the first instant at or after the wanted one that lies outside the
 * policy's quiet hours.
 */
public final class QuietHours {

  private QuietHours() {}

  public static Instant sendAt(Instant wanted, Policy.Messages messages, ZoneId zone) {
    LocalTime start = messages.quietStart();
    LocalTime end = messages.quietEnd();
    if (start.equals(end)) {
      return wanted;
    }
    ZonedDateTime local = wanted.atZone(zone);
    LocalTime time = local.toLocalTime();
    LocalDate day = local.toLocalDate();
    if (start.isBefore(end)) {
      // quiet within one day, e.g. 01:00–06:00
      return !time.isBefore(start) && time.isBefore(end)
          ? day.atTime(end).atZone(zone).toInstant()
          : wanted;
    }
    // quiet across midnight, e.g. 21:00–08:00
    if (!time.isBefore(start)) {
      return day.plusDays(1).atTime(end).atZone(zone).toInstant();
    }
    return time.isBefore(end) ? day.atTime(end).atZone(zone).toInstant() : wanted;
  }
}
