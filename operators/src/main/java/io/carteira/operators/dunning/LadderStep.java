package io.carteira.operators.dunning;

import io.carteira.operators.policy.Policy;
import io.carteira.schemas.DunningActionType;
import java.util.ArrayList;
import java.util.List;

/**
 * A step of the overdue ladder: days after due, and what is sent ({@code null}: the end, nothing
 * sent).
 */
record LadderStep(int day, DunningActionType type) {

  /** The overdue steps in order; those within the grace period are left out (the end never is). */
  static List<LadderStep> of(Policy.Dunning ladder, int graceDays) {
    List<LadderStep> steps = new ArrayList<>();
    for (int day : ladder.reminderDaysAfterDue()) {
      steps.add(new LadderStep(day, DunningActionType.OVERDUE_REMINDER));
    }
    steps.add(new LadderStep(ladder.escalationDaysAfterDue(), DunningActionType.ESCALATION));
    steps.add(
        new LadderStep(
            ladder.suspensionWarningDaysAfterDue(), DunningActionType.SUSPENSION_WARNING));
    steps.removeIf(step -> step.day() <= graceDays);
    steps.add(new LadderStep(ladder.ladderEndDaysAfterDue(), null));
    return steps;
  }
}
