package io.carteira.schemas.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Base64;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * How to reach a schema registry: its URL, the credentials it asks for (HTTP basic user info, or a
 * bearer token) and the trust store of an https:// registry's CA. Serializable, as the job's
 * serializers carry it to the TaskManagers; {@link #toString} never shows a secret.
 *
 * @param url base URL
 * @param basicUserInfo {@code user:password} for HTTP basic authentication, or empty
 * @param bearerToken a token for {@code Authorization: Bearer}, or empty
 * @param truststore a PKCS12 or JKS trust store path, or empty for the JVM's CAs
 * @param truststorePassword its password, or empty
 */
public record RegistryAccess(
    String url,
    String basicUserInfo,
    String bearerToken,
    String truststore,
    String truststorePassword)
    implements Serializable {

  public RegistryAccess {
    basicUserInfo = basicUserInfo == null ? "" : basicUserInfo;
    bearerToken = bearerToken == null ? "" : bearerToken;
    truststore = truststore == null ? "" : truststore;
    truststorePassword = truststorePassword == null ? "" : truststorePassword;
    if (!basicUserInfo.isEmpty() && !bearerToken.isEmpty()) {
      throw new IllegalArgumentException(
          "schema registry: basic-auth user info and a bearer token are both set: set one");
    }
    if (!basicUserInfo.isEmpty() && !basicUserInfo.contains(":")) {
      throw new IllegalArgumentException(
          "schema registry: basic-auth user info is not user:password");
    }
  }

  /** A registry without credentials, trusting the JVM's CAs. */
  public static RegistryAccess of(String url) {
    return new RegistryAccess(url, "", "", "", "");
  }

  /** The value of the Authorization header, or null when the registry asks for none. */
  public String authorization() {
    if (!bearerToken.isEmpty()) {
      return "Bearer " + bearerToken;
    }
    if (!basicUserInfo.isEmpty()) {
      return "Basic "
          + Base64.getEncoder().encodeToString(basicUserInfo.getBytes(StandardCharsets.UTF_8));
    }
    return null;
  }

  /** How the requests authenticate, for messages: never the secret itself. */
  public String authentication() {
    if (!bearerToken.isEmpty()) {
      return "a bearer token";
    }
    if (!basicUserInfo.isEmpty()) {
      return "basic auth as " + basicUserInfo.substring(0, basicUserInfo.indexOf(':'));
    }
    return "no credentials";
  }

  /** The TLS context trusting the configured store, or the JVM's default. */
  public SSLContext sslContext() {
    try {
      if (truststore.isEmpty()) {
        return SSLContext.getDefault();
      }
      KeyStore store =
          KeyStore.getInstance(truststore.toLowerCase().endsWith(".jks") ? "JKS" : "PKCS12");
      try (InputStream in = Files.newInputStream(Path.of(truststore))) {
        store.load(in, truststorePassword.isEmpty() ? null : truststorePassword.toCharArray());
      }
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (IOException | GeneralSecurityException e) {
      throw new SchemaRegistryException(
          "schema registry trust store " + truststore + " unusable: " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return url
        + " ("
        + authentication()
        + (truststore.isEmpty() ? "" : ", trusting " + truststore)
        + ")";
  }
}
