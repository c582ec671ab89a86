package io.carteira.ingest;

/**
 * Whether a delivery really comes from the provider. Checked on the raw bytes, before anything is
 * parsed: a signature covers the exact body.
 */
public interface DeliveryCheck {

  /** Null when the delivery is authentic, else why not (a metric label, e.g. {@code stale}). */
  String refusal(Delivery delivery);
}
