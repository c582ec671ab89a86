package io.carteira.embedded.replay;

import io.carteira.embedded.generator.GeneratedEvent;
import io.carteira.schemas.PaymentEvent;
import io.carteira.schemas.SubscriptionEvent;
import io.carteira.schemas.UsageEvent;
import java.nio.file.Path;

/** Where the repository keeps its copies of the public data sets, and what tests read of events. */
final class DatasetFiles {

  /** The copies (with their provenance) live with the job's replay tests; tests run in a module. */
  static final Path DATASETS = Path.of("../jobs/src/test/resources/datasets");

  private DatasetFiles() {}

  static String eventId(GeneratedEvent event) {
    if (event.record() instanceof PaymentEvent p) {
      return p.getEventId();
    }
    if (event.record() instanceof UsageEvent u) {
      return u.getEventId();
    }
    return ((SubscriptionEvent) event.record()).getEventId();
  }
}
