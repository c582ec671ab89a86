package io.carteira.ingest.asaas;

import static io.carteira.ingest.Json.decimal;
import static io.carteira.ingest.Json.requiredDecimal;
import static io.carteira.ingest.Json.requiredText;
import static io.carteira.ingest.Json.text;

import com.fasterxml.jackson.databind.JsonNode;
import io.carteira.ingest.InputEvent;
import io.carteira.ingest.Mapping;
import io.carteira.schemas.PaymentEvent;
import io.carteira.schemas.PaymentEventType;
import io.carteira.schemas.PaymentMethod;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

/**
 * Asaas payments (an Asaas "cobrança", Carteira's invoice) to payment events.
 *
 * <ul>
 *   <li>{@code PAYMENT_CREATED} → {@code INVOICE_ISSUED}: value, due date, method from the billing
 *       type, and what reminders can carry to pay it (the boleto's {@code nossoNumero}, the PIX QR
 *       code's id: the payload holds neither the digitable line nor the copy-and-paste code).
 *   <li>{@code PAYMENT_CONFIRMED} and {@code PAYMENT_RECEIVED} → {@code PAYMENT_SUCCEEDED}: one
 *       payment, however many of the two arrive, so both take the same event id, {@code <payment
 *       id>:paid}, and the job keeps the first. A card payment is confirmed when captured and
 *       received (credited) about 30 days later: its {@code PAYMENT_RECEIVED} only settles a
 *       payment already made, and is a check.
 *   <li>{@code PAYMENT_CREDIT_CARD_CAPTURE_REFUSED} and {@code PAYMENT_REPROVED_BY_RISK_ANALYSIS} →
 *       {@code PAYMENT_FAILED} with that reason as its code (soft: Asaas states no decline code).
 *   <li>{@code PAYMENT_REFUNDED} → {@code REFUNDED}; {@code PAYMENT_CHARGEBACK_REQUESTED} → {@code
 *       CHARGEBACK}.
 *   <li>{@code PAYMENT_OVERDUE} → nothing: Carteira ages invoices from their due date itself; the
 *       delivery is counted as a check of that.
 * </ul>
 *
 * <p>When a payment was made, and when its money is available, are two dates: the customer pays a
 * boleto on day D ({@code clientPaymentDate}) and it is credited days later ({@code creditDate},
 * {@code estimatedCreditDate} before that). Carteira's payment event has one time, its event time,
 * and no field for the credit date; the event time is the customer's payment, since that is what
 * decides whether the invoice was paid on time and stops its reminders; the credit date matters to
 * the business's cash, not to the customer's health, and is not carried. The time of day is the
 * delivery's when the payment is of that same day, else the last instant of the day paid, so the
 * event is never in the future and reaches the job as little behind its watermark as the day
 * allows.
 */
final class AsaasPayments {

  static final String CAPTURE_REFUSED = "credit_card_capture_refused";
  static final String REPROVED_BY_RISK_ANALYSIS = "reproved_by_risk_analysis";

  private final ZoneId zone;

  AsaasPayments(ZoneId zone) {
    this.zone = zone;
  }

  Mapping map(AsaasEvent event) {
    JsonNode payment = event.object();
    return switch (event.type()) {
      case "PAYMENT_CREATED" -> created(event, payment);
      case "PAYMENT_CONFIRMED", "PAYMENT_RECEIVED" -> paid(event, payment);
      case "PAYMENT_OVERDUE" -> new Mapping.Checked(event.type(), "Carteira ages invoices itself");
      case "PAYMENT_CREDIT_CARD_CAPTURE_REFUSED" -> failed(event, payment, CAPTURE_REFUSED);
      case "PAYMENT_REPROVED_BY_RISK_ANALYSIS" -> failed(event, payment, REPROVED_BY_RISK_ANALYSIS);
      case "PAYMENT_REFUNDED" ->
          mapped(
              event,
              base(event, payment, PaymentEventType.REFUNDED).setAmountMinor(value(payment)));
      case "PAYMENT_CHARGEBACK_REQUESTED" -> chargeback(event, payment);
      default -> throw new IllegalArgumentException(event.type());
    };
  }

  private Mapping created(AsaasEvent event, JsonNode payment) {
    PaymentMethod method = AsaasValues.method(text(payment, "billingType"));
    String reference =
        method == PaymentMethod.BOLETO
            ? text(payment, "nossoNumero")
            : method == PaymentMethod.PIX ? text(payment, "pixQrCodeId") : null;
    return mapped(
        event,
        base(event, payment, PaymentEventType.INVOICE_ISSUED)
            .setAmountMinor(value(payment))
            .setDueDate(AsaasValues.date(requiredText(payment, "dueDate"), "payment.dueDate"))
            .setPaymentReference(reference));
  }

  private Mapping paid(AsaasEvent event, JsonNode payment) {
    if (event.type().equals("PAYMENT_RECEIVED")
        && "CREDIT_CARD".equals(text(payment, "billingType"))) {
      return new Mapping.Checked(event.type(), "card payment settled");
    }
    String paidOn = text(payment, "clientPaymentDate");
    if (paidOn == null) {
      paidOn = text(payment, "paymentDate");
    }
    Instant paidAt = event.created();
    if (paidOn != null) {
      LocalDate day = AsaasValues.date(paidOn, "payment.clientPaymentDate");
      Instant endOfDay = day.plusDays(1).atStartOfDay(zone).toInstant().minusMillis(1);
      paidAt = endOfDay.isBefore(event.created()) ? endOfDay : event.created();
    }
    PaymentEvent.Builder succeeded =
        base(event, payment, PaymentEventType.PAYMENT_SUCCEEDED)
            .setEventId(requiredText(payment, "id") + ":paid")
            .setEventTime(paidAt)
            .setAmountMinor(value(payment));
    return mapped(event, succeeded);
  }

  private Mapping failed(AsaasEvent event, JsonNode payment, String code) {
    return mapped(
        event,
        base(event, payment, PaymentEventType.PAYMENT_FAILED)
            .setAmountMinor(value(payment))
            .setFailureCode(code));
  }

  private Mapping chargeback(AsaasEvent event, JsonNode payment) {
    BigDecimal disputed = decimal(payment, "chargeback.value");
    long amount =
        disputed != null
            ? AsaasValues.centavos(disputed, "payment.chargeback.value")
            : value(payment);
    return mapped(event, base(event, payment, PaymentEventType.CHARGEBACK).setAmountMinor(amount));
  }

  private static long value(JsonNode payment) {
    return AsaasValues.centavos(requiredDecimal(payment, "value"), "payment.value");
  }

  private static PaymentEvent.Builder base(
      AsaasEvent event, JsonNode payment, PaymentEventType type) {
    return PaymentEvent.newBuilder()
        .setEventId(event.id())
        .setCustomerId(requiredText(payment, "customer"))
        .setEventTime(event.created())
        .setEventType(type)
        .setInvoiceId(requiredText(payment, "id"))
        .setCurrency("BRL")
        .setMethod(AsaasValues.method(text(payment, "billingType")));
  }

  private static Mapping mapped(AsaasEvent event, PaymentEvent.Builder builder) {
    return new Mapping.Mapped(event.type(), List.of(InputEvent.of(builder.build())));
  }
}
