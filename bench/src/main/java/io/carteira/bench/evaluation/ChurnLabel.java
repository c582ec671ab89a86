package io.carteira.bench.evaluation;

import java.time.Instant;

/**
 * What a labelled portfolio says of one customer: whether and when it churned, and of which kind.
 *
 * @param churnedAt null for a customer that stayed
 * @param kind null for a customer that stayed, or a churner whose data set does not say why it left
 *     (such a churner counts for all churn and is left out of the scores of each kind)
 */
public record ChurnLabel(String customerId, Instant churnedAt, ChurnKind kind) {

  public static ChurnLabel stayed(String customerId) {
    return new ChurnLabel(customerId, null, null);
  }

  public boolean churned() {
    return churnedAt != null;
  }
}
