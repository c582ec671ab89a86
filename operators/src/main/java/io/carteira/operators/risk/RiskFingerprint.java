package io.carteira.operators.risk;

import io.carteira.schemas.Detection;
import io.carteira.schemas.RiskContext;
import io.carteira.schemas.SegmentSnapshot;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * What the alert lifecycle reacts to in a risk context: which conditions are active and the figures
 * that move a score or resolve an episode. Evidence that only ages (one more day past due on the
 * same invoice) is left out unless the days past due themselves change the score. Never 0: 0 means
 * "nothing sent".
 */
public final class RiskFingerprint {

  private RiskFingerprint() {}

  public static int of(RiskContext context) {
    // from the values' text (enum names, Avro records as JSON), never from hashCode(): an enum's
    // hash is its identity, different in every JVM, so a restarted TaskManager would see every
    // stored fingerprint as changed and send contexts the failure-free run did not
    StringBuilder text =
        new StringBuilder()
            .append(context.getHealthScore())
            .append('|')
            .append(context.getHealthBand())
            .append('|')
            .append(context.getMrrMinor())
            .append('|')
            .append(segmentText(context.getSegment()))
            .append('|')
            .append(context.getAccountOwner())
            .append('|')
            .append(context.getPolicySegment())
            .append('|')
            .append(context.getPolicyVersion())
            .append('|')
            .append(context.getLastPaymentAt())
            .append('|')
            .append(context.getChurned());
    for (Detection condition : context.getConditions()) {
      text.append('|').append(condition.getPattern());
    }
    CRC32 crc = new CRC32();
    crc.update(text.toString().getBytes(StandardCharsets.UTF_8));
    int h = (int) crc.getValue();
    return h == 0 ? 1 : h;
  }

  /**
   * The segment as Avro's {@code toString()} writes it, the text fingerprints in checkpoints were
   * made from, without Avro's generic walk over the record's schema.
   */
  static String segmentText(SegmentSnapshot segment) {
    return "{\"value_tier\": \""
        + segment.getValueTier()
        + "\", \"payment_behaviour\": \""
        + segment.getPaymentBehaviour()
        + "\", \"engagement\": \""
        + segment.getEngagement()
        + "\", \"lifecycle\": \""
        + segment.getLifecycle()
        + "\"}";
  }
}
