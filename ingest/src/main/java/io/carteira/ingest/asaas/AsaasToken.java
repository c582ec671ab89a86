package io.carteira.ingest.asaas;

import io.carteira.ingest.Delivery;
import io.carteira.ingest.DeliveryCheck;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Asaas authenticates its webhooks with a static token, chosen when the webhook is configured and
 * sent in header {@code asaas-access-token} on every delivery. The comparison takes the same time
 * whatever the token sent: both sides are hashed first and the digests compared in constant time,
 * so neither where they differ nor the length of the expected token leaks.
 */
public final class AsaasToken implements DeliveryCheck {

  public static final String HEADER = "asaas-access-token";

  private final byte[] expected;

  public AsaasToken(String token) {
    if (token == null || token.isBlank()) {
      throw new IllegalArgumentException("no Asaas webhook token");
    }
    this.expected = sha256(token);
  }

  @Override
  public String refusal(Delivery delivery) {
    String token = delivery.header(HEADER);
    if (token == null || token.isEmpty()) {
      return "no_token";
    }
    return MessageDigest.isEqual(expected, sha256(token)) ? null : "bad_token";
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is unavailable", e);
    }
  }
}
