package io.carteira.embedded.registry;

/** A request the registry refuses: an HTTP status and Confluent's error code. */
final class RegistryError extends RuntimeException {
  final int status;
  final int code;

  RegistryError(int status, int code, String message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}
