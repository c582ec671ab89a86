package io.carteira.console.web;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Set;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;

/**
 * Who may use the console. Bound to the loopback address without a token, anyone on this machine:
 * only requests naming a loopback host are served (so a web page elsewhere cannot reach it through
 * a rebound DNS name). With a token (required when bound wider), every request must carry it: as
 * {@code Authorization: Bearer TOKEN}, or in the cookie set when a browser first opens a link with
 * {@code ?token=TOKEN}. A request that changes something must also come from the console's own
 * pages (its {@code X-Carteira} header, which another site's page cannot set).
 */
public final class Access {

  /** The cookie a browser keeps the token in. */
  public static final String COOKIE = "carteira_console";

  private static final Set<String> LOOPBACK_NAMES = Set.of("localhost", "127.0.0.1", "[::1]");
  private final byte[] token;

  private Access(String token) {
    this.token = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The access for a console bound to {@code bind}: {@code token} may be null only on a loopback
   * address.
   *
   * @throws IllegalArgumentException for a wider address without a token
   */
  public static Access forBinding(String bind, String token) {
    if (token != null && token.isBlank()) {
      throw new IllegalArgumentException("the console's token is empty");
    }
    if (token == null && !isLoopback(bind)) {
      throw new IllegalArgumentException(
          "binding the console to "
              + bind
              + " needs a token: --token-file FILE or CARTEIRA_CONSOLE_TOKEN");
    }
    return new Access(token);
  }

  static boolean isLoopback(String host) {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  public boolean tokenRequired() {
    return token != null;
  }

  /** Whether {@code request} may be served. */
  boolean allows(Request request) {
    if (token == null) {
      String host = Request.getServerName(request);
      return host != null
          && (LOOPBACK_NAMES.contains(host.toLowerCase()) || host.startsWith("127."));
    }
    String authorization = request.getHeaders().get(HttpHeader.AUTHORIZATION);
    if (authorization != null && authorization.startsWith("Bearer ")) {
      return matches(authorization.substring(7).trim());
    }
    List<HttpCookie> cookies = Request.getCookies(request);
    for (HttpCookie cookie : cookies) {
      if (cookie.getName().equals(COOKIE) && matches(cookie.getValue())) {
        return true;
      }
    }
    return false;
  }

  /** Whether a request that changes something comes from the console's own pages. */
  static boolean sameOrigin(Request request) {
    if (request.getHeaders().get("X-Carteira") == null) {
      return false;
    }
    String origin = request.getHeaders().get(HttpHeader.ORIGIN);
    if (origin == null) {
      return true;
    }
    try {
      String host = URI.create(origin).getHost();
      return host != null && host.equalsIgnoreCase(Request.getServerName(request));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** Whether {@code offered} is the token, compared in constant time. */
  boolean matches(String offered) {
    return token != null
        && offered != null
        && MessageDigest.isEqual(token, offered.getBytes(StandardCharsets.UTF_8));
  }

  /** The cookie that keeps the token for the browser's later requests. */
  HttpCookie cookie(String value) {
    return HttpCookie.build(COOKIE, value)
        .path("/")
        .httpOnly(true)
        .sameSite(HttpCookie.SameSite.STRICT)
        .build();
  }
}
