package io.carteira.operators.model;

import io.carteira.schemas.SubscriptionEvent;
import java.util.Map;

/**
 * A customer's running subscriptions and their MRR, by subscription id. A customer may hold several
 * (a second product, an add-on, another site); its MRR is their sum, and it churns only when the
 * last one ends. Events that name no subscription act on the unnamed one, {@value #UNNAMED}. Plain
 * Java: the customer state and the portfolio-wide value-tier ranking apply the same rules.
 */
public final class Subscriptions {

  /** The id of the subscription of events that name none. */
  public static final String UNNAMED = "";

  private Subscriptions() {}

  /**
   * Applies {@code event} to {@code running} in place: a start adds its subscription, a plan change
   * or renewal that states an MRR sets it, a cancellation ends the subscription it names (all of
   * them when it names none). A cancellation naming a subscription never seen ends the unnamed one
   * when that is the only one running: its start named none.
   */
  public static void apply(Map<String, Long> running, SubscriptionEvent event) {
    String id = event.getSubscriptionId() == null ? UNNAMED : event.getSubscriptionId();
    Long mrr = event.getMrrMinor();
    switch (event.getEventType()) {
      case STARTED -> running.put(id, mrr != null ? mrr : running.getOrDefault(id, 0L));
      case PLAN_CHANGED, RENEWED -> {
        if (mrr != null) {
          running.put(id, mrr);
        }
      }
      case CANCELLED -> {
        if (event.getSubscriptionId() == null) {
          running.clear();
        } else if (running.remove(id) == null
            && running.size() == 1
            && running.containsKey(UNNAMED)) {
          running.clear();
        }
      }
      default -> {}
    }
  }

  /** The customer's MRR: the sum over its running subscriptions. */
  public static long mrr(Map<String, Long> running) {
    long sum = 0;
    for (long mrr : running.values()) {
      sum += mrr;
    }
    return sum;
  }
}
