package io.carteira.cli;

import io.carteira.console.policy.PolicyFiles;
import io.carteira.console.policy.PolicyPublisher;
import io.carteira.console.policy.PolicyTopic;
import io.carteira.jobs.config.CarteiraConfig;
import io.carteira.jobs.config.Knobs;
import io.carteira.operators.policy.Policy;
import io.carteira.operators.policy.PolicyAdmission;
import io.carteira.operators.policy.PolicyParser;
import io.carteira.schemas.PolicyDocument;
import io.carteira.schemas.PolicyStatus;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Publishes and lists segment policies. */
@Command(
    name = "policy",
    mixinStandardHelpOptions = true,
    description =
        "Publish and list segment policies (thresholds, windows, weights), applied by the running"
            + " job without a restart.",
    subcommands = {
      PolicyCommand.Push.class,
      PolicyCommand.ListPolicies.class,
      PolicyCommand.Defaults.class,
      ShadowPolicyCommands.Promote.class,
      ShadowPolicyCommands.Withdraw.class,
      ShadowPolicyCommands.Compare.class
    })
final class PolicyCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Validates a policy file as the job would and publishes it to the policies topic. */
  @Command(
      name = "push",
      mixinStandardHelpOptions = true,
      description =
          "Validate a policy file (YAML or JSON: segment, version, policy) and publish it.")
  static final class Push implements Callable<Integer> {
    @Mixin ConfigOptions options;

    @Spec CommandSpec spec;

    @Parameters(
        paramLabel = "FILE",
        description = "Policy file, e.g. deploy/policies/key-account.yaml")
    Path file;

    @Option(
        names = "--shadow",
        description =
            "Publish it as the segment's shadow: evaluated beside the live policy, its alerts and"
                + " dunning actions written to risk-alerts-shadow and dunning-actions-shadow only.")
    boolean shadow;

    @Override
    public Integer call() throws Exception {
      CarteiraConfig config = options.load();
      PolicyDocument read = read(file);
      if (shadow) {
        read.setStatus(PolicyStatus.SHADOW);
      }
      publish(spec, config, read);
      return 0;
    }

    /** Publishes {@code document}, or fails with the job's reasons in one line. */
    static void publish(CommandSpec spec, CarteiraConfig config, PolicyDocument read)
        throws Exception {
      PolicyPublisher.Outcome outcome = PolicyPublisher.push(config, read);
      PolicyDocument document = outcome.document();
      if (!outcome.published()) {
        throw new CarteiraCli.CliException(
            PolicyAdmission.label(document) + " refused: " + String.join("; ", outcome.reasons()));
      }
      spec.commandLine()
          .getOut()
          .printf(
              "published %s (%s, partition %d, offset %d)%n",
              PolicyAdmission.label(document),
              config.get(Knobs.TOPIC_POLICIES),
              outcome.partition(),
              outcome.offset());
    }

    static PolicyDocument read(Path file) {
      String text;
      try {
        text = Files.readString(file);
      } catch (NoSuchFileException e) {
        throw new CarteiraCli.CliException("no such file: " + file);
      } catch (IOException e) {
        throw new CarteiraCli.CliException(
            "cannot read " + file + ": " + e.getMessage().lines().findFirst().orElse(""));
      }
      try {
        return PolicyFiles.parse(
            text,
            PolicyFiles.isYaml(file.getFileName().toString()),
            System.getProperty("user.name"));
      } catch (PolicyFiles.Unreadable e) {
        throw new CarteiraCli.CliException(
            e.getMessage().startsWith("a policy file")
                ? file + " must hold `segment`, `version` and `policy`"
                : "cannot read " + file + ": " + e.getMessage());
      }
    }
  }

  /** Shows what the job has in force, per segment, and what it refused. */
  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "Show the policies in force per segment, and refused ones.")
  static final class ListPolicies implements Callable<Integer> {
    @Mixin ConfigOptions options;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      PolicyTopic topic = PolicyTopic.read(options.load());
      PrintWriter out = spec.commandLine().getOut();
      out.printf("%-12s %8s  %-24s %s%n", "segment", "version", "published", "by");
      for (String segment : Policy.SEGMENTS) {
        PolicyTopic.Entry entry = topic.inForce().get(segment);
        if (entry == null) {
          out.printf(
              "%-12s %8s  %-24s %s%n",
              segment,
              segment.equals(Policy.DEFAULT_SEGMENT) ? "0" : "-",
              segment.equals(Policy.DEFAULT_SEGMENT) ? "built in" : "(falls back to default)",
              "");
        } else {
          PolicyDocument d = entry.document();
          out.printf(
              "%-12s %8d  %-24s %s%n",
              segment, d.getVersion(), d.getPublishedAt(), d.getPublishedBy());
        }
      }
      topic
          .shadows()
          .forEach(
              (segment, entry) ->
                  out.printf(
                      "shadow: %s v%d published %s by %s%n",
                      segment,
                      entry.document().getVersion(),
                      entry.document().getPublishedAt(),
                      entry.document().getPublishedBy()));
      for (PolicyTopic.Entry entry : topic.refused()) {
        out.printf(
            "refused: %s at offset %d: %s%n",
            PolicyAdmission.label(entry.document()).substring("policy ".length()),
            entry.offset(),
            entry.refusal());
      }
      return 0;
    }
  }

  /** Prints the built-in defaults, a starting point for a policy file. */
  @Command(
      name = "defaults",
      mixinStandardHelpOptions = true,
      description = "Print the built-in policy (version 0) as JSON.")
  static final class Defaults implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      spec.commandLine().getOut().println(PolicyParser.defaultsJson());
      return 0;
    }
  }
}
