package io.carteira.ingest.stripe;

import static io.carteira.ingest.Json.at;
import static io.carteira.ingest.Json.id;
import static io.carteira.ingest.Json.requiredId;
import static io.carteira.ingest.Json.requiredText;
import static io.carteira.ingest.Json.requiredWhole;
import static io.carteira.ingest.Json.text;
import static io.carteira.ingest.Json.whole;

import com.fasterxml.jackson.databind.JsonNode;
import io.carteira.ingest.InputEvent;
import io.carteira.ingest.Mapping;
import io.carteira.ingest.Unmappable;
import io.carteira.schemas.PaymentEvent;
import io.carteira.schemas.PaymentEventType;
import io.carteira.schemas.PaymentMethod;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

/**
 * Invoices, charges and disputes to Carteira's payment events.
 *
 * <ul>
 *   <li>{@code invoice.finalized} → {@code INVOICE_ISSUED}: amount due, currency, due date
 *       (Stripe's {@code due_date} as a date in the business time zone; an invoice charged
 *       automatically states none and is due at once, so its due date is the day it was finalized);
 *   <li>{@code invoice.paid} → {@code PAYMENT_SUCCEEDED} of the amount paid;
 *   <li>{@code charge.failed} of an invoice's charge → {@code PAYMENT_FAILED} with its decline
 *       ({@link StripeDeclines}); {@code invoice.payment_failed} → {@code PAYMENT_FAILED} with the
 *       attempt count, unless the invoice names the charge that failed: that attempt is the
 *       charge's {@code charge.failed}, which carries the decline, and mapping both would count one
 *       failure twice. A charge outside any invoice is not a receivable Carteira follows;
 *   <li>{@code charge.refunded} → {@code REFUNDED} of this refund (the increase of {@code
 *       amount_refunded});
 *   <li>{@code charge.dispute.created} → {@code CHARGEBACK}, its customer found through the charge
 *       ({@link ChargeOwners}).
 * </ul>
 *
 * Invoices of zero (a trial's) are left out: they are paid at once and would only flatter the
 * customer's punctuality.
 */
final class StripePayments {

  private final ZoneId zone;
  private final ChargeOwners owners;

  StripePayments(ZoneId zone, ChargeOwners owners) {
    this.zone = zone;
    this.owners = owners;
  }

  Mapping map(StripeEvent event) {
    JsonNode object = event.object();
    return switch (event.type()) {
      case "invoice.finalized" -> invoiceFinalized(event, object);
      case "invoice.paid" -> invoicePaid(event, object);
      case "invoice.payment_failed" -> invoicePaymentFailed(event, object);
      case "charge.failed" -> chargeFailed(event, object);
      case "charge.refunded" -> chargeRefunded(event, object);
      case "charge.dispute.created" -> disputeCreated(event, object);
      default -> throw new IllegalArgumentException(event.type());
    };
  }

  private Mapping invoiceFinalized(StripeEvent event, JsonNode invoice) {
    long amount = requiredWhole(invoice, "amount_due");
    if (amount == 0) {
      return new Mapping.Checked(event.type(), "invoice of zero");
    }
    Long due = whole(invoice, "due_date");
    Long finalizedAt = whole(invoice, "status_transitions.finalized_at");
    Instant dueAt =
        due != null
            ? Instant.ofEpochSecond(due)
            : finalizedAt != null ? Instant.ofEpochSecond(finalizedAt) : event.created();
    return mapped(
        event,
        base(event, invoice, PaymentEventType.INVOICE_ISSUED)
            .setInvoiceId(requiredText(invoice, "id"))
            .setAmountMinor(amount)
            .setDueDate(LocalDate.ofInstant(dueAt, zone))
            .setMethod(invoiceMethod(invoice)));
  }

  private Mapping invoicePaid(StripeEvent event, JsonNode invoice) {
    long amount = requiredWhole(invoice, "amount_paid");
    if (amount == 0) {
      return new Mapping.Checked(event.type(), "invoice of zero");
    }
    return mapped(
        event,
        base(event, invoice, PaymentEventType.PAYMENT_SUCCEEDED)
            .setInvoiceId(requiredText(invoice, "id"))
            .setAmountMinor(amount));
  }

  private Mapping invoicePaymentFailed(StripeEvent event, JsonNode invoice) {
    String charge = id(invoice, "charge");
    if (charge != null) {
      return new Mapping.Checked(event.type(), "failure carried by charge.failed");
    }
    Long attempt = whole(invoice, "attempt_count");
    return mapped(
        event,
        base(event, invoice, PaymentEventType.PAYMENT_FAILED)
            .setInvoiceId(requiredText(invoice, "id"))
            .setAmountMinor(requiredWhole(invoice, "amount_remaining"))
            .setAttempt(attempt == null ? null : Math.toIntExact(attempt)));
  }

