package io.carteira.jobs.config;

import java.util.Locale;
import java.util.function.Function;

/**
 * One configuration setting: its key, type, default and what it does. Every setting of Carteira is
 * declared once, in {@link Knobs}.
 */
public record Knob<T>(
    String key,
    Class<T> type,
    String defaultValue,
    String description,
    Function<String, T> parser) {

  public T parse(String text) {
    try {
      return parser.apply(text.trim());
    } catch (RuntimeException e) {
      throw new ConfigException(
          key
              + ": '"
              + text
              + "' is not a valid "
              + type.getSimpleName()
              + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"));
    }
  }

  /**
   * The environment variable that overrides this knob: CARTEIRA_ + key in upper case, '.' and '-'
   * as '_'.
   */
  public String environmentVariable() {
    return "CARTEIRA_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }
}
