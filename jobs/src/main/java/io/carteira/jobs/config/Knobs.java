package io.carteira.jobs.config;

import java.time.Duration;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Every setting of Carteira: key, type, default, description. The defaults run embedded. */
public final class Knobs {

  private static final Map<String, Knob<?>> ALL = new LinkedHashMap<>();

  public static final Knob<String> KAFKA_BOOTSTRAP =
      string(
          "kafka.bootstrap-servers",
          "localhost:9092",
          "Kafka brokers to read from and write to (the demo starts its own and sets this).");
  public static final Knob<String> SCHEMA_REGISTRY_URL =
      string(
          "schema-registry.url",
          "http://localhost:8081",
          "Confluent-compatible Schema Registry base URL (the demo starts its own and sets this).");
  public static final Knob<Boolean> SCHEMA_AUTO_REGISTER =
      bool(
          "schema-registry.auto-register",
          "true",
          "Register output schemas on first use; off means they must already be registered.");
  public static final Knob<String> CONSUMER_GROUP =
      string(
          "kafka.group-id",
          "carteira",
          "Consumer group id of the job's Kafka source (offsets live in checkpoints; this is for"
              + " monitoring).");
  public static final Knob<String> STARTING_OFFSETS =
      choice(
          "kafka.starting-offsets",
          "earliest",
          "Where a job without a checkpoint starts reading: earliest, latest or committed.",
          "earliest",
          "latest",
          "committed");

  public static final Knob<Boolean> BOUNDED =
      bool(
          "kafka.bounded",
          "false",
          "Read the input topics up to their end offsets at start, then finish (a backfill; the end"
              + " of input closes every day and fires every timer).");

  public static final Knob<String> TOPIC_PAYMENTS =
      string("topics.payments", "payments", "Input topic of payment events.");
  public static final Knob<String> TOPIC_USAGE =
      string("topics.usage", "usage", "Input topic of usage events.");
  public static final Knob<String> TOPIC_SUBSCRIPTIONS =
      string("topics.subscriptions", "subscriptions", "Input topic of subscription events.");
  public static final Knob<String> TOPIC_POLICIES =
      string("topics.policies", "policies", "Control topic of segment policies.");
  public static final Knob<String> TOPIC_CUSTOMER_HEALTH =
      string(
          "topics.customer-health",
          "customer-health",
          "Compacted output topic of customer snapshots.");
  public static final Knob<String> TOPIC_RISK_ALERTS =
      string("topics.risk-alerts", "risk-alerts", "Output topic of risk alerts.");
  public static final Knob<String> TOPIC_DUNNING_ACTIONS =
      string("topics.dunning-actions", "dunning-actions", "Output topic of dunning actions.");
  public static final Knob<String> TOPIC_RISK_ALERTS_SHADOW =
      string(
          "topics.risk-alerts-shadow",
          "risk-alerts-shadow",
          "Output topic of the alerts the shadow policies in force would raise (never read as"
              + " live alerts); written like risk-alerts (delivery, compression).");
  public static final Knob<String> TOPIC_DUNNING_ACTIONS_SHADOW =
      string(
          "topics.dunning-actions-shadow",
          "dunning-actions-shadow",
          "Output topic of the dunning actions the shadow policies in force would send (never"
              + " sent); written like dunning-actions (delivery, compression).");
  public static final Knob<String> TOPIC_PORTFOLIO_METRICS =
      string("topics.portfolio-metrics", "portfolio-metrics", "Output topic of portfolio metrics.");
  public static final Knob<String> TOPIC_DEAD_LETTERS =
      string(
          "topics.dead-letters", "dead-letters", "Output topic of inputs that could not be used.");
  public static final Knob<Integer> TOPIC_PARTITIONS =
      integer(
          "topics.partitions",
          "4",
          "Partitions of every topic created by Carteira (embedded broker, `carteira run"
              + " --create-topics`).");

  public static final Knob<Integer> TOPIC_REPLICATION =
      integer(
          "topics.replication-factor",
          "1",
          "Replication factor of topics created by Carteira (3 on a production cluster).");

