package io.carteira.ingest.stripe;

import io.carteira.ingest.Delivery;
import io.carteira.ingest.DeliveryCheck;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Stripe's webhook signature: header {@code Stripe-Signature: t=<unix seconds>,v1=<hex>,...}, each
 * {@code v1} an HMAC-SHA256, keyed by the endpoint's signing secret, of {@code t + "." + body} (the
 * exact bytes received). Only scheme {@code v1} counts ({@code v0} and others are ignored, as
 * Stripe's SDKs do). Several secrets are accepted at once, so a secret can be rolled: Stripe signs
 * with old and new for a while, and the receiver holds both meanwhile. The timestamp must be within
 * the tolerance of this process's clock either way, so a captured delivery cannot be replayed
 * later; the signature is checked first, so a stale but authentic delivery is told apart from a
 * forged one.
 */
public final class StripeSignature implements DeliveryCheck {

  /** Stripe's SDKs' default tolerance. */
  public static final Duration DEFAULT_TOLERANCE = Duration.ofSeconds(300);

  public static final String HEADER = "Stripe-Signature";

  private final List<byte[]> secrets;
  private final Duration tolerance;
  private final Clock clock;

  public StripeSignature(List<String> secrets, Duration tolerance, Clock clock) {
    if (secrets.isEmpty()) {
      throw new IllegalArgumentException("no Stripe signing secret");
    }
    this.secrets = new ArrayList<>();
    for (String secret : secrets) {
      this.secrets.add(secret.getBytes(StandardCharsets.UTF_8));
    }
    this.tolerance = tolerance;
    this.clock = clock;
  }

  @Override
  public String refusal(Delivery delivery) {
    String header = delivery.header(HEADER);
    if (header == null || header.isBlank()) {
      return "unsigned";
    }
    Long timestamp = null;
    List<byte[]> signatures = new ArrayList<>();
    for (String part : header.split(",")) {
      int eq = part.indexOf('=');
      if (eq <= 0) {
        continue;
      }
      String key = part.substring(0, eq).trim();
      String value = part.substring(eq + 1).trim();
      if (key.equals("t")) {
        try {
          timestamp = Long.parseLong(value);
        } catch (NumberFormatException e) {
          return "bad_signature";
        }
      } else if (key.equals("v1")) {
        try {
          signatures.add(HexFormat.of().parseHex(value));
        } catch (IllegalArgumentException e) {
          // a malformed signature matches nothing; others in the header may still match
        }
      }
    }
    if (timestamp == null || signatures.isEmpty()) {
      return "bad_signature";
    }
    if (!anyMatches(timestamp, delivery.body(), signatures)) {
      return "bad_signature";
    }
    long now = clock.instant().getEpochSecond();
    if (Math.abs(now - timestamp) > tolerance.toSeconds()) {
      return "stale";
    }
    return null;
  }

  private boolean anyMatches(long timestamp, byte[] body, List<byte[]> signatures) {
    byte[] prefix = (timestamp + ".").getBytes(StandardCharsets.US_ASCII);
    boolean matched = false;
    for (byte[] secret : secrets) {
      byte[] expected = hmac(secret, prefix, body);
      for (byte[] signature : signatures) {
        // constant time, and no early exit: timing tells nothing about which part matched
        matched |= MessageDigest.isEqual(expected, signature);
      }
    }
    return matched;
  }

  /** HMAC-SHA256 of {@code prefix} then {@code body}, keyed by {@code secret}. */
  static byte[] hmac(byte[] secret, byte[] prefix, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      mac.update(prefix);
      return mac.doFinal(body);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is unavailable", e);
    }
  }

  /** The header Stripe would send for {@code body} at {@code timestamp}: for tests and tools. */
  public static String sign(String secret, long timestamp, byte[] body) {
    byte[] signature =
        hmac(
            secret.getBytes(StandardCharsets.UTF_8),
            (timestamp + ".").getBytes(StandardCharsets.US_ASCII),
            body);
    return "t=" + timestamp + ",v1=" + HexFormat.of().formatHex(signature);
  }
}
