package io.carteira.ingest.asaas;

import io.carteira.ingest.Unmappable;
import io.carteira.schemas.PaymentMethod;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;

/**
 * How Asaas writes money, dates and billing cycles, read exactly.
 *
 * <ul>
 *   <li>Values are decimal reais ({@code 49.9}): read as decimals, never doubles, and brought to
 *       centavos exactly; a value with a fraction of a centavo is refused rather than rounded.
 *   <li>Dates are {@code yyyy-MM-dd} in payment payloads and {@code dd/MM/yyyy} in subscription
 *       payloads; both forms are read wherever they appear (a dash or a slash tells them apart). An
 *       event's own {@code dateCreated} is {@code yyyy-MM-dd HH:mm:ss}, in the business's time zone
 *       (Asaas writes Brasília time).
 *   <li>A cycle's MRR is its value per month: weekly × 52/12, every two weeks × 26/12, monthly × 1,
 *       every two months ÷ 2, quarterly ÷ 3, half-yearly ÷ 6, yearly ÷ 12; rounded half up.
 * </ul>
 */
final class AsaasValues {

  private static final DateTimeFormatter ISO_DATE =
      DateTimeFormatter.ofPattern("uuuu-MM-dd").withResolverStyle(ResolverStyle.STRICT);
  private static final DateTimeFormatter BRAZILIAN_DATE =
      DateTimeFormatter.ofPattern("dd/MM/uuuu").withResolverStyle(ResolverStyle.STRICT);
  private static final DateTimeFormatter DATE_TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss").withResolverStyle(ResolverStyle.STRICT);

  private AsaasValues() {}

  /** Reais to centavos, exactly. */
  static long centavos(BigDecimal reais, String field) {
    if (reais.signum() < 0) {
      throw new Unmappable("field " + field + " is negative: " + reais.toPlainString());
    }
    BigDecimal centavos = reais.movePointRight(2);
    if (centavos.stripTrailingZeros().scale() > 0) {
      throw new Unmappable(
          "field " + field + " has a fraction of a centavo: " + reais.toPlainString());
    }
    return centavos.longValueExact();
  }

  /** A date as {@code yyyy-MM-dd} or {@code dd/MM/yyyy}. */
  static LocalDate date(String text, String field) {
    try {
      return text.contains("/")
          ? LocalDate.parse(text.trim(), BRAZILIAN_DATE)
          : LocalDate.parse(text.trim(), ISO_DATE);
    } catch (DateTimeException e) {
      throw new Unmappable("field " + field + " is not a date: '" + text + "'");
    }
  }

  /** An instant written {@code yyyy-MM-dd HH:mm:ss} in {@code zone}, or with an offset (ISO). */
  static Instant dateTime(String text, String field, ZoneId zone) {
    String trimmed = text.trim();
    try {
      if (trimmed.length() == 10) {
        return date(trimmed, field).atStartOfDay(zone).toInstant();
      }
      if (trimmed.contains("T")) {
        return OffsetDateTime.parse(trimmed).toInstant();
      }
      return LocalDateTime.parse(trimmed, DATE_TIME).atZone(zone).toInstant();
    } catch (DateTimeException e) {
      throw new Unmappable("field " + field + " is not a date and time: '" + text + "'");
    }
  }

  /** The MRR in centavos of a subscription of {@code value} reais charged every {@code cycle}. */
  static long mrr(BigDecimal value, String cycle) {
    BigDecimal perMonth =
        switch (cycle) {
          case "WEEKLY" ->
              value
                  .multiply(BigDecimal.valueOf(52))
                  .divide(BigDecimal.valueOf(12), MathContext.DECIMAL128);
          case "BIWEEKLY" ->
              value
                  .multiply(BigDecimal.valueOf(26))
                  .divide(BigDecimal.valueOf(12), MathContext.DECIMAL128);
          case "MONTHLY" -> value;
          case "BIMONTHLY" -> value.divide(BigDecimal.valueOf(2), MathContext.DECIMAL128);
          case "QUARTERLY" -> value.divide(BigDecimal.valueOf(3), MathContext.DECIMAL128);
          case "SEMIANNUALLY" -> value.divide(BigDecimal.valueOf(6), MathContext.DECIMAL128);
          case "YEARLY" -> value.divide(BigDecimal.valueOf(12), MathContext.DECIMAL128);
          default -> throw new Unmappable("unknown subscription cycle '" + cycle + "'");
        };
    if (value.signum() < 0) {
      throw new Unmappable("field value is negative: " + value.toPlainString());
    }
    return perMonth.movePointRight(2).setScale(0, RoundingMode.HALF_UP).longValueExact();
  }

  /** Asaas's billing type as Carteira's method; null when the customer is to choose. */
  static PaymentMethod method(String billingType) {
    if (billingType == null) {
      return null;
    }
    return switch (billingType) {
      case "BOLETO" -> PaymentMethod.BOLETO;
      case "PIX" -> PaymentMethod.PIX;
      case "CREDIT_CARD", "DEBIT_CARD" -> PaymentMethod.CARD;
      case "UNDEFINED" -> null;
      default -> PaymentMethod.OTHER;
    };
  }
}
