package io.carteira.cli;

import io.carteira.console.policy.PolicyTopic;
import io.carteira.console.read.TopicReading;
import io.carteira.jobs.config.CarteiraConfig;
import io.carteira.jobs.config.Knobs;
import io.carteira.jobs.kafka.RegistryClients;
import io.carteira.operators.policy.Policy;
import io.carteira.operators.policy.ShadowPolicies;
import io.carteira.schemas.DunningAction;
import io.carteira.schemas.PolicyDocument;
import io.carteira.schemas.PolicyStatus;
import io.carteira.schemas.RiskAlert;
import io.carteira.schemas.wire.AvroWireDecoder;
import io.carteira.schemas.wire.DecodeResult;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code carteira policy promote}, {@code withdraw} and {@code compare}: a shadow's life. */
final class ShadowPolicyCommands {

  private ShadowPolicyCommands() {}

  /** The shadow in force for {@code segment}, or a one-line error. */
  private static PolicyDocument shadowOf(CarteiraConfig config, String segment) {
    if (!Policy.SEGMENTS.contains(segment)) {
      throw new CarteiraCli.CliException(
          "unknown segment '" + segment + "' (one of " + String.join(", ", Policy.SEGMENTS) + ")");
    }
    PolicyTopic.Entry shadow = PolicyTopic.read(config).shadows().get(segment);
    if (shadow == null) {
      throw new CarteiraCli.CliException("no shadow policy is in force for " + segment);
    }
    return shadow.document();
  }

  private static PolicyDocument about(PolicyDocument shadow, PolicyStatus status, String body) {
    return PolicyDocument.newBuilder()
        .setSegment(shadow.getSegment())
        .setVersion(shadow.getVersion())
        .setPublishedAt(Instant.now())
        .setPublishedBy(System.getProperty("user.name"))
        .setBody(body)
        .setStatus(status)
        .build();
  }

  /** Publishes the shadow in force as the segment's live policy, which ends the shadow. */
  @Command(
      name = "promote",
      mixinStandardHelpOptions = true,
      description =
          "Publish the segment's shadow policy as its live policy (same version and body); the"
              + " shadow ends.")
  static final class Promote implements Callable<Integer> {
    @Mixin ConfigOptions options;

    @Spec CommandSpec spec;

    @Parameters(paramLabel = "SEGMENT", description = "default, key_account, mid_market, long_tail")
    String segment;

    @Override
    public Integer call() throws Exception {
      CarteiraConfig config = options.load();
      PolicyDocument shadow = shadowOf(config, segment);
      PolicyCommand.Push.publish(spec, config, about(shadow, PolicyStatus.LIVE, shadow.getBody()));
      return 0;
    }
  }

  /** Ends the shadow in force; the live policy goes on as it was. */
  @Command(
      name = "withdraw",
      mixinStandardHelpOptions = true,
      description = "End the segment's shadow policy; nothing changes for the live policy.")
  static final class Withdraw implements Callable<Integer> {
    @Mixin ConfigOptions options;

    @Spec CommandSpec spec;

    @Parameters(paramLabel = "SEGMENT", description = "default, key_account, mid_market, long_tail")
    String segment;

    @Override
    public Integer call() throws Exception {
      CarteiraConfig config = options.load();
      PolicyDocument shadow = shadowOf(config, segment);
      PolicyCommand.Push.publish(spec, config, about(shadow, PolicyStatus.WITHDRAWN, "{}"));
      return 0;
    }
  }

  /** What the shadow would have alerted and sent, against live. */
  @Command(
      name = "compare",
      mixinStandardHelpOptions = true,
      description =
          "Compare risk-alerts-shadow with risk-alerts (per pattern and status) and"
              + " dunning-actions-shadow with dunning-actions (per action type): added, removed"
              + " and moved in time, against live. By default over the time the latest shadow"
              + " was in force (by when records were written).")
  static final class Compare implements Callable<Integer> {
    @Mixin ConfigOptions options;

    @Spec CommandSpec spec;

    @Option(
        names = "--since",
        paramLabel = "INSTANT",
        description =
            "Compare records written from this instant (ISO-8601, e.g. 2026-05-01T00:00:00Z)")
    String since;

    @Option(
        names = "--until",
        paramLabel = "INSTANT",
        description = "Compare records written before this instant.")
    String until;

