package io.carteira.ingest.stripe;

import static io.carteira.ingest.MappedEvents.payment;
import static io.carteira.ingest.stripe.StripeFixtures.event;
import static io.carteira.ingest.stripe.StripeFixtures.object;
import static io.carteira.ingest.stripe.StripeFixtures.resource;
import static io.carteira.ingest.stripe.StripeFixtures.updated;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.carteira.ingest.Mapping;
import io.carteira.schemas.PaymentEvent;
import io.carteira.schemas.PaymentEventType;
import io.carteira.schemas.PaymentMethod;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** invoice.*, charge.* and charge.dispute.* deliveries, from Stripe's fixtures. */
class StripePaymentMappingTest {

  private static final long CREATED = 1_767_225_600L; // 2026-01-01T00:00:00Z
  private static final String CUSTOMER = "cus_QXg1o8vcGmoR32";
  private static final String INVOICE = "in_1Pgc6tB7WZ01zgkWu9fdqL6I";
  private static final String CHARGE = "ch_1PgafuB7WZ01zgkWXYmPNZs8";

  private final ChargeOwners owners = new ChargeOwners(100);
  private final StripeEvents stripe = new StripeEvents(ZoneId.of("America/Sao_Paulo"), owners);

  private static ObjectNode openInvoice() {
    ObjectNode invoice = resource("invoice");
    invoice.put("status", "open");
    ((ObjectNode) invoice.get("status_transitions")).put("finalized_at", CREATED);
    return invoice;
  }

  /** Stripe's charge fixture as a failed charge of the fixture invoice's customer. */
  private static ObjectNode failedCharge(String failureCode, String reason, String advice) {
    ObjectNode charge = resource("charge");
    charge
        .put("customer", CUSTOMER)
        .put("invoice", INVOICE)
        .put("status", "failed")
        .put("paid", false);
    charge.put("failure_code", failureCode);
    ObjectNode outcome = (ObjectNode) charge.get("outcome");
    outcome.put("type", "issuer_declined").put("network_status", "declined_by_network");
    outcome.put("reason", reason);
    if (advice == null) {
      outcome.putNull("advice_code");
    } else {
      outcome.put("advice_code", advice);
    }
    return charge;
  }

  @Test
  void invoiceFinalizedIsIssued_dueAtTheEndOfItsDayInTheBusinessZone() {
    ObjectNode invoice = openInvoice();
    // 02:00 UTC on 10 March is still 9 March in São Paulo: due at the end of 9 March there
    invoice.put("due_date", Instant.parse("2026-03-10T02:00:00Z").getEpochSecond());
    invoice.putObject("payment_settings").putArray("payment_method_types").add("boleto");

    PaymentEvent issued =
        payment(stripe.map(event("evt_fin", "invoice.finalized", CREATED, invoice)));

    assertThat(issued.getEventId()).isEqualTo("evt_fin");
    assertThat(issued.getCustomerId()).isEqualTo(CUSTOMER);
    assertThat(issued.getEventTime()).isEqualTo(Instant.ofEpochSecond(CREATED));
    assertThat(issued.getEventType()).isEqualTo(PaymentEventType.INVOICE_ISSUED);
    assertThat(issued.getInvoiceId()).isEqualTo(INVOICE);
    assertThat(issued.getAmountMinor()).isEqualTo(1000L);
    assertThat(issued.getCurrency()).isEqualTo("USD");
    assertThat(issued.getDueDate()).isEqualTo(LocalDate.of(2026, 3, 9));
    assertThat(issued.getMethod()).isEqualTo(PaymentMethod.BOLETO);
    assertThat(issued.getFailureCode()).isNull();
    assertThat(issued.getAttempt()).isNull();
    assertThat(issued.getPaymentReference()).isNull();
  }

  @Test
  void anInvoiceChargedAutomaticallyIsDueTheDayItIsFinalized() {
    ObjectNode invoice = openInvoice();
    invoice.putNull("due_date");
    ((ObjectNode) invoice.get("status_transitions"))
        .put("finalized_at", Instant.parse("2026-02-01T01:30:00Z").getEpochSecond());

    PaymentEvent issued =
        payment(stripe.map(event("evt_fin", "invoice.finalized", CREATED, invoice)));

    assertThat(issued.getDueDate()).isEqualTo(LocalDate.of(2026, 1, 31));
    assertThat(issued.getMethod()).as("Stripe picks among the customer's methods").isNull();
  }

