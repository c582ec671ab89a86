package io.carteira.jobs.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md lists every setting of {@link Knobs} with its default and environment
 * variable, and no key that is not a setting. To bring the page up to date after a change of Knobs,
 * run this test with {@code -Dconfiguration-doc.write=true}: it rewrites the generated table
 * ({@link ConfigurationDoc}) in place, then checks it.
 */
class ConfigurationDocTest {

  private static final Path PAGE = Path.of("../docs/configuration.md");

  /** One row of the settings table, as the page states it. */
  private record Row(String key, String defaultValue, String environmentVariable) {}

  @Test
  void thePageListsEverySettingWithItsDefaultAndNothingElse() throws Exception {
    if (Boolean.getBoolean("configuration-doc.write")) {
      rewriteTable();
    }
    Map<String, Row> rows = rows(Files.readString(PAGE));

    for (Knob<?> knob : Knobs.all()) {
      assertThat(rows).as("docs/configuration.md lists %s", knob.key()).containsKey(knob.key());
      Row row = rows.get(knob.key());
      assertThat(row.defaultValue()).as("default of %s", knob.key()).isEqualTo(knob.defaultValue());
      assertThat(row.environmentVariable())
          .as("environment variable of %s", knob.key())
          .isEqualTo(knob.environmentVariable());
    }
    for (String key : rows.keySet()) {
      assertThat(Knobs.byKey(key)).as("%s in docs/configuration.md is a setting", key).isNotNull();
    }
  }

  @Test
  void theGeneratedTableHasOneRowPerSettingBetweenTheMarks() throws Exception {
    assertThat(rows(ConfigurationDoc.table()).keySet())
        .containsExactlyElementsOf(Knobs.all().stream().map(Knob::key).toList());
    assertThat(Files.readString(PAGE)).contains(ConfigurationDoc.BEGIN, ConfigurationDoc.END);
  }

  /** The rows of every table in {@code page} whose first cell is a key in backticks. */
  private static Map<String, Row> rows(String page) {
    Map<String, Row> rows = new LinkedHashMap<>();
    for (String line : page.lines().toList()) {
      if (!line.startsWith("| `")) {
        continue;
      }
      List<String> cells =
          List.of(line.substring(1).split("(?<!\\\\)\\|")).stream().map(String::trim).toList();
      String key = unquote(cells.get(0));
      String defaultValue =
          cells.get(1).equals(ConfigurationDoc.EMPTY) ? "" : unquote(cells.get(1));
      assertThat(rows).as("%s is listed once", key).doesNotContainKey(key);
      rows.put(key, new Row(key, defaultValue, unquote(cells.get(2))));
    }
    return rows;
  }

  private static String unquote(String cell) {
    return cell.startsWith("`") && cell.endsWith("`") && cell.length() >= 2
        ? cell.substring(1, cell.length() - 1)
        : cell;
  }

  private static void rewriteTable() throws Exception {
    String page = Files.readString(PAGE);
    int begin = page.indexOf(ConfigurationDoc.BEGIN);
    int end = page.indexOf(ConfigurationDoc.END);
    assertThat(begin).as("the page marks where the table begins").isNotNegative();
    assertThat(end).as("and where it ends").isGreaterThan(begin);
    String rest = page.substring(end + ConfigurationDoc.END.length());
    Files.writeString(
        PAGE,
        page.substring(0, begin)
            + ConfigurationDoc.table()
            + (rest.startsWith("\n") ? rest.substring(1) : rest));
  }
}
