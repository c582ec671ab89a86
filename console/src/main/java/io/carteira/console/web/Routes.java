package io.carteira.console.web;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/**
 * Every request: access first ({@link Access}), then the stream, the JSON API, or the pages'
 * assets. {@code ?token=} on a page's address sets the token's cookie and sends the browser on to
 * the same address without it, so the token does not stay in the address bar or its history.
 */
final class Routes extends Handler.Abstract {

  static final int MAX_BODY = 256 * 1024;

  private final Access access;
  private final EventStream stream;
  private final Api api;
  private final Assets assets;

  Routes(Access access, EventStream stream, Api api, Assets assets) {
    this.access = access;
    this.stream = stream;
    this.api = api;
    this.assets = assets;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws IOException {
    String path = Request.getPathInContext(request);
    Fields query = Request.extractQueryParameters(request);
    response.getHeaders().put("X-Content-Type-Options", "nosniff");
    response.getHeaders().put("Referrer-Policy", "no-referrer");
    String offered = query.getValue("token");
    if (offered != null && access.tokenRequired() && request.getMethod().equals("GET")) {
      if (!access.matches(offered)) {
        reply(response, callback, 401, "text/plain", "wrong token\n");
        return true;
      }
      Response.addCookie(response, access.cookie(offered));
      response.getHeaders().put(HttpHeader.LOCATION, withoutToken(path, query));
      reply(response, callback, 303, "text/plain", "");
      return true;
    }
    if (!access.allows(request)) {
      response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer realm=\"carteira\"");
      reply(
          response,
          callback,
          401,
          "text/plain",
          access.tokenRequired()
              ? "this console needs its token: open it with ?token=TOKEN or send Authorization:"
                  + " Bearer TOKEN\n"
              : "this console answers to localhost only\n");
      return true;
    }
    if (path.equals("/api/stream")) {
      stream.serve(request, response, callback);
      return true;
    }
    if (path.startsWith("/api/")) {
      Map<String, String> params = new HashMap<>();
      query.forEach(f -> params.put(f.getName(), f.getValue()));
      Api.Reply reply;
      if (request.getMethod().equals("POST")) {
        if (!Access.sameOrigin(request)) {
          reply(response, callback, 403, "text/plain", "not from the console's pages\n");
          return true;
        }
        String body = body(request);
        reply =
            body == null
                ? Api.Reply.error(413, "the upload is over 256 kB")
                : api.post(path, params, body);
      } else {
        reply = api.get(path, params);
      }
      json(response, callback, reply.status(), reply.body());
      return true;
    }
    Assets.Asset asset = assets.find(path);
    if (asset == null) {
      reply(response, callback, 404, "text/plain", "not found\n");
      return true;
    }
    response.setStatus(200);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, asset.contentType());
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
    response
        .getHeaders()
        .put(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'");
    response.write(true, ByteBuffer.wrap(asset.bytes()), callback);
    return true;
  }

  /** The same address without its token: the other parameters kept. */
  static String withoutToken(String path, Fields query) {
    StringBuilder rest = new StringBuilder();
    query.forEach(
        f -> {
          if (!f.getName().equals("token")) {
            for (String v : f.getValues()) {
              rest.append(rest.length() == 0 ? '?' : '&')
                  .append(URLEncoder.encode(f.getName(), StandardCharsets.UTF_8))
                  .append('=')
                  .append(URLEncoder.encode(v, StandardCharsets.UTF_8));
            }
          }
        });
    return path + rest;
  }

  /** The request's body as text, or null when over {@link #MAX_BODY}. */
  private static String body(Request request) throws IOException {
    try (InputStream in = Content.Source.asInputStream(request)) {
      byte[] bytes = in.readNBytes(MAX_BODY + 1);
      return bytes.length > MAX_BODY ? null : new String(bytes, StandardCharsets.UTF_8);
    }
  }

  private static void json(Response response, Callback callback, int status, JsonNode body) {
    reply(response, callback, status, "application/json; charset=utf-8", body.toString());
  }

  static void reply(
      Response response, Callback callback, int status, String contentType, String text) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    response.write(true, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), callback);
  }
}
