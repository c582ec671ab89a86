package io.carteira.operators.dunning;

import static org.assertj.core.api.Assertions.assertThat;

import io.carteira.operators.policy.Policy;
import io.carteira.operators.policy.PolicyParser;
import io.carteira.operators.support.Events;
import io.carteira.schemas.Channel;
import io.carteira.schemas.DunningAction;
import io.carteira.schemas.DunningActionType;
import io.carteira.schemas.DunningBook;
import java.time.Instant;
import java.time.LocalTime;
import org.junit.jupiter.api.Test;

/**
 * What is sent: the same id for the same thing, the policy's channel for its type or the customer's
 * own, and never within quiet hours (21:00 to 08:00 by default).
 */
class DunningActionsTest {

  private static final Policy POLICY = PolicyParser.builtIn();

  private final DunningActions actions = new DunningActions(new DunningSchedule(Events.ZONE), "en");

  @Test
  void theSameThingHasTheSameIdAndAnotherThingAnother() {
    DunningBook book = DunningLadder.newBook(Events.CUSTOMER);
    Instant at = Events.at(3, 12);
    String id = action(book, DunningActionType.OVERDUE_REMINDER, "inv-1|4", at).getActionId();
    assertThat(action(book, DunningActionType.OVERDUE_REMINDER, "inv-1|4", at).getActionId())
        .isEqualTo(id);
    assertThat(action(book, DunningActionType.OVERDUE_REMINDER, "inv-1|8", at).getActionId())
        .isNotEqualTo(id);
    assertThat(action(book, DunningActionType.ESCALATION, "inv-1|4", at).getActionId())
        .isNotEqualTo(id);
    assertThat(DunningActions.key("inv-1", 4)).isEqualTo("inv-1|4");
  }

  @Test
  void thePolicysChannelForTheTypeElseTheCustomersElseEmail() {
    DunningBook book = DunningLadder.newBook(Events.CUSTOMER);
    Instant at = Events.at(3, 12);
    assertThat(action(book, DunningActionType.ESCALATION, "k", at).getChannel())
        .isEqualTo(Channel.PHONE);
    assertThat(action(book, DunningActionType.OVERDUE_REMINDER, "k", at).getChannel())
        .isEqualTo(Channel.EMAIL);
    book.setPreferredChannel(Channel.WHATSAPP);
    assertThat(action(book, DunningActionType.OVERDUE_REMINDER, "k", at).getChannel())
        .isEqualTo(Channel.WHATSAPP);
  }

  @Test
  void nothingGoesOutInQuietHours() {
    DunningBook book = DunningLadder.newBook(Events.CUSTOMER);
    Instant late = Events.day(3).atTime(21, 0).atZone(Events.ZONE).toInstant();
    assertThat(localTime(action(book, DunningActionType.WIN_BACK, "k", late.minusSeconds(60))))
        .isEqualTo(LocalTime.of(20, 59));
    assertThat(localTime(action(book, DunningActionType.WIN_BACK, "k", late)))
        .isEqualTo(LocalTime.of(8, 0));
  }

  private DunningAction action(DunningBook book, DunningActionType type, String key, Instant at) {
    return actions.action(book, type, key, at, POLICY).build();
  }

  private static LocalTime localTime(DunningAction action) {
    return action.getScheduledFor().atZone(Events.ZONE).toLocalTime();
  }
}
