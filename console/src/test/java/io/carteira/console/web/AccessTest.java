package io.carteira.console.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** Bound beyond localhost, the console serves nothing without its token. */
class AccessTest {

  private static final String TOKEN = "s3cret-console-token";
  private final HttpClient http =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  @Test
  void boundToEveryAddress_everyRequestNeedsTheToken() throws Exception {
    try (TestServer t = new TestServer("0.0.0.0", TOKEN, 100)) {
      for (String path : new String[] {"/", "/api/status", "/api/stream", "/js/app.js"}) {
        assertThat(get(t, path, null, null).statusCode()).as(path).isEqualTo(401);
      }
      assertThat(get(t, "/api/status", "Bearer wrong", null).statusCode()).isEqualTo(401);
      assertThat(get(t, "/api/status", "Bearer " + TOKEN, null).statusCode()).isEqualTo(200);
      assertThat(get(t, "/api/status", null, "carteira_console=wrong").statusCode()).isEqualTo(401);

      HttpResponse<String> link = get(t, "/?token=" + TOKEN, null, null);
      assertThat(link.statusCode()).isEqualTo(303);
      assertThat(link.headers().firstValue("Location")).hasValue("/");
      String cookie = link.headers().firstValue("Set-Cookie").orElseThrow();
      assertThat(cookie).contains("HttpOnly").containsIgnoringCase("SameSite=Strict");
      assertThat(get(t, "/api/status", null, cookie.split(";")[0]).statusCode()).isEqualTo(200);
      assertThat(get(t, "/?token=wrong", null, null).statusCode()).isEqualTo(401);
      assertThat(
              get(t, "/api/alerts?severity=HIGH&token=" + TOKEN, null, null)
                  .headers()
                  .firstValue("Location"))
          .hasValue("/api/alerts?severity=HIGH");
    }
  }

  @Test
  void aWiderAddressWithoutATokenDoesNotStart() {
    assertThatThrownBy(() -> Access.forBinding("0.0.0.0", null))
        .hasMessageContaining("needs a token");
    assertThat(Access.forBinding("127.0.0.1", null).tokenRequired()).isFalse();
  }

  @Test
  void onLoopbackWithoutAToken_onlyLoopbackHostNamesAreServed() throws Exception {
    try (TestServer t = new TestServer("127.0.0.1", null, 100)) {
      assertThat(get(t, "/api/status", null, null).statusCode()).isEqualTo(200);
      try (java.net.Socket socket = new java.net.Socket("127.0.0.1", t.server.port())) {
        socket
            .getOutputStream()
            .write(
                ("GET /api/status HTTP/1.1\r\nHost: attacker.example\r\nConnection: close\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        String answer =
            new String(
                socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII);
        assertThat(answer).startsWith("HTTP/1.1 401");
      }
    }
  }

  @Test
  void anUploadFromAnotherSiteIsRefused() throws Exception {
    try (TestServer t = new TestServer("127.0.0.1", null, 100)) {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(t.base() + "/api/policies"))
                  .POST(HttpRequest.BodyPublishers.ofString("segment: default"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(403);
    }
  }

  private HttpResponse<String> get(TestServer t, String path, String authorization, String cookie)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(t.base() + path))
            .timeout(java.time.Duration.ofSeconds(5));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    if (cookie != null) {
      request.header("Cookie", cookie);
    }
    if (path.equals("/api/stream")) {
      return http.send(request.build(), r -> HttpResponse.BodySubscribers.replacing(""));
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
