package io.carteira.embedded.replay;

import io.carteira.schemas.ChurnType;
import java.time.Instant;

/**
 * How one customer of a labelled data set ended, as the data set records it: the label an
 * evaluation scores Carteira's alerts against.
 *
 * @param customerId the customer, as its events name it
 * @param churnedAt when it left; null for a customer that stayed
 * @param churnType why it left; null for a customer that stayed, or when the data set does not say
 * @param evidence where the label comes from, in the data set's own words (a column, a reason code)
 */
public record ChurnOutcome(
    String customerId, Instant churnedAt, ChurnType churnType, String evidence) {

  /** A customer that stayed. */
  public static ChurnOutcome stayed(String customerId, String evidence) {
    return new ChurnOutcome(customerId, null, null, evidence);
  }

  public boolean churned() {
    return churnedAt != null;
  }
}
