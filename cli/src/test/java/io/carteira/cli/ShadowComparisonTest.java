package io.carteira.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.carteira.cli.ShadowComparison.Item;
import io.carteira.cli.ShadowComparison.Row;
import io.carteira.schemas.AlertStatus;
import io.carteira.schemas.DunningAction;
import io.carteira.schemas.DunningActionType;
import io.carteira.schemas.RiskAlert;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShadowComparisonTest {

  private static final Instant DAY1 = Instant.parse("2026-05-01T10:00:00Z");
  private static final Instant DAY2 = Instant.parse("2026-05-02T10:00:00Z");
  private static final Instant DAY3 = Instant.parse("2026-05-03T10:00:00Z");

  private static Item alert(String customer, String pattern, AlertStatus status, Instant at) {
    RiskAlert a = new RiskAlert();
    a.setCustomerId(customer);
    a.setPattern(pattern);
    a.setStatus(status);
    a.setEventTime(at);
    return ShadowComparison.of(a);
  }

  private static Item action(String customer, DunningActionType type, Instant at) {
    DunningAction a = new DunningAction();
    a.setCustomerId(customer);
    a.setActionType(type);
    a.setEventTime(at);
    return ShadowComparison.of(a);
  }

  @Test
  void alertsAddedRemovedAndMovedPerPatternAndStatus() {
    List<Item> live =
        List.of(
            alert("c1", "FAILED_PAYMENT_STREAK", AlertStatus.OPEN, DAY3),
            alert("c2", "FAILED_PAYMENT_STREAK", AlertStatus.OPEN, DAY1), // unchanged
            alert("c3", "SILENCE", AlertStatus.OPEN, DAY1), // removed in the shadow
            alert("c3", "SILENCE", AlertStatus.RESOLVED, DAY2));
    List<Item> shadow =
        List.of(
            alert("c1", "FAILED_PAYMENT_STREAK", AlertStatus.OPEN, DAY2), // earlier: moved
            alert("c2", "FAILED_PAYMENT_STREAK", AlertStatus.OPEN, DAY1),
            alert("c4", "FAILED_PAYMENT_STREAK", AlertStatus.OPEN, DAY2), // added
            alert("c3", "SILENCE", AlertStatus.RESOLVED, DAY2));

    assertThat(ShadowComparison.compare(live, shadow))
        .containsExactly(
            new Row("FAILED_PAYMENT_STREAK OPEN", 2, 3, 1, 0, 1),
            new Row("SILENCE OPEN", 1, 0, 0, 1, 0),
            new Row("SILENCE RESOLVED", 1, 1, 0, 0, 0));
  }

  @Test
  void actionsOfOneCustomerAndTypeMatchAtTheSameInstantFirst_thenInTimeOrder() {
    List<Item> live =
        List.of(
            action("c1", DunningActionType.OVERDUE_REMINDER, DAY1),
            action("c1", DunningActionType.OVERDUE_REMINDER, DAY3),
            action("c2", DunningActionType.ESCALATION, DAY3));
    List<Item> shadow =
        List.of(
            action("c1", DunningActionType.OVERDUE_REMINDER, DAY3), // the same as live's second
            action("c1", DunningActionType.OVERDUE_REMINDER, DAY2), // live's first, a day later
            action("c1", DunningActionType.OVERDUE_REMINDER, DAY3), // one more
            action("c2", DunningActionType.ESCALATION, DAY3));

    assertThat(ShadowComparison.compare(live, shadow))
        .containsExactly(
            new Row("ESCALATION", 1, 1, 0, 0, 0), new Row("OVERDUE_REMINDER", 2, 3, 1, 0, 1));
  }

  @Test
  void theSameRecordsOnBothSidesDifferInNothing_andNothingGivesNoRows() {
    List<Item> both =
        List.of(
            action("c1", DunningActionType.PRE_DUE_REMINDER, DAY1),
            alert("c1", "SILENCE", AlertStatus.OPEN, DAY2));
    assertThat(ShadowComparison.compare(both, both)).noneMatch(Row::differs).hasSize(2);
    assertThat(ShadowComparison.compare(List.of(), List.of())).isEmpty();
    assertThat(ShadowComparison.table("pattern", List.of())).contains("(none on either side)");
  }
}
