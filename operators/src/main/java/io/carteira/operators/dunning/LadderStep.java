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
    for (Policy.Step step : ladder.steps()) {
      if (step.type() == Policy.StepType.LADDER_END) {
        steps.add(new LadderStep(step.daysAfterDue(), null));
      } else if (step.daysAfterDue() > graceDays) {
        steps.add(new LadderStep(step.daysAfterDue(), actionOf(step.type())));
      }
    }
    return steps;
  }

  private static DunningActionType actionOf(Policy.StepType type) {
    return switch (type) {
      case OVERDUE_REMINDER -> DunningActionType.OVERDUE_REMINDER;
      case ESCALATION -> DunningActionType.ESCALATION;
      case SUSPENSION_WARNING -> DunningActionType.SUSPENSION_WARNING;
      case LADDER_END -> null;
    };
  }
}
