package io.carteira.console.web;

import io.carteira.console.model.ChangeLog;
import io.carteira.console.model.ChangeLog.Change;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/**
 * The changes as Server-Sent Events ({@code GET /api/stream}): each change an event whose id is its
 * number in the {@link ChangeLog}. A fresh stream starts with a {@code hello} carrying the latest
 * number; a browser that reconnects sends the last id it got ({@code Last-Event-ID}, which
 * EventSource does by itself) and gets every change after it, none missed and none twice, or a
 * {@code reset} when they are no longer kept. A comment every 15 s keeps proxies from closing a
 * quiet stream and finds out when the browser has gone.
 */
final class EventStream {

  static final int MAX_STREAMS = 32;
  private static final long KEEP_ALIVE_MS = 15_000;

  private final ChangeLog changes;
  private final AtomicInteger open = new AtomicInteger();

  EventStream(ChangeLog changes) {
    this.changes = changes;
  }

  /** Serves one stream on the request's thread until the browser goes or the log closes. */
  void serve(Request request, Response response, Callback callback) {
    if (open.incrementAndGet() > MAX_STREAMS) {
      open.decrementAndGet();
      Routes.reply(response, callback, 503, "text/plain", "too many open streams");
      return;
    }
    response.setStatus(200);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream; charset=utf-8");
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
    response.getHeaders().put("X-Accel-Buffering", "no");
    try (OutputStream out = Content.Sink.asOutputStream(response)) {
      long last = lastEventId(request);
      if (last < 0) {
        last = changes.latest();
        write(
            out,
            "retry: 2000\nid: " + last + "\nevent: hello\ndata: {\"latest\":" + last + "}\n\n");
      }
      while (true) {
        List<Change> batch = changes.after(last, 500);
        if (batch == null) {
          last = changes.latest();
          write(out, "id: " + last + "\nevent: reset\ndata: {\"latest\":" + last + "}\n\n");
          continue;
        }
        if (!batch.isEmpty()) {
          StringBuilder text = new StringBuilder();
          for (Change c : batch) {
            text.append("id: ")
                .append(c.id())
                .append("\nevent: ")
                .append(c.kind())
                .append("\ndata: ")
                .append(c.json())
                .append("\n\n");
            last = c.id();
          }
          write(out, text.toString());
          continue;
        }
        if (!changes.await(last, KEEP_ALIVE_MS)) {
          break;
        }
        if (changes.latest() <= last) {
          write(out, ": keep-alive\n\n");
        }
      }
      callback.succeeded();
    } catch (IOException e) {
      callback.failed(e); // the browser went away
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      callback.failed(e);
    } finally {
      open.decrementAndGet();
    }
  }

  private static void write(OutputStream out, String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  /** The last id the browser got: the header EventSource sends, or {@code ?last_event_id=}. */
  static long lastEventId(Request request) {
    String id = request.getHeaders().get("Last-Event-ID");
    if (id == null) {
      Fields query = Request.extractQueryParameters(request);
      id = query.getValue("last_event_id");
    }
    try {
      return id == null || id.isBlank() ? -1 : Long.parseLong(id.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  int open() {
    return open.get();
  }
}
