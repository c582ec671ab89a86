package io.carteira.embedded.generator;

/** Where a generated customer is heading: the generator's ground truth. */
public enum Cohort {
  /** Uses the product and pays on time. */
  HEALTHY,
  /** Pays boletos and PIX late now and then, but stays. */
  LATE_PAYER,
  /**
   * Cards start to fail, a hard decline is never fixed, the subscription lapses for non-payment.
   */
  INVOLUNTARY_CHURN,
  /** Usage collapses, support tickets pile up, a detractor score, then a cancellation. */
  VOLUNTARY_CHURN
}
