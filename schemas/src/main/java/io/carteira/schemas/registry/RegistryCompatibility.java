package io.carteira.schemas.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;

/** Confluent's compatibility levels, decided by Avro's own {@link SchemaCompatibility}. */
public final class RegistryCompatibility {

  public static final Set<String> LEVELS =
      Set.of(
          "NONE",
          "BACKWARD",
          "BACKWARD_TRANSITIVE",
          "FORWARD",
          "FORWARD_TRANSITIVE",
          "FULL",
          "FULL_TRANSITIVE");

  private RegistryCompatibility() {}

  /**
   * The reasons why {@code candidate} may not follow {@code history} (oldest first) under {@code
   * level}; empty when it may.
   */
  public static List<String> check(String level, Schema candidate, List<Schema> history) {
    List<String> problems = new ArrayList<>();
    if (history.isEmpty() || level.equals("NONE")) {
      return problems;
    }
    boolean transitive = level.endsWith("_TRANSITIVE");
    boolean backward = level.startsWith("BACKWARD") || level.startsWith("FULL");
    boolean forward = level.startsWith("FORWARD") || level.startsWith("FULL");
    List<Schema> against = transitive ? history : List.of(history.get(history.size() - 1));
    for (Schema previous : against) {
      if (backward) {
        describe(
            SchemaCompatibility.checkReaderWriterCompatibility(candidate, previous),
            "new schema cannot read data written with an earlier one",
            problems);
      }
      if (forward) {
        describe(
            SchemaCompatibility.checkReaderWriterCompatibility(previous, candidate),
            "an earlier schema cannot read data written with the new one",
            problems);
      }
    }
    return problems;
  }

  private static void describe(
      SchemaPairCompatibility result, String direction, List<String> problems) {
    if (result.getType() == SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
      return;
    }
    for (Incompatibility incompatibility : result.getResult().getIncompatibilities()) {
      problems.add(
          direction
              + ": "
              + incompatibility.getType()
              + " at "
              + incompatibility.getLocation()
              + " ("
              + incompatibility.getMessage()
              + ")");
    }
  }
}
