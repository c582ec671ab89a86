package io.carteira.embedded.generator;

import io.carteira.schemas.PaymentMethod;
import io.carteira.schemas.SubscriptionEventType;
import java.util.EnumSet;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The ordinary ups and downs of a customer who stays, which an alert must not take for churn: a
 * holiday, one late boleto, a card declined once and paid on the retry, one bad survey score, a
 * seasonal pause, a one- or two-seat account whose use is low and comes in bursts. Drawn per
 * customer from a random stream of its own, so a portfolio without noise is the same, event for
 * event, as one generated before noise existed.
 */
public final class Noise {

  /** The kinds of noise. */
  public enum Kind {
    /** 7 to 14 days without a login, once or twice a year. */
    HOLIDAY_SILENCE,
    /** One boleto or PIX invoice paid 4 to 12 days late. */
    LATE_BOLETO,
    /** One card charge soft-declined (insufficient funds, do not honor), paid on the retry. */
    SOFT_DECLINE,
    /** One detractor survey score (NPS 3 to 6) from a customer who stays. */
    DETRACTOR,
    /** The subscription paused for 14 to 28 days, then resumed; no use, no invoice meanwhile. */
    SEASONAL_PAUSE,
    /** One or two seats on the smallest plan: a login on under half the days, quiet weeks. */
    SMALL_ACCOUNT
  }

  static final Noise NONE = new Noise(EnumSet.noneOf(Kind.class), 0, 0, 0, 0, 0, 0, 0, 0, 0);

  private static final long STREAM = 0x6E6F697365L; // "noise"

  private final Set<Kind> kinds;
  private final int holidayStart;
  private final int holidayDays;
  private final int secondHolidayStart;
  private final int lateInvoice;
  private final int lateDays;
  private final int declinedInvoice;
  private final int detractorSurvey;
  private final int pauseStart;
  private final int pauseDays;

  private Noise(
      Set<Kind> kinds,
      int holidayStart,
      int holidayDays,
      int secondHolidayStart,
      int lateInvoice,
      int lateDays,
      int declinedInvoice,
      int detractorSurvey,
      int pauseStart,
      int pauseDays) {
    this.kinds = kinds;
    this.holidayStart = holidayStart;
    this.holidayDays = holidayDays;
    this.secondHolidayStart = secondHolidayStart;
    this.lateInvoice = lateInvoice;
    this.lateDays = lateDays;
    this.declinedInvoice = declinedInvoice;
    this.detractorSurvey = detractorSurvey;
    this.pauseStart = pauseStart;
    this.pauseDays = pauseDays;
  }

  /**
   * The noise of one healthy customer: each kind drawn on its own, so some customers have none and
   * some several. Boleto lateness only for boleto and PIX payers, a soft decline only for cards.
   */
  static Noise draw(long seed, int index, PaymentMethod method) {
    SplittableRandom r = new SplittableRandom(PortfolioGenerator.mix(seed ^ STREAM, index, -2));
    Set<Kind> kinds = EnumSet.noneOf(Kind.class);
    add(kinds, Kind.HOLIDAY_SILENCE, r.nextDouble() < 0.35);
    add(kinds, Kind.LATE_BOLETO, method != PaymentMethod.CARD && r.nextDouble() < 0.35);
    add(kinds, Kind.SOFT_DECLINE, method == PaymentMethod.CARD && r.nextDouble() < 0.35);
    add(kinds, Kind.DETRACTOR, r.nextDouble() < 0.12);
    add(kinds, Kind.SEASONAL_PAUSE, r.nextDouble() < 0.08);
    add(kinds, Kind.SMALL_ACCOUNT, r.nextDouble() < 0.25);
    return new Noise(
        kinds,
        30 + r.nextInt(100),
        7 + r.nextInt(8),
        r.nextDouble() < 0.4 ? 150 + r.nextInt(60) : -1,
        2 + r.nextInt(5),
        4 + r.nextInt(9),
        2 + r.nextInt(5),
        1 + r.nextInt(2),
        40 + r.nextInt(100),
        14 + r.nextInt(15));
  }

  private static void add(Set<Kind> kinds, Kind kind, boolean drawn) {
    if (drawn) {
      kinds.add(kind);
    }
  }

  public Set<Kind> kinds() {
    return Set.copyOf(kinds);
  }

  boolean has(Kind kind) {
    return kinds.contains(kind);
  }

  /** Whether the customer is on holiday on day {@code tenure} of its subscription: no login. */
  boolean onHoliday(int tenure) {
    if (!has(Kind.HOLIDAY_SILENCE)) {
      return false;
    }
    return within(tenure, holidayStart, holidayDays)
        || (secondHolidayStart > 0 && within(tenure, secondHolidayStart, holidayDays));
  }

  /** Whether the subscription is paused on day {@code tenure}. */
  boolean paused(int tenure) {
    return has(Kind.SEASONAL_PAUSE) && within(tenure, pauseStart, pauseDays);
  }

  /** The subscription event of a seasonal pause on day {@code tenure}: paused, resumed, or null. */
  SubscriptionEventType pauseEvent(int tenure) {
    if (!has(Kind.SEASONAL_PAUSE)) {
      return null;
    }
    return tenure == pauseStart
        ? SubscriptionEventType.PAUSED
        : tenure == pauseStart + pauseDays ? SubscriptionEventType.RESUMED : null;
  }

  /** Days late the customer pays its {@code invoice}-th invoice; 0: as it would anyway. */
  int daysLate(int invoice) {
    return has(Kind.LATE_BOLETO) && invoice == lateInvoice ? lateDays : 0;
  }

  /** Whether the first charge of the {@code invoice}-th invoice is soft-declined. */
  boolean softDeclines(int invoice) {
    return has(Kind.SOFT_DECLINE) && invoice == declinedInvoice;
  }

  /** The score of the {@code survey}-th NPS survey if it is the detractor one; null otherwise. */
  Integer detractorScore(int survey, SplittableRandom r) {
    return has(Kind.DETRACTOR) && survey == detractorSurvey ? 3 + r.nextInt(4) : null;
  }

  /**
   * The chance of using the product on a day, for a small account: under half the days, and in a
   * third of its weeks hardly at all.
   */
  double usageChance(double chance, int tenure, long seed, int index) {
    if (!has(Kind.SMALL_ACCOUNT)) {
      return chance;
    }
    SplittableRandom week =
        new SplittableRandom(PortfolioGenerator.mix(seed ^ STREAM, index, tenure / 7));
    return week.nextDouble() < 0.3 ? 0.08 : 0.45;
  }

  private static boolean within(int tenure, int start, int days) {
    return tenure >= start && tenure < start + days;
  }
}
