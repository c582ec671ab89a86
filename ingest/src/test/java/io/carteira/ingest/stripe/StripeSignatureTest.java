package io.carteira.ingest.stripe;

import static org.assertj.core.api.Assertions.assertThat;

import io.carteira.ingest.Delivery;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The signature check against the test vector of Stripe's .NET SDK, exactly as published: its
 * secret, its timestamp (taken as "now") and its header over the exact bytes of its event.
 */
class StripeSignatureTest {

  private static final Map<String, String> VECTOR = vector();
  private static final String SECRET = VECTOR.get("secret");
  private static final long TIMESTAMP = Long.parseLong(VECTOR.get("timestamp"));
  private static final String HEADER = VECTOR.get("header");
  private static final byte[] BODY =
      StripeFixtures.bytes("/stripe/stripe-dotnet/event_test_signature.json");

  private static StripeSignature check(List<String> secrets, long now) {
    return new StripeSignature(
        secrets,
        StripeSignature.DEFAULT_TOLERANCE,
        Clock.fixed(Instant.ofEpochSecond(now), ZoneOffset.UTC));
  }

  private static Delivery delivery(String header, byte[] body) {
    Map<String, String> headers = new HashMap<>();
    if (header != null) {
      headers.put("stripe-signature", header);
    }
    return new Delivery(headers, body, Instant.ofEpochSecond(TIMESTAMP));
  }

  @Test
  void thePublishedVectorPasses() {
    assertThat(BODY).hasSize(484);
    assertThat(check(List.of(SECRET), TIMESTAMP).refusal(delivery(HEADER, BODY))).isNull();
  }

  @Test
  void aChangedBodyIsRefused() {
    byte[] changed = Arrays.copyOf(BODY, BODY.length);
    String text = new String(changed, StandardCharsets.UTF_8).replace("evt_123", "evt_124");
    assertThat(
            check(List.of(SECRET), TIMESTAMP)
                .refusal(delivery(HEADER, text.getBytes(StandardCharsets.UTF_8))))
        .isEqualTo("bad_signature");
    byte[] trailing = Arrays.copyOf(BODY, BODY.length + 1);
    trailing[BODY.length] = ' ';
    assertThat(check(List.of(SECRET), TIMESTAMP).refusal(delivery(HEADER, trailing)))
        .isEqualTo("bad_signature");
  }

  @Test
  void anotherSecretIsRefused() {
    assertThat(check(List.of("whsec_another"), TIMESTAMP).refusal(delivery(HEADER, BODY)))
        .isEqualTo("bad_signature");
  }

  @Test
  void duringARotationEitherSecretPasses() {
    assertThat(check(List.of("whsec_new", SECRET), TIMESTAMP).refusal(delivery(HEADER, BODY)))
        .isNull();
    String newHeader = StripeSignature.sign("whsec_new", TIMESTAMP, BODY);
    assertThat(check(List.of("whsec_new", SECRET), TIMESTAMP).refusal(delivery(newHeader, BODY)))
        .isNull();
  }

  @Test
  void aTimestampOutsideTheToleranceIsStale() {
    assertThat(check(List.of(SECRET), TIMESTAMP + 300).refusal(delivery(HEADER, BODY))).isNull();
    assertThat(check(List.of(SECRET), TIMESTAMP - 300).refusal(delivery(HEADER, BODY))).isNull();
    assertThat(check(List.of(SECRET), TIMESTAMP + 301).refusal(delivery(HEADER, BODY)))
        .isEqualTo("stale");
    assertThat(check(List.of(SECRET), TIMESTAMP - 301).refusal(delivery(HEADER, BODY)))
        .isEqualTo("stale");
  }

  @Test
  void aTimestampChangedInTheHeaderBreaksTheSignature() {
    String moved = HEADER.replace("t=" + TIMESTAMP, "t=" + (TIMESTAMP + 1));
    assertThat(check(List.of(SECRET), TIMESTAMP).refusal(delivery(moved, BODY)))
        .isEqualTo("bad_signature");
  }

  @Test
  void unsignedAndSchemeV0OnlyAreRefused() {
    assertThat(check(List.of(SECRET), TIMESTAMP).refusal(delivery(null, BODY)))
        .isEqualTo("unsigned");
    String v0Only = "t=" + TIMESTAMP + "," + HEADER.substring(HEADER.indexOf("v0="));
    assertThat(check(List.of(SECRET), TIMESTAMP).refusal(delivery(v0Only, BODY)))
        .isEqualTo("bad_signature");
    assertThat(check(List.of(SECRET), TIMESTAMP).refusal(delivery("garbage", BODY)))
        .isEqualTo("bad_signature");
  }

  @Test
  void signingReproducesThePublishedHeader() {
    assertThat(HEADER).startsWith(StripeSignature.sign(SECRET, TIMESTAMP, BODY) + ",v0=");
  }

  /** {@code key = value} lines of the vector file; comments and the rest ignored. */
  private static Map<String, String> vector() {
    Map<String, String> values = new HashMap<>();
    String text =
        new String(
            StripeFixtures.bytes("/stripe/signature-test-vector.txt"), StandardCharsets.UTF_8);
    for (String line : text.split("\n")) {
      if (line.startsWith("#") || !line.contains("=")) {
        continue;
      }
      int eq = line.indexOf('=');
      values.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
    }
    return values;
  }
}
