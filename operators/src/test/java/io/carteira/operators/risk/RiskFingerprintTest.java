package io.carteira.operators.risk;

import static org.assertj.core.api.Assertions.assertThat;

import io.carteira.schemas.Engagement;
import io.carteira.schemas.HealthBand;
import io.carteira.schemas.Lifecycle;
import io.carteira.schemas.PaymentBehaviour;
import io.carteira.schemas.RiskContext;
import io.carteira.schemas.SegmentSnapshot;
import io.carteira.schemas.ValueTier;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;

/** The risk-context fingerprint that decides whether the alert lifecycle hears of a change. */
class RiskFingerprintTest {

  @Test
  void theSameContextHasTheSameFingerprintInEveryJvm() {
    // a constant, not a value computed in this JVM: a fingerprint built from identity hash codes
    // (an enum's hashCode) differs from one JVM to the next, and a restarted TaskManager would then
    // take every stored fingerprint for a change
    assertThat(RiskFingerprint.of(context(HealthBand.ATTENTION))).isEqualTo(GOLDEN);
  }

  @Test
  void aChangeOfBandIsAChange() {
    assertThat(RiskFingerprint.of(context(HealthBand.AT_RISK)))
        .isNotEqualTo(RiskFingerprint.of(context(HealthBand.ATTENTION)));
  }

  @Test
  void theSegmentIsWrittenAsAvroWritesIt_soFingerprintsInCheckpointsStillMatch() {
    for (ValueTier tier : ValueTier.values()) {
      for (PaymentBehaviour behaviour : PaymentBehaviour.values()) {
        for (Engagement engagement : Engagement.values()) {
          for (Lifecycle lifecycle : Lifecycle.values()) {
            SegmentSnapshot segment = new SegmentSnapshot(tier, behaviour, engagement, lifecycle);
            assertThat(RiskFingerprint.segmentText(segment)).isEqualTo(segment.toString());
          }
        }
      }
    }
  }

  private static final int GOLDEN = -678_711_980;

  private static RiskContext context(HealthBand band) {
    return RiskContext.newBuilder()
        .setHealthScore(60)
        .setHealthBand(band)
        .setMrrMinor(9_900)
        .setSegment(SegmentSnapshot.newBuilder().build())
        .setAccountOwner("ana")
        .setPolicySegment("default")
        .setPolicyVersion(3)
        .setLastPaymentAt(null)
        .setChurned(false)
        .setConditions(new ArrayList<>())
        .setWatched(true)
        .build();
  }
}
