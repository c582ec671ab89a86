package io.carteira.operators.model;

import java.util.Locale;
import java.util.Set;

/**
 * Decline codes: a hard decline cannot succeed on retry (the card expired, was lost or stolen, the
 * account closed) and needs a new payment method; any other failure is soft and may be retried.
 */
public final class FailureCodes {

  static final Set<String> HARD =
      Set.of(
          "expired_card",
          "lost_card",
          "stolen_card",
          "closed_account",
          "account_closed",
          "card_not_supported",
          "invalid_account",
          "pickup_card",
          "revocation_of_authorization");

  private FailureCodes() {}

  public static boolean isHardDecline(String failureCode) {
    return failureCode != null && HARD.contains(failureCode.toLowerCase(Locale.ROOT));
  }
}
