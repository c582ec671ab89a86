package io.carteira.ingest.stripe;

import static io.carteira.ingest.Json.text;

import com.fasterxml.jackson.databind.JsonNode;
import io.carteira.schemas.FailureCodes;

/**
 * A failed Stripe payment's decline, hard or soft. Carteira's engine tells them apart by the
 * decline code alone ({@code FailureCodes}: a hard decline cannot succeed on retry and waits for a
 * new payment method), so the code this class puts on the event is what decides.
 *
 * <p>The code is the most specific one Stripe gives: an explicit {@code decline_code} (on a payment
 * error), else the charge's {@code outcome.reason} when the issuer declined ({@code failure_code}
 * is then the generic {@code card_declined}), else {@code failure_code} (which is itself specific
 * for, say, {@code expired_card}).
 *
 * <p>Stripe's {@code outcome.advice_code} {@code do_not_try_again} means the issuer will never
 * accept this card again: hard, whatever the code. When the code is one the engine reads as hard it
 * is kept; otherwise the event carries {@code do_not_try_again} itself as its code, since that is
 * what the decline says.
 */
public final class StripeDeclines {

  /** The advice that makes any decline hard. */
  public static final String DO_NOT_TRY_AGAIN = "do_not_try_again";

  private StripeDeclines() {}

  /** A decline: the code the event carries, and whether it is hard. */
  public record Decline(String code, boolean hard) {}

  /** The decline of a failed charge (or payment error object). */
  public static Decline of(JsonNode failed) {
    String code = code(failed);
    String advice = first(text(failed, "outcome.advice_code"), text(failed, "advice_code"));
    boolean hardByCode = FailureCodes.isHardDecline(code);
    if (hardByCode) {
      return new Decline(code, true);
    }
    if (DO_NOT_TRY_AGAIN.equals(advice)) {
      return new Decline(DO_NOT_TRY_AGAIN, true);
    }
    return new Decline(code, false);
  }

  /** The most specific decline code, or null when the object states none. */
  static String code(JsonNode failed) {
    String explicit = text(failed, "decline_code");
    if (explicit != null) {
      return explicit;
    }
    String failureCode = text(failed, "failure_code");
    String reason = text(failed, "outcome.reason");
    boolean issuerDeclined =
        "issuer_declined".equals(text(failed, "outcome.type"))
            || "card_declined".equals(failureCode);
    if (reason != null && issuerDeclined) {
      return reason;
    }
    return failureCode != null ? failureCode : reason;
  }

  private static String first(String a, String b) {
    return a != null ? a : b;
  }
}
