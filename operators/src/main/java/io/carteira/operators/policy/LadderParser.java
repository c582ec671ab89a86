package io.carteira.operators.policy;

import static io.carteira.operators.policy.PolicyFields.days;
import static io.carteira.operators.policy.PolicyFields.integer;

import com.fasterxml.jackson.databind.JsonNode;
import io.carteira.operators.policy.Policy.EscalationTarget;
import io.carteira.operators.policy.Policy.Step;
import io.carteira.operators.policy.Policy.StepType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads a dunning ladder: an ordered list of {@code steps}, each {@code {days_after_due, type}}, or
 * the shorthand of one key per step kind ({@code reminder_days_after_due}, {@code
 * escalation_days_after_due}, {@code suspension_warning_days_after_due}, {@code
 * ladder_end_days_after_due}), read as the list of its steps in order. Every error is listed.
 */
final class LadderParser {

  /** The shorthand keys: the ladder as one key per step kind. */
  static final List<String> SHORTHAND =
      List.of(
          "reminder_days_after_due",
          "escalation_days_after_due",
          "suspension_warning_days_after_due",
          "ladder_end_days_after_due");

  static final String STEPS = "steps";

  private LadderParser() {}

  /** Whether a ladder node of the document itself names its steps by the shorthand keys. */
  static boolean namesShorthand(JsonNode ladder) {
    return SHORTHAND.stream().anyMatch(ladder::has);
  }

  /**
   * Checks one ladder node of the document as written (before the defaults): steps in one form, not
   * both, and a steps list that is not empty.
   */
  static void checkForm(JsonNode ladder, String at, List<String> errors) {
    if (!ladder.has(STEPS)) {
      return;
    }
    if (namesShorthand(ladder)) {
      errors.add(
          at
              + "steps and "
              + SHORTHAND.stream().filter(ladder::has).collect(Collectors.joining(", "))
              + " both name the ladder's steps: use one form");
    }
    if (ladder.get(STEPS).isArray() && ladder.get(STEPS).isEmpty()) {
      errors.add(at + "steps must hold at least the LADDER_END step");
    }
  }

  /** The ladder of a node laid over the defaults. */
  static Policy.Dunning ladder(JsonNode d, String at, List<String> errors) {
    JsonNode steps = d.path(STEPS);
    List<Step> ladder =
        steps.isArray() && !steps.isEmpty() ? steps(steps, at, errors) : shorthand(d, at, errors);
    String target = d.path("escalate_to").asText("");
    EscalationTarget escalateTo = EscalationTarget.COLLECTIONS;
    if (isOneOf(target, EscalationTarget.values())) {
      escalateTo = EscalationTarget.valueOf(target);
    } else {
      errors.add(
          at
              + "escalate_to must be one of "
              + names(EscalationTarget.values())
              + ", got "
              + d.path("escalate_to"));
    }
    if (ladder.isEmpty()) {
      ladder = List.of(new Step(1, StepType.LADDER_END)); // refused anyway: errors were listed
    }
    return new Policy.Dunning(
        integer(d, "pre_due_days", 0, 60, errors, at),
        ladder,
        days(d, "retry_days_after_failure", 1, 60, at, errors, false),
        escalateTo);
  }

  /** The steps as listed: days increasing, one end, last. */
  private static List<Step> steps(JsonNode list, String at, List<String> errors) {
    List<Step> steps = new ArrayList<>();
    int index = 0;
    for (JsonNode node : list) {
      String here = at + "steps[" + index++ + "].";
      if (!node.isObject()) {
        errors.add(here.substring(0, here.length() - 1) + " must be an object");
        continue;
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        String key = it.next().getKey();
        if (!key.equals("days_after_due") && !key.equals("type")) {
          errors.add("unknown setting '" + here + key + "'");
        }
      }
      int day = integer(node, "days_after_due", 1, 365, errors, here);
      String type = node.path("type").asText("");
      if (!isOneOf(type, StepType.values())) {
        errors.add(
            here
                + "type must be one of "
                + names(StepType.values())
                + ", got "
                + (node.has("type") ? node.get("type") : "nothing"));
        continue;
      }
      steps.add(new Step(day, StepType.valueOf(type)));
    }
    for (int i = 1; i < steps.size(); i++) {
      if (steps.get(i).daysAfterDue() <= steps.get(i - 1).daysAfterDue()) {
        errors.add(at + "steps must come in increasing days after due, got " + daysOf(steps));
        break;
      }
    }
    long ends = steps.stream().filter(s -> s.type() == StepType.LADDER_END).count();
    if (!steps.isEmpty()
        && (ends != 1 || steps.get(steps.size() - 1).type() != StepType.LADDER_END)) {
      errors.add(at + "steps must end with one LADDER_END step, and only the last one");
    }
    return List.copyOf(steps);
  }

  /** The shorthand as its steps: reminders, one escalation, one suspension warning, the end. */
  private static List<Step> shorthand(JsonNode d, String at, List<String> errors) {
    List<Integer> reminders = days(d, "reminder_days_after_due", 1, 365, at, errors, false);
    int escalation = integer(d, "escalation_days_after_due", 1, 365, errors, at);
    int suspension = integer(d, "suspension_warning_days_after_due", 1, 365, errors, at);
    int end = integer(d, "ladder_end_days_after_due", 1, 365, errors, at);
    int lastReminder = reminders.isEmpty() ? 0 : reminders.get(reminders.size() - 1);
    if (!(lastReminder < escalation && escalation < suspension && suspension < end)) {
      errors.add(
          at
              + "steps must come in order: last reminder (day "
              + lastReminder
              + ") < escalation_days_after_due ("
              + escalation
              + ") < suspension_warning_days_after_due ("
              + suspension
              + ") < ladder_end_days_after_due ("
              + end
              + ")");
    }
    List<Step> steps = new ArrayList<>();
    for (int day : reminders) {
      steps.add(new Step(day, StepType.OVERDUE_REMINDER));
    }
    steps.add(new Step(escalation, StepType.ESCALATION));
    steps.add(new Step(suspension, StepType.SUSPENSION_WARNING));
    steps.add(new Step(end, StepType.LADDER_END));
    return List.copyOf(steps);
  }

  private static List<Integer> daysOf(List<Step> steps) {
    return steps.stream().map(Step::daysAfterDue).toList();
  }

  private static boolean isOneOf(String name, Enum<?>[] values) {
    return Arrays.stream(values).anyMatch(v -> v.name().equals(name));
  }

  private static String names(Enum<?>[] values) {
    return Arrays.stream(values).map(Enum::name).collect(Collectors.joining(", "));
  }
}
