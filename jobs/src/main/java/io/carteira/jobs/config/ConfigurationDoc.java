package io.carteira.jobs.config;

/**
 * The settings table of {@code docs/configuration.md}, generated from {@link Knobs}: one row per
 * knob with its key, default, environment variable and description. Run {@link #main} to print it.
 */
public final class ConfigurationDoc {

  /** Marks the start of the generated table in the page. */
  public static final String BEGIN = "<!-- settings: generated from Knobs, do not edit -->";

  /** Marks its end. */
  public static final String END = "<!-- end of settings -->";

  /** How an empty default (the setting is off) is shown. */
  public static final String EMPTY = "*(empty: off)*";

  private ConfigurationDoc() {}

  public static void main(String[] args) {
    System.out.print(table());
  }

  /** The table in Markdown, between {@link #BEGIN} and {@link #END}. */
  public static String table() {
    StringBuilder table = new StringBuilder(BEGIN).append('\n');
    table.append("| key | default | environment variable | what it does |\n");
    table.append("|---|---|---|---|\n");
    for (Knob<?> knob : Knobs.all()) {
      table
          .append("| `")
          .append(knob.key())
          .append("` | ")
          .append(knob.defaultValue().isEmpty() ? EMPTY : "`" + knob.defaultValue() + "`")
          .append(" | `")
          .append(knob.environmentVariable())
          .append("` | ")
          .append(knob.description().replace("|", "\\|"))
          .append(" |\n");
    }
    return table.append(END).append('\n').toString();
  }
}
