package io.carteira.operators.customer;

import java.io.Serializable;
import java.time.ZoneId;

/**
 * The settings the customer model reads. Built-in defaults for now; the live, per-segment
 * policies of the {@code policies} topic replace them.
 *
 * @param version version stamped on every output the policy produced
 * @param zone the business's time zone: due dates end at midnight there
 * @param gracePeriodDays days after the due date before an unpaid invoice makes the customer past due
 * @param renewalWindowDays days before the contract end in which a customer is in renewal
 * @param onboardingDays days after the start in which a customer is onboarding
 */
public record CustomerPolicy(long version, ZoneId zone, int gracePeriodDays, int renewalWindowDays, int onboardingDays)
    implements Serializable {

  public static final long BUILT_IN_VERSION = 1;

  public static CustomerPolicy builtIn() {
    return new CustomerPolicy(BUILT_IN_VERSION, ZoneId.of("America/Sao_Paulo"), 3, 60, 90);
  }

  public CustomerPolicy withZone(ZoneId zone) {
    return new CustomerPolicy(version, zone, gracePeriodDays, renewalWindowDays, onboardingDays);
  }
}
