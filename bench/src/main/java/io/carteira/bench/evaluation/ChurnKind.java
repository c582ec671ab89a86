package io.carteira.bench.evaluation;

/** Why a customer left: decided to (voluntary) or stopped paying (involuntary). */
public enum ChurnKind {
  VOLUNTARY,
  INVOLUNTARY
}
