package io.carteira.console.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The event stream over a real connection: a browser that reconnects with the last id it got gets
 * every change after it, none missed and none twice, even when changes came while it was away and
 * while it reads.
 */
class EventStreamTest {

  /** One event as read off the stream. */
  record Event(long id, String kind, String data) {}

  @Test
  void aReconnectWithLastEventIdResumesWithoutGapsOrDuplicates() throws Exception {
    try (TestServer t = new TestServer("127.0.0.1", null, 1_000)) {
      for (int i = 0; i < 5; i++) {
        t.changes.append("alert", "{\"n\":" + i + "}");
      }
      // a fresh stream starts with hello at the latest change: nothing before it is replayed
      List<Event> first = new ArrayList<>();
      CompletableFuture<Void> reading =
          CompletableFuture.runAsync(() -> read(t.base(), null, 8, first));
      Thread.sleep(300);
      Thread writer =
          new Thread(
              () -> {
                for (int i = 5; i < 40; i++) {
                  t.changes.append(i % 3 == 0 ? "tick" : "alert", "{\"n\":" + i + "}");
                }
              });
      writer.start();
      reading.get(10, TimeUnit.SECONDS);
      assertThat(first.get(0).kind()).isEqualTo("hello");
      assertThat(first.get(0).id()).isEqualTo(5);
      long last = first.get(first.size() - 1).id();
      writer.join();

      // reconnect with the last id read, while the writer has moved on
      List<Event> second = new ArrayList<>();
      CompletableFuture.runAsync(() -> read(t.base(), last, (int) (40 - last), second))
          .get(10, TimeUnit.SECONDS);
      List<Long> ids = new ArrayList<>();
      first.stream().skip(1).forEach(e -> ids.add(e.id()));
      second.forEach(e -> ids.add(e.id()));
      List<Long> expected = new ArrayList<>();
      for (long id = 6; id <= 40; id++) {
        expected.add(id);
      }
      assertThat(ids).as("every change once, in order").isEqualTo(expected);
      assertThat(second.get(second.size() - 1).data()).isEqualTo("{\"n\":39}");
    }
  }

  @Test
  void aReaderFurtherBehindThanTheLogKeepsIsToldToReload() throws Exception {
    try (TestServer t = new TestServer("127.0.0.1", null, 10)) {
      for (int i = 0; i < 30; i++) {
        t.changes.append("alert", "{}");
      }
      List<Event> events = new ArrayList<>();
      CompletableFuture.runAsync(() -> read(t.base(), 3L, 1, events)).get(10, TimeUnit.SECONDS);
      assertThat(events.get(0).kind()).isEqualTo("reset");
      assertThat(events.get(0).id()).isEqualTo(30);
    }
  }

  /** Reads {@code count} events (besides comments) off a stream, then closes it. */
  static void read(String base, Long lastEventId, int count, List<Event> into) {
    try {
      HttpURLConnection c =
          (HttpURLConnection) URI.create(base + "/api/stream").toURL().openConnection();
      if (lastEventId != null) {
        c.setRequestProperty("Last-Event-ID", String.valueOf(lastEventId));
      }
      c.setReadTimeout(10_000);
      assertThat(c.getResponseCode()).isEqualTo(200);
      assertThat(c.getContentType()).startsWith("text/event-stream");
      try (BufferedReader in =
          new BufferedReader(new InputStreamReader(c.getInputStream(), StandardCharsets.UTF_8))) {
        long id = -1;
        String kind = null;
        String data = null;
        String line;
        while (into.size() < count && (line = in.readLine()) != null) {
          if (line.startsWith("id: ")) {
            id = Long.parseLong(line.substring(4));
          } else if (line.startsWith("event: ")) {
            kind = line.substring(7);
          } else if (line.startsWith("data: ")) {
            data = line.substring(6);
          } else if (line.isEmpty() && kind != null) {
            into.add(new Event(id, kind, data));
            kind = null;
          }
        }
      } finally {
        c.disconnect();
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
