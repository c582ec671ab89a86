package io.carteira.operators.ingest;

import io.carteira.schemas.CustomerEvent;
import io.carteira.schemas.DeadLetterKind;
import io.carteira.schemas.PaymentEvent;
import io.carteira.schemas.PaymentEventType;
import io.carteira.schemas.SubscriptionEvent;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Currency;
import java.util.Set;
import java.util.stream.Collectors;

/** The checks a decoded event must pass before it may change any customer state. */
public final class EventValidator {

  /** Largest amount accepted, in minor units: R$ 1 billion. Larger is taken for a unit error. */
  public static final long MAX_AMOUNT_MINOR = 100_000_000_000L;

  private static final Set<String> ISO_CURRENCIES =
      Currency.getAvailableCurrencies().stream()
          .map(Currency::getCurrencyCode)
          .collect(Collectors.toUnmodifiableSet());

  private EventValidator() {}

  /** Why {@code event}, read with Kafka key {@code key}, may not be used; null when it may. */
  public static Violation check(CustomerEvent event, byte[] key) {
    if (blank(event.getEventId())) {
      return new Violation(DeadLetterKind.VALIDATION, "event_id is missing");
    }
    if (blank(event.getCustomerId())) {
      return new Violation(
          DeadLetterKind.VALIDATION, "customer_id is missing (event " + event.getEventId() + ")");
    }
    if (key != null
        && !Arrays.equals(key, event.getCustomerId().getBytes(StandardCharsets.UTF_8))) {
      return new Violation(
          DeadLetterKind.KEY_MISMATCH,
          "Kafka key '"
              + new String(key, StandardCharsets.UTF_8)
              + "' is not the event's customer_id '"
              + event.getCustomerId()
              + "'");
    }
    if (event.getPayment() != null) {
      return checkPayment(event.getPayment());
    }
    if (event.getSubscription() != null) {
      return checkSubscription(event.getSubscription());
    }
    return null;
  }

  private static Violation checkPayment(PaymentEvent payment) {
    if (payment.getEventType() != PaymentEventType.PAYMENT_METHOD_UPDATED
        && blank(payment.getInvoiceId())) {
      return new Violation(
          DeadLetterKind.VALIDATION, "invoice_id is missing on " + payment.getEventType());
    }
    if (payment.getEventType() == PaymentEventType.INVOICE_ISSUED
        && payment.getAmountMinor() == null) {
      return new Violation(
          DeadLetterKind.INVALID_AMOUNT,
          "amount_minor is missing on INVOICE_ISSUED " + payment.getInvoiceId());
    }
    Violation amount = checkAmount("amount_minor", payment.getAmountMinor());
    if (amount != null) {
      return amount;
    }
    return checkCurrency(payment.getCurrency());
  }

  private static Violation checkSubscription(SubscriptionEvent subscription) {
    Violation mrr = checkAmount("mrr_minor", subscription.getMrrMinor());
    if (mrr != null) {
      return mrr;
    }
    Violation cac = checkAmount("acquisition_cost_minor", subscription.getAcquisitionCostMinor());
    if (cac != null) {
      return cac;
    }
    return checkCurrency(subscription.getCurrency());
  }

  private static Violation checkAmount(String field, Long amount) {
    if (amount == null) {
      return null;
    }
    if (amount < 0) {
      return new Violation(DeadLetterKind.INVALID_AMOUNT, field + " is negative: " + amount);
    }
    if (amount > MAX_AMOUNT_MINOR) {
      return new Violation(
          DeadLetterKind.INVALID_AMOUNT, field + " is implausibly large: " + amount);
    }
    return null;
  }

  private static Violation checkCurrency(String currency) {
    if (currency == null || !ISO_CURRENCIES.contains(currency)) {
      return new Violation(
          DeadLetterKind.INVALID_CURRENCY, "currency '" + currency + "' is not an ISO 4217 code");
    }
    return null;
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  /** A reason to refuse an event. */
  public record Violation(DeadLetterKind kind, String message) {}
}
