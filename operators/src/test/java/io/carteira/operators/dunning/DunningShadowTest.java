package io.carteira.operators.dunning;

import static io.carteira.operators.dunning.DunningLadderFunctionTest.actions;
import static io.carteira.operators.dunning.DunningLadderFunctionTest.at;
import static io.carteira.operators.dunning.DunningLadderFunctionTest.harness;
import static io.carteira.operators.dunning.DunningLadderFunctionTest.local;
import static io.carteira.operators.dunning.DunningLadderFunctionTest.send;
import static io.carteira.operators.support.ShadowHarness.keysWith;
import static io.carteira.operators.support.ShadowHarness.sideOutput;
import static org.assertj.core.api.Assertions.assertThat;

import io.carteira.operators.support.Policies;
import io.carteira.operators.support.ShadowHarness;
import io.carteira.schemas.Channel;
import io.carteira.schemas.DunningAction;
import io.carteira.schemas.DunningActionType;
import io.carteira.schemas.DunningEvent;
import io.carteira.schemas.PaymentBehaviour;
import io.carteira.schemas.PaymentEvent;
import io.carteira.schemas.PaymentEventType;
import io.carteira.schemas.PaymentMethod;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The dunning ladder's shadow evaluation: no shadow state at all while no shadow is in force; a
 * shadow pushed while a ladder is under way starts from the live book (the step it had reached),
 * not from nothing; a withdrawn shadow's book is dropped, and a later shadow starts from the live
 * picture again.
 */
class DunningShadowTest {

  private static final ZoneId SAO_PAULO = ZoneId.of("America/Sao_Paulo");
  private static final String LIVE = "{\"grace_period_days\": 4}";
  private static final String SHADOW_BOOK = "shadow-dunning-book";

  private int seq;

  @Test
  void withNoShadowInForce_noShadowBookIsReadOrWritten_andNothingIsSentToTheShadowOutput()
      throws Exception {
    try (var h = harness()) {
      h.processBroadcastElement(Policies.policy("default", 1, LIVE), 0L);
      send(h, issued("cus-1", local(3, 2, 9, 0)));
      send(h, issued("cus-2", local(3, 2, 9, 0)));
      h.processWatermark(at(4, 30, 12, 0));
      assertThat(actions(h)).as("the live ladders ran").isNotEmpty();
      assertThat(keysWith(h, "dunning-book")).containsExactlyInAnyOrder("cus-1", "cus-2");
      assertThat(keysWith(h, SHADOW_BOOK)).isEmpty();
      assertThat(keysWith(h, SHADOW_BOOK + "-run")).isEmpty();
      assertThat(sideOutput(h, DunningLadderFunction.SHADOW_ACTIONS)).isEmpty();
    }
  }

  @Test
  void aShadowPushedWhileALadderIsUnderWay_startsFromTheLiveBook() throws Exception {
    try (var h = harness()) {
      h.processBroadcastElement(Policies.policy("default", 1, LIVE), 0L);
      send(h, issued("cus-1", local(3, 2, 9, 0)));
      h.processWatermark(at(3, 7, 12, 0)); // the pre-due reminder went out on 6 March
      assertThat(actions(h))
          .extracting(DunningAction::getActionType)
          .containsExactly(DunningActionType.PRE_DUE_REMINDER);
      assertThat(keysWith(h, SHADOW_BOOK)).isEmpty();
      int liveBefore = actions(h).size();

      // the same rules as a shadow: from the live picture, it must do exactly what live does
      h.processBroadcastElement(ShadowHarness.shadow("default", 2, LIVE), 0L);
      h.processWatermark(at(5, 30, 12, 0));

      List<String> liveAfter =
          actions(h).subList(liveBefore, actions(h).size()).stream()
              .map(DunningShadowTest::typeAndTime)
              .toList();
      List<String> shadow =
          sideOutput(h, DunningLadderFunction.SHADOW_ACTIONS).stream()
              .map(DunningShadowTest::typeAndTime)
              .toList();
      assertThat(liveAfter).as("the ladder went on live").isNotEmpty();
      assertThat(shadow)
          .as("the shadow went on from the step live had reached: no second pre-due reminder")
          .isEqualTo(liveAfter);
      assertThat(keysWith(h, SHADOW_BOOK)).containsExactly("cus-1");
    }
  }

