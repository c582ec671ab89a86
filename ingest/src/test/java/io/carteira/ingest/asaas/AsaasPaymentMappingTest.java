package io.carteira.ingest.asaas;

import static io.carteira.ingest.MappedEvents.payment;
import static io.carteira.ingest.asaas.AsaasPayloads.CUSTOMER;
import static io.carteira.ingest.asaas.AsaasPayloads.payment;
import static io.carteira.ingest.asaas.AsaasPayloads.paymentEvent;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.carteira.ingest.Mapping;
import io.carteira.schemas.PaymentEvent;
import io.carteira.schemas.PaymentEventType;
import io.carteira.schemas.PaymentMethod;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** PAYMENT_* deliveries: boleto, PIX and card. */
class AsaasPaymentMappingTest {

  private static final ZoneId SAO_PAULO = ZoneId.of("America/Sao_Paulo");

  private final AsaasEvents asaas = new AsaasEvents(SAO_PAULO);

  private static Instant saoPaulo(String localDateTime) {
    return java.time.LocalDateTime.parse(localDateTime).atZone(SAO_PAULO).toInstant();
  }

  @Test
  void aBoletoCreatedIsAnInvoiceIssued_withItsNossoNumero() {
    ObjectNode boleto = payment("pay_080225913252", "BOLETO", "129.90", "2026-03-10");

    PaymentEvent issued =
        payment(
            asaas.map(
                paymentEvent(
                    "evt_05b708f961d739ea7eba7e4db318f621&368604920",
                    "PAYMENT_CREATED",
                    "2026-03-01 09:15:00",
                    boleto)));

    assertThat(issued.getEventId()).isEqualTo("evt_05b708f961d739ea7eba7e4db318f621&368604920");
    assertThat(issued.getCustomerId()).isEqualTo(CUSTOMER);
    assertThat(issued.getEventTime()).isEqualTo(Instant.parse("2026-03-01T12:15:00Z"));
    assertThat(issued.getEventType()).isEqualTo(PaymentEventType.INVOICE_ISSUED);
    assertThat(issued.getInvoiceId()).isEqualTo("pay_080225913252");
    assertThat(issued.getAmountMinor()).isEqualTo(12_990L);
    assertThat(issued.getCurrency()).isEqualTo("BRL");
    assertThat(issued.getDueDate()).isEqualTo(LocalDate.of(2026, 3, 10));
    assertThat(issued.getMethod()).isEqualTo(PaymentMethod.BOLETO);
    assertThat(issued.getPaymentReference()).isEqualTo("58720401");
    assertThat(issued.getFailureCode()).isNull();
  }

  @Test
  void aPixCreatedCarriesItsQrCodeReference_andACardNone() {
    PaymentEvent pix =
        payment(
            asaas.map(
                paymentEvent(
                    "evt_pix",
                    "PAYMENT_CREATED",
                    "2026-03-01 09:15:00",
                    payment("pay_pix", "PIX", "49.9", "2026-03-05"))));
    assertThat(pix.getMethod()).isEqualTo(PaymentMethod.PIX);
    assertThat(pix.getPaymentReference()).isEqualTo("CARTEIRA00000000576135ASA");
    assertThat(pix.getAmountMinor()).as("49.9 reais, exactly").isEqualTo(4_990L);

    PaymentEvent card =
        payment(
            asaas.map(
                paymentEvent(
                    "evt_card",
                    "PAYMENT_CREATED",
                    "2026-03-01 09:15:00",
                    payment("pay_card", "CREDIT_CARD", "0.07", "2026-03-05"))));
    assertThat(card.getMethod()).isEqualTo(PaymentMethod.CARD);
    assertThat(card.getPaymentReference()).isNull();
    assertThat(card.getAmountMinor()).isEqualTo(7L);

    PaymentEvent undecided =
        payment(
            asaas.map(
                paymentEvent(
                    "evt_u",
                    "PAYMENT_CREATED",
                    "2026-03-01 09:15:00",
                    payment("pay_u", "UNDEFINED", "10", "2026-03-05"))));
    assertThat(undecided.getMethod()).as("the customer chooses when paying").isNull();
  }

  @Test
  void aBoletoPaidOnFridayAndCreditedOnMonday_isPaidOnFriday() {
    ObjectNode boleto = payment("pay_080225913252", "BOLETO", "129.90", "2026-03-06");
    boleto
        .put("status", "RECEIVED")
        .put("clientPaymentDate", "2026-03-06")
        .put("paymentDate", "2026-03-09")
        .put("creditDate", "2026-03-09");

    PaymentEvent paid =
        payment(
            asaas.map(
                paymentEvent("evt_received", "PAYMENT_RECEIVED", "2026-03-09 10:02:11", boleto)));

    assertThat(paid.getEventId()).isEqualTo("pay_080225913252:paid");
    assertThat(paid.getEventType()).isEqualTo(PaymentEventType.PAYMENT_SUCCEEDED);
    assertThat(paid.getEventTime())
        .as("the last instant of the day the customer paid, on the due date")
        .isEqualTo(saoPaulo("2026-03-06T23:59:59.999"));
    assertThat(paid.getInvoiceId()).isEqualTo("pay_080225913252");
    assertThat(paid.getAmountMinor()).isEqualTo(12_990L);
    assertThat(paid.getMethod()).isEqualTo(PaymentMethod.BOLETO);
    assertThat(paid.getCustomerId()).isEqualTo(CUSTOMER);
  }

