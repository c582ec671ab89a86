package io.carteira.console.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.carteira.console.model.ConsoleModel;
import io.carteira.console.model.EngineHealth;
import io.carteira.console.policy.PolicyFiles;
import io.carteira.console.policy.PolicyPublisher;
import io.carteira.console.policy.PolicyTopic;
import io.carteira.jobs.config.CarteiraConfig;
import io.carteira.operators.policy.Policy;
import io.carteira.schemas.DeadLetter;
import io.carteira.schemas.PolicyDocument;
import io.carteira.schemas.wire.AvroJson;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The console's JSON API, one method per address, over the {@link ConsoleModel}: plain calls, so
 * they are tested without a server. The pages' views live in {@link Views}; the policies, the
 * engine's health and the status here.
 */
public final class Api {

  /** A reply: HTTP status and JSON body. */
  public record Reply(int status, JsonNode body) {
    static Reply ok(JsonNode body) {
      return new Reply(200, body);
    }

    static Reply error(int status, String message) {
      return new Reply(status, JSON.createObjectNode().put("error", message));
    }
  }

  static final ObjectMapper JSON = new ObjectMapper();

  private final ConsoleModel model;
  private final Views views;
  private final CarteiraConfig config;
  private final Supplier<ObjectNode> status;

  /**
   * @param status what the reading side says of itself (topics, start, load progress)
   */
  public Api(ConsoleModel model, Views views, CarteiraConfig config, Supplier<ObjectNode> status) {
    this.model = model;
    this.views = views;
    this.config = config;
    this.status = status;
  }

  public Reply get(String path, Map<String, String> params) {
    String[] parts = path.substring("/api/".length()).split("/", 2);
    String rest =
        parts.length > 1
            ? java.net.URLDecoder.decode(parts[1], java.nio.charset.StandardCharsets.UTF_8)
            : null;
    return switch (parts[0]) {
      case "status" -> Reply.ok(status());
      case "portfolio" -> Reply.ok(views.portfolio(params.get("currency")));
      case "alerts" ->
          rest == null ? Reply.ok(views.alerts(params)) : found(views.alert(rest), "alert " + rest);
      case "customers" ->
          rest == null
              ? Reply.ok(views.customers(params))
              : found(views.customer(rest), "customer " + rest);
      case "actions" -> Reply.ok(views.actions(params));
      case "policies" -> Reply.ok(policies());
      case "engine" -> Reply.ok(engine());
      default -> Reply.error(404, "no such address: " + path);
    };
  }

  private static Reply found(JsonNode body, String what) {
    return body == null ? Reply.error(404, "no " + what + " read") : Reply.ok(body);
  }

  public Reply post(String path, Map<String, String> params, String body) {
    if (!path.equals("/api/policies")) {
      return Reply.error(404, "no such address: " + path);
    }
    return upload(body, "yaml".equalsIgnoreCase(params.getOrDefault("format", "yaml")));
  }

  /**
   * A policy file uploaded: read as {@code carteira policy push} reads a file, checked with the
   * same rules, published only when nothing is wrong. A refusal lists every reason and changes
   * nothing.
   */
  Reply upload(String text, boolean yaml) {
    PolicyDocument document;
    try {
      document = PolicyFiles.parse(text, yaml, "console");
    } catch (PolicyFiles.Unreadable e) {
      return refused(null, List.of(e.getMessage()));
    }
    try {
      PolicyPublisher.Outcome outcome = PolicyPublisher.push(config, document);
      if (!outcome.published()) {
        return refused(document, outcome.reasons());
      }
      return Reply.ok(
          JSON.createObjectNode()
              .put("published", true)
              .put("segment", document.getSegment())
              .put("version", document.getVersion())
              .put("partition", outcome.partition())
              .put("offset", outcome.offset()));
    } catch (Exception e) {
      return Reply.error(503, "could not publish: " + e.getMessage());
    }
  }

  private static Reply refused(PolicyDocument document, List<String> reasons) {
    ObjectNode body = JSON.createObjectNode().put("published", false);
    if (document != null) {
      body.put("segment", document.getSegment()).put("version", document.getVersion());
    }
    ArrayNode list = body.putArray("reasons");
    reasons.forEach(list::add);
    return new Reply(422, body);
  }

