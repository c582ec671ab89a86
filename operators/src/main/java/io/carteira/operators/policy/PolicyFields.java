package io.carteira.operators.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Reads one field of a policy document, adding an error when it is out of its range. */
final class PolicyFields {

  private PolicyFields() {}

  static int integer(JsonNode node, String field, int min, int max, List<String> errors) {
    return integer(node, field, min, max, errors, "");
  }

  static int integer(
      JsonNode node, String field, int min, int max, List<String> errors, String path) {
    JsonNode v = node.path(field);
    if (!v.isIntegralNumber() || v.asLong() < min || v.asLong() > max) {
      errors.add(
          path
              + field
              + " must be a whole number from "
              + min
              + " to "
              + max
              + ", got "
              + (v.isMissingNode() ? "nothing" : v));
      return min;
    }
    return v.asInt();
  }

  static double number(
      JsonNode node, String field, double min, double max, List<String> errors, String path) {
    JsonNode v = node.path(field);
    if (!v.isNumber() || v.asDouble() < min || v.asDouble() > max) {
      errors.add(
          path
              + field
              + " must be a number from "
              + min
              + " to "
              + max
              + ", got "
              + (v.isMissingNode() ? "nothing" : v));
      return min;
    }
    return v.asDouble();
  }

  /**
   * A list of day counts within [min, max], strictly increasing ({@code descending}: strictly
   * decreasing).
   */
  static List<Integer> days(
      JsonNode node,
      String field,
      int min,
      int max,
      String at,
      List<String> errors,
      boolean descending) {
    List<Integer> days = new ArrayList<>();
    JsonNode list = node.path(field);
    if (!list.isArray()) {
      errors.add(at + field + " must be a list of days");
      return days;
    }
    for (JsonNode d : list) {
      if (!d.isIntegralNumber() || d.asInt() < min || d.asInt() > max) {
        errors.add(at + field + " holds " + d + ", not a day count from " + min + " to " + max);
        return List.of();
      }
      if (!days.isEmpty()
          && (descending
              ? d.asInt() >= days.get(days.size() - 1)
              : d.asInt() <= days.get(days.size() - 1))) {
        errors.add(
            at + field + " must " + (descending ? "decrease" : "increase") + ", got " + list);
        return List.of();
      }
      days.add(d.asInt());
    }
    return List.copyOf(days);
  }
}
