package io.carteira.embedded.generator;

import io.carteira.schemas.Channel;
import io.carteira.schemas.PaymentMethod;

/** A generated customer: who it is, what it buys, how it pays, and where it is heading. */
public record CustomerProfile(
    String customerId,
    int index,
    String name,
    String city,
    String industry,
    Plan plan,
    PaymentMethod method,
    Channel channel,
    String accountOwner,
    Cohort cohort,
    int startDay,
    int driftDay,
    int seats) {

  /** The plans of the synthetic business, in BRL. */
  public enum Plan {
    ESSENCIAL("essencial", 9_900L, 3),
    PROFISSIONAL("profissional", 29_900L, 10),
    EMPRESARIAL("empresarial", 99_000L, 50),
    CORPORATIVO("corporativo", 499_000L, 250);

    public final String id;
    public final long mrrMinor;
    public final long seatLimit;

    Plan(String id, long mrrMinor, long seatLimit) {
      this.id = id;
      this.mrrMinor = mrrMinor;
      this.seatLimit = seatLimit;
    }

    Plan lower() {
      return this == ESSENCIAL ? ESSENCIAL : values()[ordinal() - 1];
    }

    Plan higher() {
      return this == CORPORATIVO ? CORPORATIVO : values()[ordinal() + 1];
    }
  }
}