  private Mapping chargeFailed(StripeEvent event, JsonNode charge) {
    String invoice = id(charge, "invoice");
    if (invoice == null) {
      return new Mapping.Checked(event.type(), "charge outside an invoice");
    }
    StripeDeclines.Decline decline = StripeDeclines.of(charge);
    return mapped(
        event,
        base(event, charge, PaymentEventType.PAYMENT_FAILED)
            .setInvoiceId(invoice)
            .setAmountMinor(requiredWhole(charge, "amount"))
            .setMethod(method(text(charge, "payment_method_details.type")))
            .setFailureCode(decline.code()));
  }

  private Mapping chargeRefunded(StripeEvent event, JsonNode charge) {
    long refunded = requiredWhole(charge, "amount_refunded");
    JsonNode before = event.before("amount_refunded");
    long amount =
        before != null && before.canConvertToLong() ? refunded - before.asLong() : refunded;
    if (amount <= 0) {
      return new Mapping.Checked(event.type(), "no new refund");
    }
    return mapped(
        event,
        base(event, charge, PaymentEventType.REFUNDED)
            .setInvoiceId(paymentOf(charge))
            .setAmountMinor(amount)
            .setMethod(method(text(charge, "payment_method_details.type"))));
  }

  private Mapping disputeCreated(StripeEvent event, JsonNode dispute) {
    String charge = requiredId(dispute, "charge");
    ChargeOwners.Owner owner = owners.find(charge);
    if (owner == null) {
      owner = owners.find(id(dispute, "payment_intent"));
    }
    if (owner == null) {
      throw new Unmappable(
          "dispute "
              + text(dispute, "id")
              + " of charge "
              + charge
              + ": its customer is unknown (no delivery of that charge reached this receiver);"
              + " replay the charge and the dispute with --backfill");
    }
    PaymentEvent.Builder chargeback =
        PaymentEvent.newBuilder()
            .setEventId(event.id())
            .setCustomerId(owner.customerId())
            .setEventTime(event.created())
            .setEventType(PaymentEventType.CHARGEBACK)
            .setCurrency(StripeEvent.currency(dispute))
            .setInvoiceId(
                owner.invoiceId() != null
                    ? owner.invoiceId()
                    : id(dispute, "payment_intent") != null
                        ? id(dispute, "payment_intent")
                        : charge)
            .setAmountMinor(requiredWhole(dispute, "amount"));
    return mapped(event, chargeback);
  }

  private static PaymentEvent.Builder base(
      StripeEvent event, JsonNode object, PaymentEventType type) {
    return PaymentEvent.newBuilder()
        .setEventId(event.id())
        .setCustomerId(requiredId(object, "customer"))
        .setEventTime(event.created())
        .setEventType(type)
        .setCurrency(StripeEvent.currency(object));
  }

  private static Mapping mapped(StripeEvent event, PaymentEvent.Builder builder) {
    return new Mapping.Mapped(event.type(), List.of(InputEvent.of(builder.build())));
  }

  /**
   * What Carteira calls the invoice of a refund: the charge's invoice when Stripe names it (API
   * versions before 2025-03-31), else its payment intent, else the charge. Refunds change no open
   * invoice in Carteira; the id only ties the refund to a payment.
   */
  private static String paymentOf(JsonNode charge) {
    String invoice = id(charge, "invoice");
    if (invoice != null) {
      return invoice;
    }
    String intent = id(charge, "payment_intent");
    return intent != null ? intent : requiredText(charge, "id");
  }

  /** The invoice's method when it allows exactly one; null when Stripe picks among several. */
  private static PaymentMethod invoiceMethod(JsonNode invoice) {
    JsonNode types = at(invoice, "payment_settings.payment_method_types");
    if (types == null || !types.isArray() || types.size() != 1) {
      return null;
    }
    return method(types.get(0).asText());
  }

  /** Stripe's payment method type as Carteira's method. */
  static PaymentMethod method(String type) {
    if (type == null) {
      return null;
    }
    return switch (type) {
      case "card", "card_present" -> PaymentMethod.CARD;
      case "boleto" -> PaymentMethod.BOLETO;
      case "pix" -> PaymentMethod.PIX;
      case "sepa_debit", "us_bank_account", "bacs_debit", "au_becs_debit", "acss_debit" ->
          PaymentMethod.DEBIT;
      default -> PaymentMethod.OTHER;
    };
  }
}