  public static final Knob<Integer> PARALLELISM =
      integer("job.parallelism", "2", "Parallelism of the job.");
  public static final Knob<Duration> CHECKPOINT_INTERVAL =
      duration(
          "checkpoint.interval",
          "PT1S",
          "Checkpoint interval. read_committed readers see exactly-once outputs when the checkpoint"
              + " covering them completes, so it bounds their latency in live operation.");
  public static final Knob<Duration> CHECKPOINT_TIMEOUT =
      duration("checkpoint.timeout", "PT2M", "Checkpoint timeout.");
  public static final Knob<Integer> CHECKPOINT_TOLERABLE_FAILURES =
      integer(
          "checkpoint.tolerable-failures",
          "1",
          "Checkpoints in a row that may fail or time out without restarting the job. After a"
              + " restore the job catches up, and a checkpoint that times out meanwhile would"
              + " otherwise restart it into the same catch-up.");
  public static final Knob<String> CHECKPOINT_DIR =
      string(
          "checkpoint.dir",
          "",
          "Durable checkpoint location (file://, s3://). Empty: a directory under the system temp"
              + " dir.");
  public static final Knob<Duration> RESTART_BUDGET =
      duration(
          "restart.budget",
          "PT5M",
          "Longest a failed job may take to restart; transactions must outlive checkpoint timeout"
              + " plus this.");
  public static final Knob<Integer> RESTART_ATTEMPTS =
      integer(
          "restart.attempts",
          "10",
          "Restarts allowed (fixed delay) before the job fails for good.");
  public static final Knob<Duration> TRANSACTION_TIMEOUT =
      duration(
          "kafka.transaction-timeout",
          "PT10M",
          "transaction.timeout.ms of exactly-once sinks: above checkpoint timeout x (tolerable"
              + " failures + 1) + restart budget, below the broker's max (15 min default).");
  public static final Knob<String> DELIVERY_CUSTOMER_HEALTH =
      choice(
          "delivery.customer-health",
          "exactly-once",
          "Guarantee of the customer-health sink: exactly-once, or at-least-once (outputs at once;"
              + " ids deduplicate).",
          "exactly-once",
          "at-least-once");
  public static final Knob<String> DELIVERY_RISK_ALERTS =
      choice(
          "delivery.risk-alerts",
          "exactly-once",
          "Guarantee of the risk-alerts sink: exactly-once, or at-least-once (alerts within"
              + " milliseconds; alert_id deduplicates).",
          "exactly-once",
          "at-least-once");
  public static final Knob<String> DELIVERY_DUNNING_ACTIONS =
      choice(
          "delivery.dunning-actions",
          "exactly-once",
          "Guarantee of the dunning-actions sink: exactly-once (a restart never sends twice), or"
              + " at-least-once (action_id deduplicates).",
          "exactly-once",
          "at-least-once");
  public static final Knob<String> DELIVERY_PORTFOLIO_METRICS =
      choice(
          "delivery.portfolio-metrics",
          "exactly-once",
          "Guarantee of the portfolio-metrics sink.",
          "exactly-once",
          "at-least-once");
  public static final Knob<String> MESSAGES_LOCALE =
      choice(
          "messages.locale",
          "pt-BR",
          "Language of dunning and journey messages for customers without a supported `locale`"
              + " attribute.",
          "pt-BR",
          "en");
  public static final Knob<String> ALERTS_LOCALE =
      choice("alerts.locale", "en", "Language of the reasons in risk alerts.", "en", "pt-BR");
  public static final Knob<Duration> CEP_WATERMARK_GRANULARITY =
      duration(
          "cep.watermark-granularity",
          "PT0.1S",
          "Watermarks reach the sequence detector rounded down to this: coarser is cheaper"
              + " (fewer rounds of held signals to release), sequence alerts come up to this much"
              + " later.");
  public static final Knob<String> METRICS_PROVISIONAL =
      choice(
          "metrics.provisional",
          "running-day",
          "Which open business days send provisional DAY figures as their facts arrive:"
              + " running-day (a day not yet over on the wall clock, so a replay of the past"
              + " sends final figures only), every-day, or none.",
          "running-day",
          "every-day",
          "none");
  public static final Knob<String> DELIVERY_DEAD_LETTERS =
      choice(
          "delivery.dead-letters",
          "exactly-once",
          "Guarantee of the dead-letters sink.",
          "exactly-once",
          "at-least-once");