  @Test
  void anInvoiceOfZeroIsLeftOut() {
    ObjectNode invoice = openInvoice();
    invoice.put("amount_due", 0);
    assertThat(stripe.map(event("evt_zero", "invoice.finalized", CREATED, invoice)))
        .isInstanceOf(Mapping.Checked.class);
  }

  @Test
  void invoicePaidIsPaymentSucceeded() {
    ObjectNode invoice = openInvoice();
    invoice.put("status", "paid").put("amount_paid", 1000).put("amount_remaining", 0);

    PaymentEvent paid = payment(stripe.map(event("evt_paid", "invoice.paid", CREATED, invoice)));

    assertThat(paid.getEventId()).isEqualTo("evt_paid");
    assertThat(paid.getEventType()).isEqualTo(PaymentEventType.PAYMENT_SUCCEEDED);
    assertThat(paid.getCustomerId()).isEqualTo(CUSTOMER);
    assertThat(paid.getInvoiceId()).isEqualTo(INVOICE);
    assertThat(paid.getAmountMinor()).isEqualTo(1000L);
    assertThat(paid.getCurrency()).isEqualTo("USD");
    assertThat(paid.getEventTime()).isEqualTo(Instant.ofEpochSecond(CREATED));
  }

  @Test
  void invoicePaymentFailedCarriesTheAttempt_whenNoChargeCarriesTheFailure() {
    ObjectNode invoice = openInvoice();
    invoice.put("attempt_count", 2).put("attempted", true);

    PaymentEvent failed =
        payment(stripe.map(event("evt_if", "invoice.payment_failed", CREATED, invoice)));

    assertThat(failed.getEventType()).isEqualTo(PaymentEventType.PAYMENT_FAILED);
    assertThat(failed.getInvoiceId()).isEqualTo(INVOICE);
    assertThat(failed.getAmountMinor()).isEqualTo(1000L);
    assertThat(failed.getAttempt()).isEqualTo(2);
    assertThat(failed.getFailureCode()).as("an invoice states no decline").isNull();
  }

  @Test
  void invoicePaymentFailedNamingItsCharge_isLeftToTheChargesFailure() {
    ObjectNode invoice = openInvoice();
    invoice.put("attempt_count", 1).put("charge", CHARGE);
    assertThat(stripe.map(event("evt_if", "invoice.payment_failed", CREATED, invoice)))
        .isInstanceOf(Mapping.Checked.class);
  }

  @Test
  void aSoftDecline_keepsTheIssuersCode() {
    PaymentEvent failed =
        payment(
            stripe.map(
                event(
                    "evt_cf",
                    "charge.failed",
                    CREATED,
                    failedCharge("card_declined", "insufficient_funds", null))));

    assertThat(failed.getEventId()).isEqualTo("evt_cf");
    assertThat(failed.getEventType()).isEqualTo(PaymentEventType.PAYMENT_FAILED);
    assertThat(failed.getCustomerId()).isEqualTo(CUSTOMER);
    assertThat(failed.getInvoiceId()).isEqualTo(INVOICE);
    assertThat(failed.getAmountMinor()).isEqualTo(100L);
    assertThat(failed.getCurrency()).isEqualTo("USD");
    assertThat(failed.getMethod()).isEqualTo(PaymentMethod.CARD);
    assertThat(failed.getFailureCode()).isEqualTo("insufficient_funds");
    assertThat(failed.getAttempt()).isNull();
    assertThat(StripeDeclines.of(failedCharge("card_declined", "insufficient_funds", null)).hard())
        .isFalse();
  }

  @Test
  void aHardDeclineByItsCode() {
    ObjectNode charge = failedCharge("expired_card", "expired_card", null);
    PaymentEvent failed = payment(stripe.map(event("evt_cf", "charge.failed", CREATED, charge)));
    assertThat(failed.getFailureCode()).isEqualTo("expired_card");
    assertThat(StripeDeclines.of(charge))
        .isEqualTo(new StripeDeclines.Decline("expired_card", true));
  }

