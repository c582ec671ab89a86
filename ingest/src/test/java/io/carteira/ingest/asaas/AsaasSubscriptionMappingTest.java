package io.carteira.ingest.asaas;

import static io.carteira.ingest.MappedEvents.subscription;
import static io.carteira.ingest.asaas.AsaasPayloads.CUSTOMER;
import static io.carteira.ingest.asaas.AsaasPayloads.subscription;
import static io.carteira.ingest.asaas.AsaasPayloads.subscriptionEvent;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.carteira.ingest.Mapping;
import io.carteira.schemas.SubscriptionEvent;
import io.carteira.schemas.SubscriptionEventType;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** SUBSCRIPTION_* deliveries; their dates are dd/MM/yyyy. */
class AsaasSubscriptionMappingTest {

  private final AsaasEvents asaas = new AsaasEvents(ZoneId.of("America/Sao_Paulo"));

  @Test
  void createdIsStarted_withMrrFromValueAndCycle_andTheContractsEnd() {
    ObjectNode subscription = subscription("sub_VXJBYgP2u0eO", "99.90", "MONTHLY");
    subscription.put("endDate", "31/12/2026");

    SubscriptionEvent started =
        subscription(
            asaas.map(
                subscriptionEvent(
                    "evt_s1", "SUBSCRIPTION_CREATED", "2026-03-01 09:00:00", subscription)));

    assertThat(started.getEventId()).isEqualTo("evt_s1");
    assertThat(started.getCustomerId()).isEqualTo(CUSTOMER);
    assertThat(started.getEventTime()).isEqualTo(Instant.parse("2026-03-01T12:00:00Z"));
    assertThat(started.getEventType()).isEqualTo(SubscriptionEventType.STARTED);
    assertThat(started.getSubscriptionId()).isEqualTo("sub_VXJBYgP2u0eO");
    assertThat(started.getMrrMinor()).isEqualTo(9_990L);
    assertThat(started.getCurrency()).isEqualTo("BRL");
    assertThat(started.getContractEndDate()).isEqualTo(LocalDate.of(2026, 12, 31));
    assertThat(started.getPlanId()).isNull();
    assertThat(started.getCancelReason()).isNull();
  }

  @Test
  void everyCycleIsBroughtToAMonth() {
    assertThat(mrr("1198.80", "YEARLY")).isEqualTo(9_990L);
    assertThat(mrr("299.70", "QUARTERLY")).isEqualTo(9_990L);
    assertThat(mrr("599.40", "SEMIANNUALLY")).isEqualTo(9_990L);
    assertThat(mrr("199.80", "BIMONTHLY")).isEqualTo(9_990L);
    assertThat(mrr("25", "WEEKLY")).as("25 x 52 / 12 = 108.333").isEqualTo(10_833L);
    assertThat(mrr("50", "BIWEEKLY")).as("50 x 26 / 12 = 108.333").isEqualTo(10_833L);
    assertThat(mrr("100", "YEARLY")).as("8.333 reais").isEqualTo(833L);
  }

  @Test
  void updatedIsAPlanChange_inactivatedAndDeletedAreCancellations() {
    ObjectNode subscription = subscription("sub_1", "149.90", "MONTHLY");
    SubscriptionEvent changed =
        subscription(
            asaas.map(
                subscriptionEvent(
                    "evt_u", "SUBSCRIPTION_UPDATED", "2026-04-01 09:00:00", subscription)));
    assertThat(changed.getEventType()).isEqualTo(SubscriptionEventType.PLAN_CHANGED);
    assertThat(changed.getMrrMinor()).isEqualTo(14_990L);

    subscription.put("status", "INACTIVE");
    SubscriptionEvent inactivated =
        subscription(
            asaas.map(
                subscriptionEvent(
                    "evt_i", "SUBSCRIPTION_INACTIVATED", "2026-05-01 09:00:00", subscription)));
    assertThat(inactivated.getEventType()).isEqualTo(SubscriptionEventType.CANCELLED);
    assertThat(inactivated.getCancelReason()).isEqualTo("inactivated");
    assertThat(inactivated.getSubscriptionId()).isEqualTo("sub_1");

    subscription.put("deleted", true);
    SubscriptionEvent deleted =
        subscription(
            asaas.map(
                subscriptionEvent(
                    "evt_d", "SUBSCRIPTION_DELETED", "2026-05-02 09:00:00", subscription)));
    assertThat(deleted.getEventType()).isEqualTo(SubscriptionEventType.CANCELLED);
    assertThat(deleted.getCancelReason()).isEqualTo("deleted");
  }

  @Test
  void anIsoEndDateIsReadToo_andAnUnknownCycleIsUnmappable() {
    ObjectNode subscription = subscription("sub_1", "99.90", "MONTHLY");
    subscription.put("endDate", "2026-12-31");
    assertThat(
            subscription(
                    asaas.map(
                        subscriptionEvent(
                            "e", "SUBSCRIPTION_CREATED", "2026-03-01 09:00:00", subscription)))
                .getContractEndDate())
        .isEqualTo(LocalDate.of(2026, 12, 31));

    subscription.put("cycle", "DAILY");
    Mapping mapping =
        asaas.map(
            subscriptionEvent("e", "SUBSCRIPTION_CREATED", "2026-03-01 09:00:00", subscription));
    assertThat(((Mapping.Unmappable) mapping).reason())
        .isEqualTo("unknown subscription cycle 'DAILY'");
    assertThat(((Mapping.Unmappable) mapping).customerId()).isEqualTo(CUSTOMER);
  }

  @Test
  void splitTypesAreIgnored() {
    assertThat(
            asaas.map(
                subscriptionEvent(
                    "e",
                    "SUBSCRIPTION_SPLIT_DISABLED",
                    "2026-03-01 09:00:00",
                    subscription("sub_1", "1", "MONTHLY"))))
        .isEqualTo(new Mapping.Ignored("SUBSCRIPTION_SPLIT_DISABLED"));
  }

  private long mrr(String value, String cycle) {
    return subscription(
            asaas.map(
                subscriptionEvent(
                    "e",
                    "SUBSCRIPTION_CREATED",
                    "2026-03-01 09:00:00",
                    subscription("sub_1", value, cycle))))
        .getMrrMinor();
  }
}
