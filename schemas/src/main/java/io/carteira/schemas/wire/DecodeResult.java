package io.carteira.schemas.wire;

import io.carteira.schemas.DeadLetterKind;

/**
 * The outcome of decoding one wire-format record: the record, or why it could not be decoded.
 * Decoding never throws for bad bytes and never answers null.
 */
public final class DecodeResult<T> {

  private final T record;
  private final int schemaId;
  private final DeadLetterKind failureKind;
  private final String failureMessage;

  private DecodeResult(T record, int schemaId, DeadLetterKind failureKind, String failureMessage) {
    this.record = record;
    this.schemaId = schemaId;
    this.failureKind = failureKind;
    this.failureMessage = failureMessage;
  }

  public static <T> DecodeResult<T> decoded(T record, int schemaId) {
    return new DecodeResult<>(record, schemaId, null, null);
  }

  public static <T> DecodeResult<T> failed(DeadLetterKind kind, String message, int schemaId) {
    return new DecodeResult<>(null, schemaId, kind, message);
  }

  public boolean isDecoded() {
    return failureKind == null;
  }

  public T record() {
    return record;
  }

  /** The schema id of the header, or -1 when there was no readable header. */
  public int schemaId() {
    return schemaId;
  }

  public DeadLetterKind failureKind() {
    return failureKind;
  }

  public String failureMessage() {
    return failureMessage;
  }

  @Override
  public String toString() {
    return isDecoded()
        ? "decoded(" + schemaId + ", " + record + ")"
        : "failed(" + failureKind + ": " + failureMessage + ")";
  }
}
