package io.carteira.jobs.config;

import java.util.Locale;
import java.util.function.Function;

/**
 * One configuration setting: its key, type, default and what it does. Every setting of Carteira is
 * declared once, in {@link Knobs}. A secret (a password, a JAAS configuration, a token) is masked
 * wherever values are shown or named in an error, and is refused on the command line ({@code
 * --set}), where it would show in the process list and shell history.
 */
public record Knob<T>(
    String key,
    Class<T> type,
    String defaultValue,
    String description,
    Function<String, T> parser,
    boolean secret) {

  /** Shown instead of a secret's value. */
  public static final String MASK = "****";

  public Knob(
      String key,
      Class<T> type,
      String defaultValue,
      String description,
      Function<String, T> parser) {
    this(key, type, defaultValue, description, parser, false);
  }

  public T parse(String text) {
    try {
      return parser.apply(text.trim());
    } catch (RuntimeException e) {
      throw new ConfigException(
          key
              + ": '"
              + shown(text)
              + "' is not a valid "
              + type.getSimpleName()
              + (e.getMessage() == null || secret ? "" : " (" + e.getMessage() + ")"));
    }
  }

  /** The value as it may be shown: a secret's is masked once set. */
  public String shown(String text) {
    return secret && text != null && !text.isEmpty() ? MASK : text;
  }

  /**
   * The environment variable that overrides this knob: CARTEIRA_ + key in upper case, '.' and '-'
   * as '_'.
   */
  public String environmentVariable() {
    return "CARTEIRA_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }
}