  @Test
  void confirmedThenReceived_isOnePayment() {
    ObjectNode confirmed = payment("pay_1", "BOLETO", "129.90", "2026-03-06");
    confirmed
        .put("status", "CONFIRMED")
        .put("clientPaymentDate", "2026-03-06")
        .put("estimatedCreditDate", "2026-03-09");
    ObjectNode received = confirmed.deepCopy();
    received
        .put("status", "RECEIVED")
        .put("paymentDate", "2026-03-09")
        .put("creditDate", "2026-03-09")
        .putNull("estimatedCreditDate");

    PaymentEvent first =
        payment(
            asaas.map(
                paymentEvent("evt_c", "PAYMENT_CONFIRMED", "2026-03-07 08:00:00", confirmed)));
    PaymentEvent second =
        payment(
            asaas.map(paymentEvent("evt_r", "PAYMENT_RECEIVED", "2026-03-09 10:00:00", received)));

    assertThat(second).as("the same event: the job keeps one").isEqualTo(first);
  }

  @Test
  void aPixPaidTheDayItArrives_isPaidWhenItArrives() {
    ObjectNode pix = payment("pay_pix", "PIX", "49.90", "2026-03-10");
    pix.put("status", "RECEIVED")
        .put("clientPaymentDate", "2026-03-10")
        .put("paymentDate", "2026-03-10")
        .put("creditDate", "2026-03-10");

    PaymentEvent paid =
        payment(
            asaas.map(
                paymentEvent("evt_pix_paid", "PAYMENT_RECEIVED", "2026-03-10 14:31:07", pix)));

    assertThat(paid.getEventTime()).isEqualTo(saoPaulo("2026-03-10T14:31:07"));
  }

  @Test
  void aCardIsPaidWhenConfirmed_andItsCreditLaterIsACheck() {
    ObjectNode card = payment("pay_card", "CREDIT_CARD", "99.90", "2026-03-10");
    card.put("status", "CONFIRMED")
        .put("clientPaymentDate", "2026-03-10")
        .put("confirmedDate", "2026-03-10")
        .put("estimatedCreditDate", "2026-04-09");

    PaymentEvent paid =
        payment(
            asaas.map(paymentEvent("evt_cc", "PAYMENT_CONFIRMED", "2026-03-10 07:00:00", card)));
    assertThat(paid.getEventTime()).isEqualTo(saoPaulo("2026-03-10T07:00"));
    assertThat(paid.getMethod()).isEqualTo(PaymentMethod.CARD);

    card.put("status", "RECEIVED").put("creditDate", "2026-04-09");
    assertThat(asaas.map(paymentEvent("evt_cr", "PAYMENT_RECEIVED", "2026-04-09 06:00:00", card)))
        .isEqualTo(new Mapping.Checked("PAYMENT_RECEIVED", "card payment settled"));
  }

  @Test
  void overdueIsACheck_CarteiraAgesInvoicesItself() {
    ObjectNode boleto = payment("pay_1", "BOLETO", "129.90", "2026-03-06");
    boleto.put("status", "OVERDUE");
    assertThat(asaas.map(paymentEvent("evt_o", "PAYMENT_OVERDUE", "2026-03-07 00:10:00", boleto)))
        .isInstanceOf(Mapping.Checked.class);
  }

  @Test
  void aRefusedCaptureAndARiskReprovalAreFailedPayments() {
    ObjectNode card = payment("pay_card", "CREDIT_CARD", "99.90", "2026-03-10");
    PaymentEvent refused =
        payment(
            asaas.map(
                paymentEvent(
                    "evt_f1", "PAYMENT_CREDIT_CARD_CAPTURE_REFUSED", "2026-03-10 07:00:00", card)));
    assertThat(refused.getEventId()).isEqualTo("evt_f1");
    assertThat(refused.getEventType()).isEqualTo(PaymentEventType.PAYMENT_FAILED);
    assertThat(refused.getFailureCode()).isEqualTo("credit_card_capture_refused");
    assertThat(refused.getMethod()).isEqualTo(PaymentMethod.CARD);
    assertThat(refused.getAmountMinor()).isEqualTo(9_990L);
    assertThat(refused.getEventTime()).isEqualTo(saoPaulo("2026-03-10T07:00"));
    assertThat(refused.getAttempt()).isNull();

    PaymentEvent reproved =
        payment(
            asaas.map(
                paymentEvent(
                    "evt_f2", "PAYMENT_REPROVED_BY_RISK_ANALYSIS", "2026-03-10 07:00:00", card)));
    assertThat(reproved.getFailureCode()).isEqualTo("reproved_by_risk_analysis");
  }

