package io.carteira.cli.schemas;

import io.carteira.cli.CarteiraCli.CliException;
import io.carteira.cli.ConfigOptions;
import io.carteira.jobs.config.CarteiraConfig;
import io.carteira.jobs.config.Knob;
import io.carteira.jobs.config.Knobs;
import io.carteira.jobs.kafka.RegistryClients;
import io.carteira.schemas.CustomerHealth;
import io.carteira.schemas.DeadLetter;
import io.carteira.schemas.DunningAction;
import io.carteira.schemas.PaymentEvent;
import io.carteira.schemas.PolicyDocument;
import io.carteira.schemas.PortfolioMetric;
import io.carteira.schemas.RiskAlert;
import io.carteira.schemas.SubscriptionEvent;
import io.carteira.schemas.UsageEvent;
import io.carteira.schemas.registry.SchemaRegistryClient;
import io.carteira.schemas.registry.SchemaRegistryClient.CompatibilityResult;
import io.carteira.schemas.registry.SchemaRegistryClient.SubjectVersion;
import io.carteira.schemas.wire.WireFormat;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Schemas as code: registers the value schema of every topic under its subject. */
@Command(
    name = "schemas",
    mixinStandardHelpOptions = true,
    description =
        "Schemas as code: register every topic's value schema with compatibility BACKWARD.",
    subcommands = {SchemasCommand.Register.class})
public final class SchemasCommand implements Runnable {

  /** The compatibility every subject gets: readers on the new schema read what the old wrote. */
  public static final String COMPATIBILITY = "BACKWARD";

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /**
   * The record each topic carries: the schemas of {@code schemas/src/main/avro} as this build
   * compiled them, named types inlined, as the job writes and reads them.
   */
  public static Map<Knob<String>, Class<?>> records() {
    Map<Knob<String>, Class<?>> records = new LinkedHashMap<>();
    records.put(Knobs.TOPIC_PAYMENTS, PaymentEvent.class);
    records.put(Knobs.TOPIC_USAGE, UsageEvent.class);
    records.put(Knobs.TOPIC_SUBSCRIPTIONS, SubscriptionEvent.class);
    records.put(Knobs.TOPIC_POLICIES, PolicyDocument.class);
    records.put(Knobs.TOPIC_CUSTOMER_HEALTH, CustomerHealth.class);
    records.put(Knobs.TOPIC_RISK_ALERTS, RiskAlert.class);
    records.put(Knobs.TOPIC_DUNNING_ACTIONS, DunningAction.class);
    records.put(Knobs.TOPIC_RISK_ALERTS_SHADOW, RiskAlert.class);
    records.put(Knobs.TOPIC_DUNNING_ACTIONS_SHADOW, DunningAction.class);
    records.put(Knobs.TOPIC_PORTFOLIO_METRICS, PortfolioMetric.class);
    records.put(Knobs.TOPIC_DEAD_LETTERS, DeadLetter.class);
    return records;
  }

  /** Sets BACKWARD on each subject, checks the schema against the latest, then registers it. */
  @Command(
      name = "register",
      mixinStandardHelpOptions = true,
      description =
          "Register the value schema of every topic (<topic>-value) with compatibility BACKWARD;"
              + " a schema already registered is left as it is, an incompatible one is refused.")
  static final class Register implements Callable<Integer> {
    @Mixin ConfigOptions options;

    @Spec CommandSpec spec;

    @Option(names = "--dry-run", description = "Check every schema and register nothing.")
    boolean dryRun;

    @Override
    public Integer call() throws Exception {
      CarteiraConfig config = options.load();
      PrintWriter out = spec.commandLine().getOut();
      SchemaRegistryClient registry = RegistryClients.of(config);
      int registered = 0;
      for (Map.Entry<Knob<String>, Class<?>> entry : records().entrySet()) {
        String subject = WireFormat.valueSubject(config.get(entry.getKey()));
        Schema schema = SpecificData.get().getSchema(entry.getValue());
        Optional<SubjectVersion> existing = registry.lookup(subject, schema);
        if (existing.isPresent()) {
          if (!dryRun && !COMPATIBILITY.equals(registry.compatibility(subject))) {
            registry.setCompatibility(subject, COMPATIBILITY);
          }
          out.printf(
              "= %s: %s is version %d (id %d)%n",
              subject, schema.getName(), existing.get().version(), existing.get().id());
          continue;
        }
        boolean known = registry.subjects().contains(subject);
        if (known) {
          CompatibilityResult check = registry.testCompatibility(subject, schema);
          if (!check.compatible()) {
            throw new CliException(
                subject
                    + ": "
                    + schema.getName()
                    + " is not backward compatible with the latest version: "
                    + String.join("; ", check.messages()));
          }
        }
        if (dryRun) {
          out.printf("+ %s: %s would be registered%n", subject, schema.getName());
          registered++;
          continue;
        }
        registry.setCompatibility(subject, COMPATIBILITY);
        int id = registry.register(subject, schema);
        out.printf(
            "+ %s: %s registered (id %d), compatibility %s%n",
            subject, schema.getName(), id, COMPATIBILITY);
        registered++;
      }
      out.println(
          "schemas: "
              + registered
              + (dryRun ? " to register (dry run: none registered)" : " registered"));
      return 0;
    }
  }
}
