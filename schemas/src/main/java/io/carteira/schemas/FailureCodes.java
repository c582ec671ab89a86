package io.carteira.schemas;

import java.util.Locale;
import java.util.Set;

/**
 * Decline codes: a hard decline cannot succeed on retry (the card expired, was lost or stolen, the
 * account closed) and needs a new payment method; any other failure is soft and may be retried.
 * Part of the input contract ({@code failure_code} of {@code PaymentEvent}): the engine and the
 * webhook receiver that writes its input read a decline the same way.
 */
public final class FailureCodes {

  private static final Set<String> HARD =
      Set.of(
          "expired_card",
          "lost_card",
          "stolen_card",
          "closed_account",
          "account_closed",
          "card_not_supported",
          "invalid_account",
          "pickup_card",
          "revocation_of_authorization",
          // Stripe's advice when the issuer will never approve the card: what a webhook receiver
          // passes
          // on when the decline code itself is not a hard one
          "do_not_try_again");

  private FailureCodes() {}

  public static boolean isHardDecline(String failureCode) {
    return failureCode != null && HARD.contains(failureCode.toLowerCase(Locale.ROOT));
  }
}