    @Override
    public Integer call() {
      CarteiraConfig config = options.load();
      Instant from = instant("--since", since);
      Instant to = instant("--until", until);
      String window = "given";
      if (from == null && to == null) {
        Instant[] latest = latestShadow(config);
        from = latest[0];
        to = latest[1];
        window = to == null ? "the shadow in force" : "the latest shadow, until it ended";
      }
      PrintWriter out = spec.commandLine().getOut();
      out.printf(
          "written from %s %s (%s)%n",
          from == null ? "the beginning" : from, to == null ? "until now" : "until " + to, window);
      out.printf(
          "%n%s against %s%n",
          config.get(Knobs.TOPIC_RISK_ALERTS_SHADOW), config.get(Knobs.TOPIC_RISK_ALERTS));
      ShadowComparison.table(
              "pattern and status",
              ShadowComparison.compare(
                  read(
                      config,
                      Knobs.TOPIC_RISK_ALERTS,
                      RiskAlert.class,
                      from,
                      to,
                      ShadowComparison::of),
                  read(
                      config,
                      Knobs.TOPIC_RISK_ALERTS_SHADOW,
                      RiskAlert.class,
                      from,
                      to,
                      ShadowComparison::of)))
          .forEach(out::println);
      out.printf(
          "%n%s against %s%n",
          config.get(Knobs.TOPIC_DUNNING_ACTIONS_SHADOW), config.get(Knobs.TOPIC_DUNNING_ACTIONS));
      ShadowComparison.table(
              "action type",
              ShadowComparison.compare(
                  read(
                      config,
                      Knobs.TOPIC_DUNNING_ACTIONS,
                      DunningAction.class,
                      from,
                      to,
                      ShadowComparison::of),
                  read(
                      config,
                      Knobs.TOPIC_DUNNING_ACTIONS_SHADOW,
                      DunningAction.class,
                      from,
                      to,
                      ShadowComparison::of)))
          .forEach(out::println);
      return 0;
    }

    private static Instant instant(String option, String text) {
      if (text == null) {
        return null;
      }
      try {
        return Instant.parse(text);
      } catch (DateTimeParseException e) {
        throw new CarteiraCli.CliException(
            option + " must be an instant such as 2026-05-01T00:00:00Z, got '" + text + "'");
      }
    }

    /**
     * When the latest accepted shadow came into the policies topic, and when the document that
     * ended it did (null while it is in force).
     */
    private static Instant[] latestShadow(CarteiraConfig config) {
      PolicyTopic topic = new PolicyTopic();
      AvroWireDecoder<PolicyDocument> decoder =
          new AvroWireDecoder<>(PolicyDocument.class, RegistryClients.of(config));
      Instant[] window = null;
      String segment = null;
      for (ConsumerRecord<byte[], byte[]> record :
          TopicReading.readAll(config, config.get(Knobs.TOPIC_POLICIES), Duration.ofSeconds(30))) {
        DecodeResult<PolicyDocument> decoded = decoder.decode(record.value());
        if (!decoded.isDecoded() || topic.offer(decoded.record(), record.offset()) != null) {
          continue;
        }
        PolicyDocument document = decoded.record();
        Instant at = Instant.ofEpochMilli(record.timestamp());
        if (document.getStatus() == PolicyStatus.SHADOW) {
          window = new Instant[] {at, null};
          segment = document.getSegment();
        } else if (window != null
            && window[1] == null
            && document.getSegment().equals(segment)
            && (document.getStatus() == PolicyStatus.WITHDRAWN
                || ShadowPolicies.isLive(document))) {
          window[1] = at;
        }
      }
      if (window == null) {
        throw new CarteiraCli.CliException(
            "no shadow policy was ever in force: nothing to compare (carteira policy push --shadow"
                + " FILE), or give --since");
      }
      return window;
    }

    private static <T extends SpecificRecord> List<ShadowComparison.Item> read(
        CarteiraConfig config,
        io.carteira.jobs.config.Knob<String> topic,
        Class<T> type,
        Instant from,
        Instant to,
        Function<T, ShadowComparison.Item> item) {
      AvroWireDecoder<T> decoder = new AvroWireDecoder<>(type, RegistryClients.of(config));
      List<ShadowComparison.Item> items = new ArrayList<>();
      for (ConsumerRecord<byte[], byte[]> record :
          TopicReading.readAll(config, config.get(topic), Duration.ofSeconds(60))) {
        Instant written = Instant.ofEpochMilli(record.timestamp());
        if ((from != null && written.isBefore(from)) || (to != null && !written.isBefore(to))) {
          continue;
        }
        DecodeResult<T> decoded = decoder.decode(record.value());
        if (decoded.isDecoded()) {
          items.add(item.apply(decoded.record()));
        }
      }
      return items;
    }
  }
}
