package io.carteira.operators.support;

import io.carteira.schemas.CustomerEvent;

/** Events of {@link Events} for customers other than its {@code cus-1}. */
public final class Customers {

  private Customers() {}

  /** A copy of {@code event} for {@code customer}: the envelope and its payload. */
  public static CustomerEvent as(String customer, CustomerEvent event) {
    CustomerEvent copy = CustomerEvent.newBuilder(event).build();
    copy.setCustomerId(customer);
    if (copy.getSubscription() != null) {
      copy.getSubscription().setCustomerId(customer);
    }
    if (copy.getPayment() != null) {
      copy.getPayment().setCustomerId(customer);
    }
    if (copy.getUsage() != null) {
      copy.getUsage().setCustomerId(customer);
    }
    return copy;
  }
}