  ObjectNode status() {
    ObjectNode s = status.get();
    s.put("latest_change", model.changes().latest())
        .put("customers", model.customers().size())
        .put("snapshots", model.customers().snapshots())
        .put("latest_as_of", model.customers().latestAsOf().toString())
        .put("now", Instant.now().toString());
    return s;
  }

  ObjectNode policies() {
    ObjectNode body = JSON.createObjectNode();
    PolicyTopic topic = model.policies().topic();
    Map<String, PolicyTopic.Entry> inForce = topic.inForce();
    ArrayNode segments = body.putArray("segments");
    for (String segment : Policy.SEGMENTS) {
      ObjectNode s = segments.addObject().put("segment", segment);
      PolicyTopic.Entry e = inForce.get(segment);
      if (e == null) {
        s.put("version", segment.equals(Policy.DEFAULT_SEGMENT) ? 0 : -1)
            .put("built_in", segment.equals(Policy.DEFAULT_SEGMENT));
      } else {
        s.put("version", e.document().getVersion())
            .put("published_at", e.document().getPublishedAt().toString())
            .put("published_by", String.valueOf(e.document().getPublishedBy()))
            .put("offset", e.offset());
        s.set("policy", readTree(e.document().getBody()));
      }
    }
    ArrayNode refused = body.putArray("refused");
    for (PolicyTopic.Entry e : topic.refused()) {
      ObjectNode r =
          refused
              .addObject()
              .put("segment", e.document().getSegment())
              .put("version", e.document().getVersion())
              .put("published_at", e.document().getPublishedAt().toString())
              .put("offset", e.offset());
      ArrayNode reasons = r.putArray("reasons");
      for (String reason : e.refusal().split("; ")) {
        reasons.add(reason);
      }
    }
    ArrayNode byJob = body.putArray("refused_by_job");
    for (DeadLetter d : model.policies().refusedByJob()) {
      byJob.add(deadLetter(d));
    }
    return body;
  }

  ObjectNode engine() {
    EngineHealth e = model.engine();
    ObjectNode body = JSON.createObjectNode();
    ObjectNode rates = body.putObject("inputs");
    e.rates()
        .forEach(
            (topic, r) ->
                rates
                    .putObject(topic)
                    .put("records", r.records())
                    .put("per_second", r.perSecond()));
    ObjectNode lag = body.putObject("outputs");
    Instant now = Instant.now();
    e.lag()
        .forEach(
            (output, l) ->
                lag.putObject(output)
                    .put("behind_ms", l.behind().toMillis())
                    .put("read_ago_ms", Duration.between(l.readAt(), now).toMillis())
                    .put("event_time", l.eventTime().toString())
                    .put("records", l.records()));
    ObjectNode kinds = body.putObject("dead_letters_by_kind");
    e.deadLettersByKind().forEach(kinds::put);
    ArrayNode latest = body.putArray("dead_letters");
    e.latestDeadLetters().forEach(d -> latest.add(deadLetter(d)));
    Object checkpoints = e.checkpoints();
    if (checkpoints instanceof JsonNode node) {
      body.set("checkpoints", node);
    }
    body.put("checkpoints_source", e.checkpointsSource());
    body.set("status", status());
    return body;
  }

  /** A dead letter for people: its fields, the bytes as their size and a readable start. */
  static ObjectNode deadLetter(DeadLetter d) {
    ObjectNode node = (ObjectNode) AvroJson.toNode(d, d.getSchema());
    node.remove("key");
    node.remove("value");
    if (d.getValue() != null) {
      byte[] bytes = new byte[d.getValue().remaining()];
      d.getValue().duplicate().get(bytes);
      node.put("value_bytes", bytes.length);
      node.put("value_text", Views.printable(bytes, 160));
    }
    return node;
  }

  private static JsonNode readTree(String text) {
    try {
      return JSON.readTree(text);
    } catch (Exception e) {
      return JSON.getNodeFactory().textNode(text);
    }
  }
}
