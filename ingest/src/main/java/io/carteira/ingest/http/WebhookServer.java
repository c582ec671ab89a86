package io.carteira.ingest.http;

import io.carteira.ingest.Delivery;
import io.carteira.ingest.EventSink;
import io.carteira.ingest.IngestMetrics;
import io.carteira.ingest.Ingestor;
import io.carteira.ingest.Provider;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP face of the receiver (Jetty, no servlets): {@code POST /webhooks/<provider>} for each
 * configured provider, {@code GET /health} (the process answers), {@code GET /ready} (Kafka
 * answers: a load balancer sends deliveries elsewhere meanwhile) and {@code GET /metrics}. A body
 * over 1 MB is refused with 413 (Stripe's and Asaas's events are a few kB), and each source is rate
 * limited (429) before its body is read.
 */
public final class WebhookServer implements AutoCloseable {

  /** The largest body accepted. */
  public static final int MAX_BODY = 1024 * 1024;

  private static final Logger LOG = LoggerFactory.getLogger(WebhookServer.class);

  private final Server server;
  private final ServerConnector connector;

  private WebhookServer(Server server, ServerConnector connector) {
    this.server = server;
    this.connector = connector;
  }

  /** Starts listening on {@code host}:{@code port} (0: a free port). */
  public static WebhookServer start(
      String host,
      int port,
      List<Provider> providers,
      Ingestor ingestor,
      EventSink sink,
      IngestMetrics metrics,
      RateLimiter limiter,
      Clock clock)
      throws Exception {
    QueuedThreadPool threads = new QueuedThreadPool(64, 4);
    threads.setName("carteira-ingest-http");
    Server server = new Server(threads);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
    connector.setHost(host);
    connector.setPort(port);
    connector.setIdleTimeout(30_000);
    server.addConnector(connector);
    Map<String, Provider> byPath = new LinkedHashMap<>();
    for (Provider provider : providers) {
      byPath.put("/webhooks/" + provider.name(), provider);
    }
    server.setHandler(new Routes(byPath, ingestor, sink, metrics, limiter, clock));
    server.start();
    return new WebhookServer(server, connector);
  }

  /** The port it listens on. */
  public int port() {
    return connector.getLocalPort();
  }

  /** Waits until the server stops. */
  public void join() throws InterruptedException {
    server.join();
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      LOG.warn("stopping the HTTP server: {}", e.toString());
    }
  }

  private static final class Routes extends Handler.Abstract {

    private final Map<String, Provider> providers;
    private final Ingestor ingestor;
    private final EventSink sink;
    private final IngestMetrics metrics;
    private final RateLimiter limiter;
    private final Clock clock;

    Routes(
        Map<String, Provider> providers,
        Ingestor ingestor,
        EventSink sink,
        IngestMetrics metrics,
        RateLimiter limiter,
        Clock clock) {
      this.providers = providers;
      this.ingestor = ingestor;
      this.sink = sink;
      this.metrics = metrics;
      this.limiter = limiter;
      this.clock = clock;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      String path = Request.getPathInContext(request);
      String method = request.getMethod();
      try {
        switch (path) {
          case "/health" -> reply(response, callback, 200, "ok");
          case "/ready" -> {
            boolean ready = sink.ready();
            reply(response, callback, ready ? 200 : 503, ready ? "ready" : "Kafka is unavailable");
          }
          case "/metrics" -> {
            response
                .getHeaders()
                .put(HttpHeader.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
            response.setStatus(200);
            Content.Sink.write(response, true, metrics.exposition(), callback);
          }
          default -> {
            Provider provider = providers.get(path);
            if (provider == null) {
              reply(response, callback, 404, "no such endpoint");
            } else if (!"POST".equals(method)) {
              reply(response, callback, 405, "POST a webhook delivery here");
            } else {
              delivery(provider, request, response, callback);
            }
          }
        }
      } catch (IOException | RuntimeException e) {
        LOG.error("request to {} failed", path, e);
        reply(response, callback, 500, "internal error");
      }
      return true;
    }

    private void delivery(Provider provider, Request request, Response response, Callback callback)
        throws IOException {
      String source = provider.name() + "|" + Request.getRemoteAddr(request);
      if (!limiter.tryAcquire(source)) {
        metrics.received(provider.name());
        metrics.refused(provider.name(), "rate_limited");
        response.getHeaders().put(HttpHeader.RETRY_AFTER, "1");
        reply(response, callback, 429, "too many deliveries; slow down");
        return;
      }
      long declared = request.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH);
      byte[] body = null;
      if (declared <= MAX_BODY) {
        try (InputStream in = Content.Source.asInputStream(request)) {
          body = in.readNBytes(MAX_BODY + 1);
        }
      }
      if (body == null || body.length > MAX_BODY) {
        metrics.received(provider.name());
        metrics.refused(provider.name(), "too_large");
        reply(response, callback, 413, "the body is over " + MAX_BODY + " bytes");
        return;
      }
      Map<String, String> headers = new HashMap<>();
      for (HttpField field : request.getHeaders()) {
        headers.putIfAbsent(field.getName().toLowerCase(Locale.ROOT), field.getValue());
      }
      Ingestor.Outcome outcome =
          ingestor.receive(provider, new Delivery(headers, body, clock.instant()));
      reply(response, callback, outcome.status(), outcome.message());
    }

    private static void reply(Response response, Callback callback, int status, String message) {
      response.setStatus(status);
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
      Content.Sink.write(response, true, message + "\n", callback);
    }
  }
}
