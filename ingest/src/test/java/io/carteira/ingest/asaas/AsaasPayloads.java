package io.carteira.ingest.asaas;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.carteira.ingest.Json;
import java.math.BigDecimal;

/**
 * Asaas webhook payloads written from Asaas's published field tables ({@code
 * asaas/sdk-java-docs/PaymentGetResponseDto.md}, {@code SubscriptionGetResponseDto.md}, the enums
 * next to them): Asaas publishes no payload fixtures. The envelope is {@code id}, {@code event},
 * {@code dateCreated} and the object, {@code payment} or {@code subscription}; payment dates are
 * {@code yyyy-MM-dd}, subscription dates {@code dd/MM/yyyy}.
 */
final class AsaasPayloads {

  static final String CUSTOMER = "cus_000005219613";

  private AsaasPayloads() {}

  static ObjectNode envelope(
      String id, String type, String dateCreated, String objectField, ObjectNode object) {
    ObjectNode envelope = Json.MAPPER.createObjectNode();
    envelope.put("id", id).put("event", type).put("dateCreated", dateCreated);
    envelope.set(objectField, object);
    return envelope;
  }

  static ObjectNode paymentEvent(String id, String type, String dateCreated, ObjectNode payment) {
    return envelope(id, type, dateCreated, "payment", payment);
  }

  static ObjectNode subscriptionEvent(
      String id, String type, String dateCreated, ObjectNode subscription) {
    return envelope(id, type, dateCreated, "subscription", subscription);
  }

  /** A payment ("cobrança") as the field table describes it, pending. */
  static ObjectNode payment(String id, String billingType, String value, String dueDate) {
    ObjectNode payment = Json.MAPPER.createObjectNode();
    payment
        .put("object", "payment")
        .put("id", id)
        .put("dateCreated", "2026-03-01")
        .put("customer", CUSTOMER)
        .put("subscription", "sub_VXJBYgP2u0eO")
        .putNull("installment")
        .put("value", new BigDecimal(value))
        .put("netValue", new BigDecimal(value).subtract(new BigDecimal("1.99")))
        .putNull("originalValue")
        .putNull("interestValue")
        .put("description", "Plano Pro - março")
        .put("billingType", billingType)
        .put("canBePaidAfterDueDate", true)
        .putNull("pixTransaction")
        .putNull("pixQrCodeId")
        .put("status", "PENDING")
        .put("dueDate", dueDate)
        .put("originalDueDate", dueDate)
        .putNull("paymentDate")
        .putNull("clientPaymentDate")
        .putNull("installmentNumber")
        .put("invoiceUrl", "https://www.asaas.com/i/" + id.substring(4))
        .put("invoiceNumber", "310294512")
        .putNull("externalReference")
        .put("deleted", false)
        .put("anticipated", false)
        .put("anticipable", false)
        .putNull("creditDate")
        .putNull("estimatedCreditDate")
        .putNull("transactionReceiptUrl")
        .putNull("nossoNumero")
        .putNull("bankSlipUrl")
        .put("postalService", false);
    if (billingType.equals("BOLETO")) {
      payment
          .put("nossoNumero", "58720401")
          .put("bankSlipUrl", "https://www.asaas.com/b/pdf/" + id.substring(4));
    }
    if (billingType.equals("PIX")) {
      payment.put("pixQrCodeId", "CARTEIRA00000000576135ASA");
    }
    return payment;
  }

  /** A subscription ("assinatura") as its field table describes it; dates dd/MM/yyyy. */
  static ObjectNode subscription(String id, String value, String cycle) {
    ObjectNode subscription = Json.MAPPER.createObjectNode();
    subscription
        .put("object", "subscription")
        .put("id", id)
        .put("dateCreated", "01/03/2026")
        .put("customer", CUSTOMER)
        .putNull("paymentLink")
        .put("billingType", "BOLETO")
        .put("cycle", cycle)
        .put("value", new BigDecimal(value))
        .put("nextDueDate", "10/03/2026")
        .putNull("endDate")
        .put("description", "Plano Pro")
        .put("status", "ACTIVE")
        .put("deleted", false)
        .putNull("maxPayments")
        .putNull("externalReference");
    return subscription;
  }
}