  public static final Knob<Duration> OUT_OF_ORDERNESS =
      duration(
          "events.out-of-orderness",
          "PT10M",
          "How far out of order events may arrive within a partition before the watermark passes"
              + " them.");
  public static final Knob<String> EVENTS_ORDER =
      choice(
          "events.order",
          "event-time",
          "event-time: a customer's events are applied in event-time order once the watermark"
              + " passes them, so a replay or a restart gives the very same outputs (outputs wait"
              + " for the out-of-orderness bound); arrival: applied as they arrive, judged at the"
              + " watermark (outputs at once; which of two near events comes first may differ"
              + " between runs).",
          "event-time",
          "arrival");
  public static final Knob<Duration> ALLOWED_LATENESS =
      duration(
          "events.allowed-lateness",
          "PT24H",
          "Events further behind the watermark than this go to dead-letters as LATE.");
  public static final Knob<Duration> MAX_FUTURE_SKEW =
      duration(
          "events.max-future-skew",
          "P7D",
          "Events further ahead of the wall clock than this go to dead-letters as FUTURE_TIMESTAMP"
              + " and do not move the watermark.");
  public static final Knob<Duration> IDLENESS =
      duration(
          "watermark.idleness",
          "PT30S",
          "A partition that is not live and silent for this long stops holding the watermark"
              + " back; one giving records again after that holds it for this long once more"
              + " before it moves it. Unbounded inputs only.");
  public static final Knob<Duration> WALL_CLOCK_FLOOR_LAG =
      duration(
          "watermark.wall-clock-floor-lag",
          "PT0.1S",
          "Once a partition is live (its newest event is within events.out-of-orderness of the"
              + " wall clock minus this lag), its watermark never falls further behind the wall"
              + " clock than this: live events are applied at most this long after they are"
              + " stamped, and timers fire on quiet inputs. Unbounded inputs only. Off when"
              + " empty.");
  public static final Knob<Duration> WATERMARK_ALIGNMENT_DRIFT =
      duration(
          "watermark.alignment-max-drift",
          "",
          "Input partitions more than this ahead of the slowest one (in event time) pause, so a"
              + " replay or a catch-up reads the three input topics in step and a customer's events"
              + " arrive nearly in time order. Off when empty.");
  public static final Knob<ZoneId> ZONE =
      knob(
          "time.zone",
          ZoneId.class,
          "America/Sao_Paulo",
          "The business's time zone: due dates end at midnight there.",
          ZoneId::of);

  static {
    // the knobs declared beside this class join the list after these, in this order
    OutputKnobs.declare();
    SecurityKnobs.declare();
  }

  private Knobs() {}

  public static List<Knob<?>> all() {
    return List.copyOf(ALL.values());
  }

  public static Knob<?> byKey(String key) {
    return ALL.get(key);
  }

  static <T> Knob<T> knob(
      String key,
      Class<T> type,
      String defaultValue,
      String description,
      Function<String, T> parser) {
    return declare(new Knob<>(key, type, defaultValue, description, parser));
  }

  static <T> Knob<T> declare(Knob<T> knob) {
    ALL.put(knob.key(), knob);
    return knob;
  }

  static Knob<String> string(String key, String defaultValue, String description) {
    return knob(key, String.class, defaultValue, description, s -> s);
  }

  static Knob<String> choice(
      String key, String defaultValue, String description, String... choices) {
    return knob(
        key,
        String.class,
        defaultValue,
        description,
        s -> {
          for (String choice : choices) {
            if (choice.equalsIgnoreCase(s.trim())) {
              return choice; // as spelt in the list: pt-BR, not pt-br
            }
          }
          throw new IllegalArgumentException("one of " + String.join(", ", choices));
        });
  }

  private static Knob<Integer> integer(String key, String defaultValue, String description) {
    return knob(
        key,
        Integer.class,
        defaultValue,
        description,
        s -> {
          int value = Integer.parseInt(s);
          if (value < 1) {
            throw new IllegalArgumentException("must be at least 1");
          }
          return value;
        });
  }

  private static Knob<Boolean> bool(String key, String defaultValue, String description) {
    return knob(
        key,
        Boolean.class,
        defaultValue,
        description,
        s -> {
          if (!s.equalsIgnoreCase("true") && !s.equalsIgnoreCase("false")) {
            throw new IllegalArgumentException("true or false");
          }
          return Boolean.parseBoolean(s);
        });
  }

  /**
   * ISO-8601 durations (PT10M, P7D) or the short forms 500ms, 30s, 10m, 2h, 7d; empty means unset.
   */
  private static Knob<Duration> duration(String key, String defaultValue, String description) {
    return knob(key, Duration.class, defaultValue, description, Knobs::parseDuration);
  }

  /** Parses durations as the knobs do: PT30S, 500ms, 30s, 10m, 2h, 7d. */
  public static final Function<String, Duration> DURATION_PARSER = Knobs::parseDuration;

  static Duration parseDuration(String s) {
    if (s.isEmpty()) {
      return null;
    }
    if (s.startsWith("P") || s.startsWith("p")) {
      return Duration.parse(s.toUpperCase(Locale.ROOT));
    }
    Matcher m = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)").matcher(s);
    if (!m.matches()) {
      throw new IllegalArgumentException("use ISO-8601 (PT30S) or 500ms, 30s, 10m, 2h, 7d");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
  }
}
