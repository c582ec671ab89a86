package io.carteira.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Replays a provider's exported events through the same mapping as live deliveries, in the order
 * they happened, then stops: how a business loads its history before pointing webhooks at Carteira,
 * or re-sends what went to dead-letters once the cause is fixed. The file is a JSON array of
 * events, or a Stripe list ({@code {"object": "list", "data": [...]}}, newest first as the list API
 * returns it). Events are sorted by when they happened (stable: ties keep their order, oldest first
 * for a Stripe list), so a charge is seen before its dispute and a subscription's start before its
 * changes. The export is the business's own, so no signature is checked. Ids are the events' own:
 * replaying twice, or replaying what webhooks also delivered, repeats ids the job drops.
 */
public final class Backfill {

  /** What the replay did: deliveries by outcome, and Carteira events written. */
  public record Result(int events, Map<Ingestor.Kind, Integer> outcomes, int written) {
    public int count(Ingestor.Kind kind) {
      return outcomes.getOrDefault(kind, 0);
    }
  }

  /** Kafka stopped acknowledging partway: what was done is kept; the rest is to replay again. */
  public static final class Interrupted extends Exception {
    public Interrupted(String message) {
      super(message);
    }
  }

  private Backfill() {}

  public static Result run(
      Path file, Provider provider, Ingestor ingestor, IngestMetrics metrics, Clock clock)
      throws IOException, Interrupted {
    List<JsonNode> events = inTimeOrder(read(file), provider.mapping());
    Map<Ingestor.Kind, Integer> outcomes = new EnumMap<>(Ingestor.Kind.class);
    long writtenBefore = written(metrics, provider.name());
    int done = 0;
    for (JsonNode event : events) {
      Ingestor.Outcome outcome = ingestor.map(provider, event, clock.instant());
      if (outcome.kind() == Ingestor.Kind.UNAVAILABLE) {
        throw new Interrupted(
            "Kafka stopped acknowledging after "
                + done
                + " of "
                + events.size()
                + " events; run the backfill again (events already written repeat their ids, which"
                + " the job drops)");
      }
      outcomes.merge(outcome.kind(), 1, Integer::sum);
      done++;
    }
    return new Result(
        events.size(), outcomes, (int) (written(metrics, provider.name()) - writtenBefore));
  }

  /** The events of an export: a JSON array, or a Stripe list object (newest first). */
  static List<JsonNode> read(Path file) throws IOException {
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(Files.readAllBytes(file));
    } catch (JsonProcessingException e) {
      throw new IOException(file + " is not JSON: " + e.getOriginalMessage());
    }
    List<JsonNode> events = new ArrayList<>();
    if (root != null && root.isArray()) {
      root.forEach(events::add);
    } else if (root != null && root.isObject() && root.path("data").isArray()) {
      root.get("data").forEach(events::add);
      // the list API returns the newest first: oldest first, so ties keep their real order
      Collections.reverse(events);
    } else {
      throw new IOException(
          file + " is neither a JSON array of events nor a list of them ({\"data\": [...]})");
    }
    return events;
  }

  /** Sorted by when each happened; events whose time cannot be read go last, as they came. */
  static List<JsonNode> inTimeOrder(List<JsonNode> events, ProviderMapping mapping) {
    List<Timed> timed = new ArrayList<>();
    for (JsonNode event : events) {
      Instant at;
      try {
        at = mapping.occurredAt(event);
      } catch (Unmappable e) {
        at = null;
      }
      timed.add(new Timed(at == null ? Instant.MAX : at, event));
    }
    timed.sort(Comparator.comparing(Timed::at));
    return timed.stream().map(Timed::event).toList();
  }

  private static long written(IngestMetrics metrics, String provider) {
    return metrics.mappedEvents(provider);
  }

  private record Timed(Instant at, JsonNode event) {}
}