  @Test
  void aWithdrawnShadowsBookIsDropped_andALaterShadowStartsFromTheLivePictureAgain()
      throws Exception {
    String earlierReminder = "{\"grace_period_days\": 4, \"dunning\": {\"pre_due_days\": 6}}";
    try (var h = harness()) {
      h.processBroadcastElement(Policies.policy("default", 1, LIVE), 0L);
      h.processBroadcastElement(ShadowHarness.shadow("default", 2, earlierReminder), 0L);
      send(h, issued("cus-1", local(3, 2, 9, 0)));
      h.processWatermark(at(3, 4, 12, 0)); // the shadow's reminder (6 days before) went out
      assertThat(sideOutput(h, DunningLadderFunction.SHADOW_ACTIONS))
          .extracting(DunningAction::getActionType)
          .containsExactly(DunningActionType.PRE_DUE_REMINDER);
      assertThat(actions(h)).as("not yet live (3 days before)").isEmpty();

      h.processBroadcastElement(ShadowHarness.withdrawal("default", 2, earlierReminder), 0L);
      h.processWatermark(at(3, 7, 12, 0)); // the live reminder's timer: the shadow book goes
      assertThat(keysWith(h, SHADOW_BOOK)).isEmpty();
      assertThat(keysWith(h, SHADOW_BOOK + "-run")).isEmpty();

      int shadowBefore = sideOutput(h, DunningLadderFunction.SHADOW_ACTIONS).size();
      int liveBefore = actions(h).size();
      h.processBroadcastElement(ShadowHarness.shadow("default", 3, LIVE), 0L);
      h.processWatermark(at(5, 30, 12, 0));
      List<String> shadowAfter =
          sideOutput(h, DunningLadderFunction.SHADOW_ACTIONS)
              .subList(shadowBefore, sideOutput(h, DunningLadderFunction.SHADOW_ACTIONS).size())
              .stream()
              .map(DunningShadowTest::typeAndTime)
              .toList();
      List<String> liveAfter =
          actions(h).subList(liveBefore, actions(h).size()).stream()
              .map(DunningShadowTest::typeAndTime)
              .toList();
      assertThat(shadowAfter)
          .as("the new shadow (the live rules) goes on as live, not from the withdrawn one")
          .isNotEmpty()
          .isEqualTo(liveAfter);
    }
  }

  @Test
  void aShadowOfAnotherSegment_evaluatesThisCustomerOnce_itsLiveActionsBeingItsShadowActions()
      throws Exception {
    try (var h = harness()) {
      h.processBroadcastElement(Policies.policy("default", 1, LIVE), 0L);
      h.processBroadcastElement(Policies.policy("key_account", 1, LIVE), 0L);
      h.processBroadcastElement(
          ShadowHarness.shadow("key_account", 2, "{\"dunning\": {\"pre_due_days\": 6}}"), 0L);
      send(h, issued("cus-1", local(3, 2, 9, 0))); // a customer of default
      h.processWatermark(at(5, 30, 12, 0));
      List<String> live = actions(h).stream().map(DunningShadowTest::typeAndTime).toList();
      assertThat(live).isNotEmpty();
      assertThat(
              sideOutput(h, DunningLadderFunction.SHADOW_ACTIONS).stream()
                  .map(DunningShadowTest::typeAndTime)
                  .toList())
          .isEqualTo(live);
      assertThat(keysWith(h, SHADOW_BOOK + "-run")).isEmpty();
    }
  }

  private static String typeAndTime(DunningAction action) {
    return action.getActionType() + " " + action.getScheduledFor();
  }

  /** A boleto invoice of R$149 due on 9 March. */
  private DunningEvent issued(String customer, Instant when) {
    PaymentEvent payment =
        PaymentEvent.newBuilder()
            .setEventId("p-" + (++seq))
            .setCustomerId(customer)
            .setEventTime(when)
            .setEventType(PaymentEventType.INVOICE_ISSUED)
            .setInvoiceId("inv-1")
            .setAmountMinor(14_900L)
            .setMethod(PaymentMethod.BOLETO)
            .setDueDate(LocalDate.of(2026, 3, 9))
            .setPaymentReference("34191.79001 01043.510047 91020.150008 1 14070000014900")
            .build();
    return DunningEvent.newBuilder()
        .setCustomerId(customer)
        .setEventTime(when)
        .setPolicySegment("default")
        .setPaymentHistory(PaymentBehaviour.UNKNOWN)
        .setCustomerName("Padaria Aurora")
        .setPreferredChannel(Channel.WHATSAPP)
        .setAccountOwner("ana.souza@carteira.example")
        .setSubscribed(true)
        .setPayment(payment)
        .build();
  }
}
