package io.carteira.operators.support;

import io.carteira.operators.policy.Policy;
import io.carteira.operators.policy.PolicyParser;
import io.carteira.schemas.ControlMessage;
import io.carteira.schemas.PolicyDocument;
import io.carteira.schemas.ValueTierThresholds;
import java.time.Instant;

/** Policy documents and control messages for tests. */
public final class Policies {

  private Policies() {}

  /**
   * The built-in policy with {@code risk.open_from} 0, every precursor opening an alert: for tests
   * of what an alert does once open (escalation, cool-down, expiry, reasons), whatever the risk
   * score the built-in policy requires before a precursor opens one.
   */
  public static final String EVERY_PRECURSOR_OPENS = "{\"risk\": {\"open_from\": 0}}";

  /** {@link #EVERY_PRECURSOR_OPENS} as the policy in force. */
  public static Policy everyPrecursorOpens() {
    return PolicyParser.parse(document("default", 1, EVERY_PRECURSOR_OPENS)).policy();
  }

  /** {@link #EVERY_PRECURSOR_OPENS} as the {@code default} segment's policy document. */
  public static ControlMessage everyPrecursorOpensMessage() {
    return policy("default", 1, EVERY_PRECURSOR_OPENS);
  }

  public static PolicyDocument document(String segment, long version, String body) {
    return PolicyDocument.newBuilder()
        .setSegment(segment)
        .setVersion(version)
        .setPublishedAt(Instant.parse("2026-03-01T00:00:00Z"))
        .setPublishedBy("test")
        .setBody(body)
        .build();
  }

  public static ControlMessage policy(String segment, long version, String body) {
    return new ControlMessage(document(segment, version, body), null);
  }

  public static ControlMessage tiers(long keyAccountFrom, long midMarketFrom, int paying) {
    return new ControlMessage(
        null,
        new ValueTierThresholds(
            keyAccountFrom, midMarketFrom, paying, Instant.parse("2026-03-01T00:00:00Z")));
  }
}