  @Test
  void refundedAndChargeback() {
    ObjectNode card = payment("pay_card", "CREDIT_CARD", "99.90", "2026-03-10");
    PaymentEvent refunded =
        payment(asaas.map(paymentEvent("evt_rf", "PAYMENT_REFUNDED", "2026-03-20 11:00:00", card)));
    assertThat(refunded.getEventType()).isEqualTo(PaymentEventType.REFUNDED);
    assertThat(refunded.getAmountMinor()).isEqualTo(9_990L);
    assertThat(refunded.getInvoiceId()).isEqualTo("pay_card");

    card.putObject("chargeback")
        .put("id", "chb_1")
        .put("payment", "pay_card")
        .put("status", "REQUESTED")
        .put("reason", "PROCESS_ERROR")
        .put("value", new BigDecimal("50.00"));
    PaymentEvent chargeback =
        payment(
            asaas.map(
                paymentEvent(
                    "evt_cb", "PAYMENT_CHARGEBACK_REQUESTED", "2026-03-25 11:00:00", card)));
    assertThat(chargeback.getEventType()).isEqualTo(PaymentEventType.CHARGEBACK);
    assertThat(chargeback.getAmountMinor()).isEqualTo(5_000L);
    assertThat(chargeback.getEventTime()).isEqualTo(saoPaulo("2026-03-25T11:00"));
  }

  @Test
  void aFractionOfACentavoIsUnmappable_neverRounded() {
    Mapping mapping =
        asaas.map(
            paymentEvent(
                "evt_x",
                "PAYMENT_CREATED",
                "2026-03-01 09:15:00",
                payment("pay_x", "PIX", "10.005", "2026-03-05")));
    assertThat(mapping)
        .isEqualTo(
            new Mapping.Unmappable(
                "PAYMENT_CREATED",
                "field payment.value has a fraction of a centavo: 10.005",
                "evt_x",
                CUSTOMER,
                saoPaulo("2026-03-01T09:15")));
  }

  @Test
  void missingOrUnreadableFieldsAreUnmappable() {
    ObjectNode noCustomer = payment("pay_x", "PIX", "10", "2026-03-05");
    noCustomer.remove("customer");
    assertThat(
            ((Mapping.Unmappable)
                    asaas.map(
                        paymentEvent("e", "PAYMENT_CREATED", "2026-03-01 09:15:00", noCustomer)))
                .reason())
        .isEqualTo("missing field customer");
    ObjectNode badDate = payment("pay_x", "PIX", "10", "2026-02-30");
    assertThat(
            ((Mapping.Unmappable)
                    asaas.map(paymentEvent("e", "PAYMENT_CREATED", "2026-03-01 09:15:00", badDate)))
                .reason())
        .isEqualTo("field payment.dueDate is not a date: '2026-02-30'");
    ObjectNode noPayment =
        paymentEvent(
            "e",
            "PAYMENT_CREATED",
            "2026-03-01 09:15:00",
            payment("pay_x", "PIX", "10", "2026-03-05"));
    noPayment.remove("payment");
    assertThat(((Mapping.Unmappable) asaas.map(noPayment)).reason())
        .isEqualTo("missing field payment");
  }

  @Test
  void aDueDateWrittenTheSubscriptionWayIsReadToo() {
    PaymentEvent issued =
        payment(
            asaas.map(
                paymentEvent(
                    "e",
                    "PAYMENT_CREATED",
                    "2026-03-01 09:15:00",
                    payment("pay_x", "PIX", "10", "10/03/2026"))));
    assertThat(issued.getDueDate()).isEqualTo(LocalDate.of(2026, 3, 10));
  }

  @Test
  void typesNotUsedAreIgnored_andAnUnknownPaymentTypeIsUnmappable() {
    ObjectNode boleto = payment("pay_1", "BOLETO", "129.90", "2026-03-06");
    assertThat(
            asaas.map(paymentEvent("e", "PAYMENT_BANK_SLIP_VIEWED", "2026-03-02 10:00:00", boleto)))
        .isEqualTo(new Mapping.Ignored("PAYMENT_BANK_SLIP_VIEWED"));
    assertThat(asaas.map(paymentEvent("e", "TRANSFER_DONE", "2026-03-02 10:00:00", boleto)))
        .isEqualTo(new Mapping.Ignored("TRANSFER_DONE"));
    Mapping unknown =
        asaas.map(paymentEvent("e", "PAYMENT_SOMETHING_NEW", "2026-03-02 10:00:00", boleto));
    assertThat(unknown).isInstanceOf(Mapping.Unmappable.class);
    assertThat(((Mapping.Unmappable) unknown).reason())
        .isEqualTo("unknown Asaas event type PAYMENT_SOMETHING_NEW");
  }
}
