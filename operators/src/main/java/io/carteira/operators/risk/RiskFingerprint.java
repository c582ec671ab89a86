package io.carteira.operators.risk;

import io.carteira.schemas.Detection;
import io.carteira.schemas.RiskContext;
import java.util.Objects;

/**
 * What the alert lifecycle reacts to in a risk context: which conditions are active and the
 * figures that move a score or resolve an episode. Evidence that only ages (one more day past
 * due on the same invoice) is left out unless the days past due themselves change the score.
 * Never 0: 0 means "nothing sent".
 */
public final class RiskFingerprint {

  private RiskFingerprint() {}

  public static int of(RiskContext context) {
    int h = Objects.hash(context.getHealthScore(), context.getHealthBand(), context.getMrrMinor(), context.getSegment(),
        context.getAccountOwner(), context.getPolicySegment(), context.getPolicyVersion(), context.getLastPaymentAt(),
        context.getChurned());
    for (Detection condition : context.getConditions()) {
      h = 31 * h + condition.getPattern().hashCode();
    }
    return h == 0 ? 1 : h;
  }
}
