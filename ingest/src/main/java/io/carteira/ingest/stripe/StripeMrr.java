package io.carteira.ingest.stripe;

import static io.carteira.ingest.Json.at;
import static io.carteira.ingest.Json.decimal;
import static io.carteira.ingest.Json.text;
import static io.carteira.ingest.Json.whole;

import com.fasterxml.jackson.databind.JsonNode;
import io.carteira.ingest.Unmappable;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Locale;

/**
 * A Stripe subscription's MRR, in minor units: the sum over its items of unit amount × quantity,
 * brought to one month by the price's interval and interval count (a year is 12 months, a week
 * 52/12 of a month, a day 365/12 of one), rounded half up once, at the end. Derived, not observed:
 * Stripe states prices, not MRR. Discounts and taxes are left out (MRR is the list price), metered
 * prices count nothing (their amount is known only when billed), and a price without a unit amount
 * (tiered) counts nothing, since its tiers are not in the payload. A trialing subscription's MRR is
 * 0: it pays nothing yet.
 */
final class StripeMrr {

  private static final BigDecimal TWELVE = BigDecimal.valueOf(12);

  private StripeMrr() {}

  /** MRR, plan (the first item's price) and currency of {@code subscription}. */
  record Plan(long mrrMinor, String planId, String currency) {}

  static Plan of(JsonNode subscription) {
    JsonNode items = at(subscription, "items.data");
    if (items == null || !items.isArray() || items.isEmpty()) {
      throw new Unmappable("subscription " + text(subscription, "id") + " has no items");
    }
    BigDecimal monthly = BigDecimal.ZERO;
    String planId = null;
    String currency = text(subscription, "currency");
    for (JsonNode item : items) {
      JsonNode price = at(item, "price") != null ? at(item, "price") : at(item, "plan");
      if (price == null) {
        throw new Unmappable("subscription item " + text(item, "id") + " has no price");
      }
      if (planId == null) {
        planId = text(price, "id");
      }
      if (currency == null) {
        currency = text(price, "currency");
      }
      monthly = monthly.add(monthlyAmount(item, price));
    }
    if (currency == null) {
      throw new Unmappable("missing field data.object.currency");
    }
    long mrr =
        "trialing".equals(text(subscription, "status"))
            ? 0
            : monthly.setScale(0, RoundingMode.HALF_UP).longValueExact();
    return new Plan(mrr, planId, currency.toUpperCase(Locale.ROOT));
  }

  /** One item's amount per month, unrounded. */
  static BigDecimal monthlyAmount(JsonNode item, JsonNode price) {
    String usage = first(text(price, "recurring.usage_type"), text(price, "usage_type"));
    if ("metered".equals(usage)) {
      return BigDecimal.ZERO;
    }
    BigDecimal unit =
        firstDecimal(
            decimal(price, "unit_amount_decimal"),
            decimal(price, "unit_amount"),
            decimal(price, "amount_decimal"),
            decimal(price, "amount"));
    if (unit == null) {
      return BigDecimal.ZERO;
    }
    String interval = first(text(price, "recurring.interval"), text(price, "interval"));
    Long count = whole(price, "recurring.interval_count");
    if (count == null) {
      count = whole(price, "interval_count");
    }
    if (interval == null) {
      throw new Unmappable("price " + text(price, "id") + " is not recurring");
    }
    if (count == null || count < 1) {
      count = 1L;
    }
    Long quantity = whole(item, "quantity");
    BigDecimal amount = unit.multiply(BigDecimal.valueOf(quantity == null ? 1 : quantity));
    BigDecimal months =
        switch (interval) {
          case "month" -> BigDecimal.ONE;
          case "year" -> TWELVE;
          case "week" -> TWELVE.divide(BigDecimal.valueOf(52), MathContext.DECIMAL128);
          case "day" -> TWELVE.divide(BigDecimal.valueOf(365), MathContext.DECIMAL128);
          default -> throw new Unmappable("unknown price interval '" + interval + "'");
        };
    return amount.divide(months.multiply(BigDecimal.valueOf(count)), MathContext.DECIMAL128);
  }

  private static String first(String a, String b) {
    return a != null ? a : b;
  }

  private static BigDecimal firstDecimal(BigDecimal... values) {
    for (BigDecimal value : values) {
      if (value != null) {
        return value;
      }
    }
    return null;
  }
}
