package io.carteira.ingest;

/** The topics the receiver writes, by their configured names. */
public record IngestTopics(
    String payments, String usage, String subscriptions, String deadLetters) {

  /** Carteira's default names. */
  public static IngestTopics defaults() {
    return new IngestTopics("payments", "usage", "subscriptions", "dead-letters");
  }

  String of(InputEvent.Topic topic) {
    return switch (topic) {
      case PAYMENTS -> payments;
      case USAGE -> usage;
      case SUBSCRIPTIONS -> subscriptions;
    };
  }
}
