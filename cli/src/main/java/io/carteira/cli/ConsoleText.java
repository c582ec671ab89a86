package io.carteira.cli;

import io.carteira.schemas.CustomerHealth;
import io.carteira.schemas.HealthBand;
import io.carteira.schemas.PortfolioStatus;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * How the demo's console writes: ANSI styles, and amounts, rates and counts with a dash for none.
 */
final class ConsoleText {

  static final String CLEAR = "\033[H\033[2J";
  static final String BOLD = "\033[1m";
  static final String DIM = "\033[2m";
  static final String RED = "\033[31m";
  static final String YELLOW = "\033[33m";
  static final String GREEN = "\033[32m";
  static final String RESET = "\033[0m";

  /** A time in the portfolio's zone, as the console shows it: 05/12 14:02:03. */
  static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("dd/MM HH:mm:ss");

  private ConsoleText() {}

  static String brl(Long minor) {
    return minor == null ? "–" : Money.brl(minor);
  }

  static String percent(Double rate) {
    return rate == null ? "–" : String.format("%.1f%%", 100 * rate);
  }

  static String ratio(Double value) {
    return value == null ? "–" : String.format("%.1f", value);
  }

  static String count(Double value) {
    return value == null ? "–" : String.format("%,d", value.longValue());
  }

  static String counts(Map<String, Long> counts) {
    StringBuilder text = new StringBuilder();
    counts.forEach(
        (k, v) ->
            text.append(text.length() == 0 ? "" : "  ")
                .append(k.toLowerCase().replace('_', ' '))
                .append(' ')
                .append(String.format("%,d", v)));
    return text.toString();
  }

  static long totalMrr(LivePortfolio.Summary s) {
    return s.byStatus().values().stream().mapToLong(v -> v[1]).sum();
  }

  static String why(CustomerHealth c) {
    StringBuilder reasons = new StringBuilder();
    c.getContributions().stream()
        .filter(p -> p.getPoints() < 0)
        .sorted((x, y) -> Integer.compare(x.getPoints(), y.getPoints()))
        .limit(2)
        .forEach(p -> reasons.append(reasons.length() == 0 ? "" : "; ").append(p.getDetail()));
    return reasons.toString();
  }

  static String label(PortfolioStatus status) {
    return switch (status) {
      case ACTIVE -> "active";
      case IN_RENEWAL -> "in renewal";
      case INACTIVE -> "inactive (churned)";
      case PROSPECT -> "prospect";
    };
  }

  static String color(HealthBand band) {
    return switch (band) {
      case HEALTHY -> GREEN;
      case ATTENTION -> YELLOW;
      case AT_RISK, CRITICAL -> RED;
    };
  }
}
