package io.carteira.ingest;

/** Thrown by a mapping that cannot go on: a field missing or of the wrong shape. */
public final class Unmappable extends RuntimeException {

  public Unmappable(String reason) {
    super(reason, null, false, false);
  }
}
