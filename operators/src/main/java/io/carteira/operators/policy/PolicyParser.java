package io.carteira.operators.policy;

import static io.carteira.operators.policy.PolicyFields.days;
import static io.carteira.operators.policy.PolicyFields.integer;
import static io.carteira.operators.policy.PolicyFields.number;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.carteira.schemas.Channel;
import io.carteira.schemas.DunningActionType;
import io.carteira.schemas.PaymentBehaviour;
import io.carteira.schemas.PolicyDocument;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a policy document: its JSON body, laid over the built-in defaults ({@code
 * default-policy.json}), checked as a whole. Every error is reported, not only the first; a
 * document with any error is refused entire. Unknown keys are errors (a typo must not pass as "no
 * change").
 */
public final class PolicyParser {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectNode DEFAULTS = loadDefaults();

  private PolicyParser() {}

  /** The outcome: a policy, or the list of everything wrong with the document. */
  public record Result(Policy policy, List<String> errors) {
    public boolean accepted() {
      return errors.isEmpty();
    }
  }

  /** The built-in policy, version 0 of segment {@code default}. */
  public static Policy builtIn() {
    return bind(Policy.DEFAULT_SEGMENT, 0, DEFAULTS, new ArrayList<>());
  }

  /** The built-in defaults as a JSON document, for `carteira policy` and readers. */
  public static String defaultsJson() {
    return DEFAULTS.toPrettyString();
  }

  public static Result parse(PolicyDocument document) {
    List<String> errors = new ArrayList<>();
    String segment = document.getSegment();
    if (segment == null || !Policy.SEGMENTS.contains(segment)) {
      errors.add(
          "unknown segment '" + segment + "' (one of " + String.join(", ", Policy.SEGMENTS) + ")");
    }
    if (document.getVersion() < 1) {
      errors.add("version must be 1 or more, got " + document.getVersion());
    }
    JsonNode body;
    try {
      body = JSON.readTree(document.getBody());
    } catch (JsonProcessingException e) {
      errors.add("body is not JSON: " + e.getOriginalMessage());
      return new Result(null, errors);
    } catch (IOException e) {
      errors.add("body is not JSON: " + e.getMessage());
      return new Result(null, errors);
    }
    if (body == null || !body.isObject()) {
      errors.add("body must be a JSON object");
      return new Result(null, errors);
    }
    checkLadderForms(body.path("dunning"), errors);
    openFromForBothTypes(body.path("risk"));
    ObjectNode merged = DEFAULTS.deepCopy();
    overlay(merged, (ObjectNode) body, "", errors);
    Policy policy = bind(segment, document.getVersion(), merged, errors);
    return errors.isEmpty() ? new Result(policy, List.of()) : new Result(null, List.copyOf(errors));
  }

  /**
   * {@code risk.open_from} as one number is the threshold of both churn types, as it was before it
   * was split by churn type.
   */
  private static void openFromForBothTypes(JsonNode risk) {
    JsonNode openFrom = risk.path("open_from");
    if (risk.isObject() && openFrom.isValueNode()) {
      ObjectNode both = JSON.createObjectNode();
      both.set("voluntary", openFrom);
      both.set("involuntary", openFrom);
      ((ObjectNode) risk).set("open_from", both);
    }
  }

  /** Each ladder of the document as written names its steps in one form. */
  private static void checkLadderForms(JsonNode dunning, List<String> errors) {
    LadderParser.checkForm(dunning, "dunning.", errors);
    for (Iterator<Map.Entry<String, JsonNode>> it = dunning.path("by_payment_history").fields();
        it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      LadderParser.checkForm(
          entry.getValue(), "dunning.by_payment_history." + entry.getKey() + ".", errors);
    }
  }

  private static void overlay(
      ObjectNode target, ObjectNode source, String path, List<String> errors) {
    for (Iterator<Map.Entry<String, JsonNode>> it = source.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      String name = path + field.getKey();
      JsonNode known = target.get(field.getKey());
      if (known == null) {
        errors.add("unknown setting '" + name + "'");
      } else if (known.isObject()
          && !known.path("*").isMissingNode()
          && field.getValue().isObject()) {
        target.set(
            field.getKey(), field.getValue()); // an open map (weights): every key checked in bind
      } else if (known.isObject() && field.getValue().isObject()) {
        overlay((ObjectNode) known, (ObjectNode) field.getValue(), name + ".", errors);
      } else if (known.isObject() != field.getValue().isObject()) {
        errors.add("'" + name + "' must be " + (known.isObject() ? "an object" : "a value"));
      } else {
        target.set(field.getKey(), field.getValue());
      }
    }
  }

  private static Policy bind(String segment, long version, ObjectNode p, List<String> errors) {
    int grace = integer(p, "grace_period_days", 0, 90, errors);
    int renewal = integer(p, "renewal_window_days", 1, 365, errors);
    int onboarding = integer(p, "onboarding_days", 1, 365, errors);
    int retention = integer(p, "retention_days", 30, 3650, errors);

    Map<String, Double> weights = new LinkedHashMap<>();
    JsonNode w = p.path("health").path("weights");
    for (Iterator<Map.Entry<String, JsonNode>> it = w.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getKey().equals("*")) {
        continue;
      }
      if (!Policy.CONTRIBUTIONS.contains(e.getKey())) {
        errors.add(
            "unknown health weight '"
                + e.getKey()
                + "' (one of "
                + String.join(", ", Policy.CONTRIBUTIONS)
                + ")");
      } else if (!e.getValue().isNumber()
          || e.getValue().asDouble() < 0
          || e.getValue().asDouble() > 5) {
        errors.add(
            "health.weights." + e.getKey() + " must be a number from 0 to 5, got " + e.getValue());
      } else {
        weights.put(e.getKey(), e.getValue().asDouble());
      }
    }
    JsonNode bandsNode = p.path("health").path("bands");
    int healthy = integer(bandsNode, "healthy", 1, 100, errors, "health.bands.");
    int attention = integer(bandsNode, "attention", 1, 100, errors, "health.bands.");
    int atRisk = integer(bandsNode, "at_risk", 1, 100, errors, "health.bands.");
    if (!(healthy > attention && attention > atRisk)) {
      errors.add(
          "health.bands must decrease: healthy ("
              + healthy
              + ") > attention ("
              + attention
              + ") > at_risk ("
              + atRisk
              + ")");
    }

    JsonNode e = p.path("engagement");
    int dormant = integer(e, "dormant_after_days", 1, 365, errors, "engagement.");
    double high = number(e, "high_trend", 0, 10, errors, "engagement.");
    double medium = number(e, "medium_trend", 0, 10, errors, "engagement.");
    int baselineWeeks = integer(e, "baseline_weeks", 1, 12, errors, "engagement.");
    if (!(high > medium)) {
      errors.add(
          "engagement.high_trend ("
              + high
              + ") must exceed engagement.medium_trend ("
              + medium
              + ")");
    }

    JsonNode pu = p.path("punctuality");
    double occasionally = number(pu, "occasionally_late_share", 0, 1, errors, "punctuality.");
    double chronically = number(pu, "chronically_late_share", 0, 1, errors, "punctuality.");
    int delinquent = integer(pu, "delinquent_after_days", 1, 365, errors, "punctuality.");
    if (!(chronically > occasionally)) {
      errors.add(
          "punctuality.chronically_late_share ("
              + chronically
              + ") must exceed occasionally_late_share ("
              + occasionally
              + ")");
    }
    double expansion = number(p.path("expansion"), "utilisation", 0.1, 1, errors, "expansion.");

    JsonNode dunningNode = p.path("dunning");
    Policy.Dunning dunning = LadderParser.ladder(dunningNode, "dunning.", errors);
    Map<PaymentBehaviour, Policy.Dunning> byHistory = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = dunningNode.path("by_payment_history").fields();
        it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      String at = "dunning.by_payment_history." + entry.getKey() + ".";
      if (entry.getKey().equals("*")) {
        continue;
      }
      if (!PAYMENT_HISTORIES.contains(entry.getKey())) {
        errors.add(
            "unknown payment history '"
                + entry.getKey()
                + "' in dunning.by_payment_history (one of "
                + String.join(", ", PAYMENT_HISTORIES)
                + ")");
      } else if (!entry.getValue().isObject()) {
        errors.add(at.substring(0, at.length() - 1) + " must be an object");
      } else {
        ObjectNode ladder = ((ObjectNode) dunningNode).deepCopy();
        ladder.remove("by_payment_history");
        if (LadderParser.namesShorthand(entry.getValue())) {
          ladder.putArray(LadderParser.STEPS); // its own shorthand over the segment's shorthand
        }
        overlay(ladder, (ObjectNode) entry.getValue(), at, errors);
        byHistory.put(
            PaymentBehaviour.valueOf(entry.getKey()), LadderParser.ladder(ladder, at, errors));
      }
    }
    JsonNode j = p.path("journeys");
    Policy.Journeys journeys =
        new Policy.Journeys(
            days(j, "renewal_nudge_days_before_end", 1, 365, "journeys.", errors, true),
            integer(j, "win_back_after_days", 1, 730, errors, "journeys."),
            integer(j, "loyalty_on_time_run", 1, 120, errors, "journeys."));
    Policy.Messages messages = messages(p.path("messages"), errors);
    Policy.Risk risk = risk(p.path("risk"), errors);
    Map<String, String> playbook = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = p.path("playbook").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> action = it.next();
      if (!action.getValue().isTextual() || action.getValue().asText().isBlank()) {
        errors.add("playbook." + action.getKey() + " must be a sentence, got " + action.getValue());
      } else {
        playbook.put(action.getKey(), action.getValue().asText());
      }
    }
    return new Policy(
        segment,
        version,
        grace,
        renewal,
        onboarding,
        retention,
        Map.copyOf(weights),
        new Policy.Bands(healthy, attention, atRisk),
        new Policy.Engagement(dormant, high, medium, baselineWeeks),
        new Policy.Punctuality(occasionally, chronically, delinquent),
        expansion,
        dunning,
        Map.copyOf(byHistory),
        journeys,
        messages,
        risk,
        Map.copyOf(playbook));
  }

  /**
   * Payment histories a ladder may be given for: every behaviour but {@code DELINQUENT}, which is
   * the open invoice's own state.
   */
  static final List<String> PAYMENT_HISTORIES =
      List.of("PUNCTUAL", "OCCASIONALLY_LATE", "CHRONICALLY_LATE", "UNKNOWN");

  static final List<String> ACTION_TYPES =
      Arrays.stream(DunningActionType.values()).map(Enum::name).toList();
  static final List<String> CHANNELS = Arrays.stream(Channel.values()).map(Enum::name).toList();

  private static Policy.Messages messages(JsonNode m, List<String> errors) {
    JsonNode quiet = m.path("quiet_hours");
    LocalTime start = time(quiet, "start", errors);
    LocalTime end = time(quiet, "end", errors);
    Map<DunningActionType, Channel> channels = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = m.path("channels").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> c = it.next();
      if (c.getKey().equals("*")) {
        continue;
      }
      if (!ACTION_TYPES.contains(c.getKey())) {
        errors.add(
            "unknown action type '"
                + c.getKey()
                + "' in messages.channels (one of "
                + String.join(", ", ACTION_TYPES)
                + ")");
      } else if (!CHANNELS.contains(c.getValue().asText(""))) {
        errors.add(
            "messages.channels."
                + c.getKey()
                + " must be one of "
                + String.join(", ", CHANNELS)
                + ", got "
                + c.getValue());
      } else {
        channels.put(DunningActionType.valueOf(c.getKey()), Channel.valueOf(c.getValue().asText()));
      }
    }
    return new Policy.Messages(start, end, Map.copyOf(channels));
  }

  private static LocalTime time(JsonNode node, String field, List<String> errors) {
    JsonNode v = node.path(field);
    try {
      return LocalTime.parse(v.asText(""));
    } catch (DateTimeParseException e) {
      errors.add(
          "messages.quiet_hours."
              + field
              + " must be a time of day like \"21:00\", got "
              + (v.isMissingNode() ? "nothing" : v));
      return LocalTime.MIDNIGHT;
    }
  }

  private static Policy.Risk risk(JsonNode r, List<String> errors) {
    String at = "risk.";
    Map<String, Integer> weights = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = r.path("weights").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> w = it.next();
      weights.put(
          w.getKey(), integer(r.path("weights"), w.getKey(), 0, 100, errors, at + "weights."));
    }
    JsonNode severity = r.path("severity");
    int critical = integer(severity, "critical", 1, 100, errors, at + "severity.");
    int high = integer(severity, "high", 1, 100, errors, at + "severity.");
    int medium = integer(severity, "medium", 1, 100, errors, at + "severity.");
    if (!(critical > high && high > medium)) {
      errors.add(
          "risk.severity must decrease: critical ("
              + critical
              + ") > high ("
              + high
              + ") > medium ("
              + medium
              + ")");
    }
    JsonNode cooldown = r.path("cooldown_hours");
    JsonNode openFrom = r.path("open_from");
    return new Policy.Risk(
        integer(r, "failed_payment_streak", 2, 20, errors, at),
        integer(r, "failed_payment_window_days", 1, 365, errors, at),
        integer(r, "hard_decline_update_days", 0, 90, errors, at),
        number(r, "usage_collapse_trend", 0, 1, errors, at),
        integer(r, "silence_days", 1, 365, errors, at),
        integer(r, "ticket_run", 1, 20, errors, at),
        integer(r, "ticket_window_days", 1, 365, errors, at),
        integer(r, "detractor_score", 0, 10, errors, at),
        number(r, "usage_drop_trend", 0, 1, errors, at),
        integer(r, "usage_drop_window_days", 1, 365, errors, at),
        integer(r, "downgrade_spiral", 2, 20, errors, at),
        integer(r, "downgrade_window_days", 1, 730, errors, at),
        integer(r, "pause_days", 1, 365, errors, at),
        integer(r, "punctual_min_on_time", 1, 100, errors, at),
        number(r, "health_weight", 0, 1, errors, at),
        Map.copyOf(weights),
        critical,
        high,
        medium,
        integer(r, "escalate_after_days", 1, 365, errors, at),
        integer(r, "escalate_score_rise", 1, 100, errors, at),
        integer(cooldown, "voluntary", 0, 24 * 90, errors, at + "cooldown_hours."),
        integer(cooldown, "involuntary", 0, 24 * 90, errors, at + "cooldown_hours."),
        integer(r, "episode_expiry_days", 1, 365, errors, at),
        integer(r, "usage_min_weekly_uses", 0, 10_000, errors, at),
        integer(r, "usage_collapse_weeks", 1, 6, errors, at),
        integer(r, "punctual_late_days", 0, 365, errors, at),
        integer(openFrom, "voluntary", 0, 100, errors, at + "open_from."),
        integer(openFrom, "involuntary", 0, 100, errors, at + "open_from."));
  }

  private static ObjectNode loadDefaults() {
    try (InputStream in = PolicyParser.class.getResourceAsStream("/default-policy.json")) {
      return (ObjectNode) JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