  @Test
  void aHardDeclineByTheIssuersAdvice_whateverItsCode() {
    ObjectNode charge = failedCharge("card_declined", "generic_decline", "do_not_try_again");
    PaymentEvent failed = payment(stripe.map(event("evt_cf", "charge.failed", CREATED, charge)));
    assertThat(failed.getFailureCode()).isEqualTo("do_not_try_again");
    assertThat(StripeDeclines.of(charge).hard()).isTrue();

    ObjectNode stolen = failedCharge("card_declined", "stolen_card", "do_not_try_again");
    assertThat(StripeDeclines.of(stolen))
        .isEqualTo(new StripeDeclines.Decline("stolen_card", true));

    ObjectNode retryLater = failedCharge("card_declined", "try_again_later", "try_again_later");
    assertThat(StripeDeclines.of(retryLater))
        .isEqualTo(new StripeDeclines.Decline("try_again_later", false));
  }

  @Test
  void aPaymentErrorsDeclineCode_fromStripesPaymentIntentFixture() {
    var intent =
        StripeFixtures.read("/stripe/stripe-dotnet/payment_intent_last_payment_error.json");
    assertThat(StripeDeclines.of(intent.get("last_payment_error")))
        .isEqualTo(new StripeDeclines.Decline("generic_decline", false));
  }

  @Test
  void aChargeOutsideAnyInvoice_isNotAReceivable() {
    // the CLI's charge.failed recipe: a payment intent with neither customer nor invoice
    ObjectNode charge = failedCharge("card_declined", "generic_decline", null);
    charge.putNull("customer").remove("invoice");
    assertThat(stripe.map(event("evt_cf", "charge.failed", CREATED, charge)))
        .isInstanceOf(Mapping.Checked.class);
  }

  @Test
  void aChargeOfAnInvoiceWithoutCustomerIsUnmappable() {
    ObjectNode charge = failedCharge("card_declined", "generic_decline", null);
    charge.putNull("customer");
    Mapping mapping = stripe.map(event("evt_cf", "charge.failed", CREATED, charge));
    assertThat(mapping).isInstanceOf(Mapping.Unmappable.class);
    assertThat(((Mapping.Unmappable) mapping).reason()).isEqualTo("missing field customer");
  }

  @Test
  void chargeRefundedIsRefunded_ofThisRefundAlone() {
    ObjectNode charge = resource("charge");
    charge
        .put("customer", CUSTOMER)
        .put("amount", 1000)
        .put("amount_refunded", 700)
        .put("refunded", false);

    PaymentEvent refunded =
        payment(
            stripe.map(
                updated(
                    "evt_ref",
                    "charge.refunded",
                    CREATED,
                    charge,
                    object().put("amount_refunded", 300))));

    assertThat(refunded.getEventType()).isEqualTo(PaymentEventType.REFUNDED);
    assertThat(refunded.getAmountMinor()).isEqualTo(400L);
    assertThat(refunded.getCustomerId()).isEqualTo(CUSTOMER);
    assertThat(refunded.getInvoiceId()).as("no invoice named: the charge").isEqualTo(CHARGE);
    assertThat(refunded.getMethod()).isEqualTo(PaymentMethod.CARD);
    assertThat(refunded.getCurrency()).isEqualTo("USD");
  }

  @Test
  void aDisputeIsAChargeback_ofTheCustomerItsChargeBelongsTo() {
    ObjectNode dispute = resource("dispute");
    Mapping unknown = stripe.map(event("evt_dp", "charge.dispute.created", CREATED, dispute));
    assertThat(unknown).isInstanceOf(Mapping.Unmappable.class);
    assertThat(((Mapping.Unmappable) unknown).reason()).contains("customer is unknown", CHARGE);

    ObjectNode charge = resource("charge");
    charge.put("customer", CUSTOMER).put("invoice", INVOICE);
    assertThat(stripe.map(event("evt_ok", "charge.succeeded", CREATED - 60, charge)))
        .isInstanceOf(Mapping.Ignored.class);

    PaymentEvent chargeback =
        payment(stripe.map(event("evt_dp", "charge.dispute.created", CREATED, dispute)));

    assertThat(chargeback.getEventId()).isEqualTo("evt_dp");
    assertThat(chargeback.getEventType()).isEqualTo(PaymentEventType.CHARGEBACK);
    assertThat(chargeback.getCustomerId()).isEqualTo(CUSTOMER);
    assertThat(chargeback.getInvoiceId()).isEqualTo(INVOICE);
    assertThat(chargeback.getAmountMinor()).isEqualTo(1000L);
    assertThat(chargeback.getCurrency()).isEqualTo("USD");
  }
}
