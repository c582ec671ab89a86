package io.carteira.operators.model;

import io.carteira.schemas.CustomerActivity;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;

/**
 * A customer's usage by week (logins and feature uses, Monday to Sunday in the business's zone),
 * kept for a bounded number of weeks, and its trend: the last complete week against the customer's
 * own baseline, the average of the weeks before it.
 */
public final class UsageHistory {

  /**
   * Weeks kept: the longest baseline a policy may ask for, the last complete week and the current
   * one.
   */
  public static final int WEEKS_KEPT = 14;

  private UsageHistory() {}

  public static LocalDate weekOf(Instant instant, ZoneId zone) {
    return instant
        .atZone(zone)
        .toLocalDate()
        .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
  }

  /** Counts one use at {@code when}, and moves the last activity forward. */
  public static void record(CustomerActivity state, Instant when, ZoneId zone) {
    if (state.getLastActivityAt() == null || when.isAfter(state.getLastActivityAt())) {
      state.setLastActivityAt(when);
    }
    LocalDate week = weekOf(when, zone);
    List<Integer> weeks = new ArrayList<>(state.getUsageWeeks());
    LocalDate newest = state.getUsageWeekStart();
    if (newest == null) {
      weeks.add(1);
      state.setUsageWeekStart(week);
    } else if (week.isAfter(newest)) {
      long gap = ChronoUnit.WEEKS.between(newest, week);
      for (long i = 1; i < Math.min(gap, WEEKS_KEPT + 1); i++) {
        weeks.add(0);
      }
      weeks.add(1);
      state.setUsageWeekStart(week);
    } else {
      int back = (int) ChronoUnit.WEEKS.between(week, newest);
      int index = weeks.size() - 1 - back;
      if (index < 0) {
        return; // older than anything kept
      }
      weeks.set(index, weeks.get(index) + 1);
    }
    while (weeks.size() > WEEKS_KEPT) {
      weeks.remove(0);
    }
    state.setUsageWeeks(weeks);
  }

  /**
   * Uses in the last complete week before {@code asOf} over the average of the {@code
   * baselineWeeks} weeks before that; null without two weeks of baseline or with a zero one.
   */
  public static Double trend(CustomerActivity state, Instant asOf, ZoneId zone, int baselineWeeks) {
    return trend(state, weekOf(asOf, zone).minusWeeks(1), baselineWeeks, 0);
  }

  /**
   * As {@link #trend}, but null unless the baseline averages at least {@code minWeeklyUses} uses a
   * week: a small account's quiet week is no trend.
   */
  public static Double trend(
      CustomerActivity state, Instant asOf, ZoneId zone, int baselineWeeks, int minWeeklyUses) {
    return trend(state, weekOf(asOf, zone).minusWeeks(1), baselineWeeks, minWeeklyUses);
  }

  /**
   * Whether usage has stayed under {@code trend} of the baseline for the last {@code weeks}
   * complete weeks in a row, the baseline being the {@code baselineWeeks} weeks before the first of
   * them and averaging at least {@code minWeeklyUses}: the highest of those weeks' trends, or null
   * when usage has not collapsed so.
   */
  public static Double collapse(
      CustomerActivity state,
      Instant asOf,
      ZoneId zone,
      int baselineWeeks,
      int weeks,
      double trend,
      int minWeeklyUses) {
    LocalDate lastComplete = weekOf(asOf, zone).minusWeeks(1);
    Double highest = null;
    for (int back = weeks - 1; back >= 0; back--) {
      LocalDate week = lastComplete.minusWeeks(back);
      Double t = trendAgainst(state, week, lastComplete.minusWeeks(weeks - 1), baselineWeeks);
      if (t == null
          || t >= trend
          || baseline(state, lastComplete.minusWeeks(weeks - 1), baselineWeeks) < minWeeklyUses) {
        return null;
      }
      highest = highest == null ? t : Math.max(highest, t);
    }
    return highest;
  }

  private static Double trend(
      CustomerActivity state, LocalDate lastComplete, int baselineWeeks, int minWeeklyUses) {
    Double t = trendAgainst(state, lastComplete, lastComplete, baselineWeeks);
    return t == null || baseline(state, lastComplete, baselineWeeks) < minWeeklyUses ? null : t;
  }

  /** Average weekly uses of the {@code baselineWeeks} weeks before {@code first}; 0 unknown. */
  private static double baseline(CustomerActivity state, LocalDate first, int baselineWeeks) {
    LocalDate newest = state.getUsageWeekStart();
    if (newest == null) {
      return 0;
    }
    List<Integer> weeks = state.getUsageWeeks();
    LocalDate oldest = newest.minusWeeks(weeks.size() - 1);
    long total = 0;
    int count = 0;
    for (int i = 1; i <= baselineWeeks; i++) {
      LocalDate week = first.minusWeeks(i);
      if (week.isBefore(oldest)) {
        break;
      }
      total += uses(weeks, newest, week);
      count++;
    }
    return count == 0 ? 0 : (double) total / count;
  }

  /**
   * Uses in {@code week} over the average of the {@code baselineWeeks} weeks before {@code first}.
   */
  private static Double trendAgainst(
      CustomerActivity state, LocalDate week, LocalDate first, int baselineWeeks) {
    LocalDate newest = state.getUsageWeekStart();
    if (newest == null) {
      return null;
    }
    List<Integer> weeks = state.getUsageWeeks();
    LocalDate oldest = newest.minusWeeks(weeks.size() - 1);
    long baselineTotal = 0;
    int baselineCount = 0;
    for (int i = 1; i <= baselineWeeks; i++) {
      LocalDate before = first.minusWeeks(i);
      if (before.isBefore(oldest)) {
        break;
      }
      baselineTotal += uses(weeks, newest, before);
      baselineCount++;
    }
    if (baselineCount < 2 || baselineTotal == 0) {
      return null;
    }
    double baseline = (double) baselineTotal / baselineCount;
    return uses(weeks, newest, week) / baseline;
  }

  /** The next week boundary at which the trend may change, while there is usage to compare. */
  public static Instant nextWeek(CustomerActivity state, Instant asOf, ZoneId zone) {
    if (state.getUsageWeekStart() == null) {
      return null;
    }
    LocalDate next = weekOf(asOf, zone).plusWeeks(1);
    if (next.isAfter(state.getUsageWeekStart().plusWeeks(WEEKS_KEPT))) {
      return null; // all kept weeks are behind us: nothing left to move
    }
    return next.atStartOfDay(zone).toInstant();
  }

  private static int uses(List<Integer> weeks, LocalDate newest, LocalDate week) {
    if (week.isAfter(newest)) {
      return 0;
    }
    int index = weeks.size() - 1 - (int) ChronoUnit.WEEKS.between(week, newest);
    return index < 0 ? 0 : weeks.get(index);
  }
}
