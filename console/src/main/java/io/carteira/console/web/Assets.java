package io.carteira.console.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The pages' files, served from the jar ({@code io/carteira/console/assets/}): nothing is fetched
 * from anywhere else, so the console works offline. {@code /} is {@code index.html}; a path with
 * {@code ..} or a backslash is never looked up.
 */
final class Assets {

  /** A file's bytes and its content type. */
  record Asset(byte[] bytes, String contentType) {}

  private static final String ROOT = "/io/carteira/console/assets";
  private static final Map<String, String> TYPES =
      Map.of(
          "html", "text/html; charset=utf-8",
          "css", "text/css; charset=utf-8",
          "js", "text/javascript; charset=utf-8",
          "svg", "image/svg+xml",
          "md", "text/markdown; charset=utf-8",
          "json", "application/json; charset=utf-8",
          "png", "image/png",
          "ico", "image/x-icon");

  private final Map<String, Asset> cache = new ConcurrentHashMap<>();

  Asset find(String path) {
    String p = path.equals("/") || path.isEmpty() ? "/index.html" : path;
    if (p.contains("..") || p.contains("\\") || p.contains("//")) {
      return null;
    }
    int dot = p.lastIndexOf('.');
    String type = dot < 0 ? null : TYPES.get(p.substring(dot + 1));
    if (type == null) {
      return null;
    }
    return cache.computeIfAbsent(p, key -> load(key, type));
  }

  private static Asset load(String path, String type) {
    try (InputStream in = Assets.class.getResourceAsStream(ROOT + path)) {
      return in == null ? null : new Asset(in.readAllBytes(), type);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
