package io.carteira.ingest;

/**
 * A billing provider Carteira takes webhooks from: its name (the path {@code /webhooks/<name>} and
 * the metrics label), how its deliveries are authenticated and how its events are mapped. Adding a
 * provider (Iugu, Vindi, Pagar.me) is one mapping class and one check behind these interfaces.
 */
public record Provider(String name, DeliveryCheck check, ProviderMapping mapping) {}
