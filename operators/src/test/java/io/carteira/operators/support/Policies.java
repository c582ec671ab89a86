package io.carteira.operators.support;

import io.carteira.schemas.ControlMessage;
import io.carteira.schemas.PolicyDocument;
import io.carteira.schemas.ValueTierThresholds;
import java.time.Instant;

/** Policy documents and control messages for tests. */
public final class Policies {

  private Policies() {}

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
