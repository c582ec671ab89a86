package io.carteira.cli;

import java.text.NumberFormat;
import java.util.Locale;

/** Money for people: minor units to "R$ 1.234,56". */
final class Money {

  private static final Locale PT_BR = Locale.forLanguageTag("pt-BR");

  private Money() {}

  static String brl(long minor) {
    NumberFormat format = NumberFormat.getNumberInstance(PT_BR);
    format.setMinimumFractionDigits(2);
    format.setMaximumFractionDigits(2);
    return "R$ " + format.format(minor / 100.0);
  }
}
