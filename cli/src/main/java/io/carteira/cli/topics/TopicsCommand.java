package io.carteira.cli.topics;

import io.carteira.cli.CarteiraCli.CliException;
import io.carteira.cli.ConfigOptions;
import io.carteira.cli.topics.TopicPlan.AddPartitions;
import io.carteira.cli.topics.TopicPlan.Change;
import io.carteira.cli.topics.TopicPlan.Create;
import io.carteira.cli.topics.TopicPlan.ExistingTopic;
import io.carteira.cli.topics.TopicPlan.SetConfig;
import io.carteira.cli.topics.TopicsFile.DesiredTopic;
import io.carteira.jobs.config.CarteiraConfig;
import io.carteira.jobs.kafka.KafkaClients;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Topics as code: makes the cluster's topics match {@code deploy/topics.yaml}. */
@Command(
    name = "topics",
    mixinStandardHelpOptions = true,
    description = "Topics as code: create or alter Carteira's topics to match a topics file.",
    subcommands = {TopicsCommand.Apply.class})
public final class TopicsCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Shows the difference, then creates topics, adds partitions and sets configs. */
  @Command(
      name = "apply",
      mixinStandardHelpOptions = true,
      description =
          "Show how the cluster's topics differ from the file, then create the missing ones, add"
              + " partitions and set configs (idempotent). Refuses fewer partitions or another"
              + " replication factor.")
  static final class Apply implements Callable<Integer> {
    @Mixin ConfigOptions options;

    @Spec CommandSpec spec;

    @Option(
        names = {"-f", "--file"},
        paramLabel = "FILE",
        defaultValue = "deploy/topics.yaml",
        description = "The topics file (default: ${DEFAULT-VALUE}).")
    Path file;

    @Option(names = "--dry-run", description = "Show the difference and change nothing.")
    boolean dryRun;

    @Override
    public Integer call() throws Exception {
      CarteiraConfig config = options.load();
      List<DesiredTopic> desired = TopicsFile.read(file, config);
      PrintWriter out = spec.commandLine().getOut();
      Properties props = KafkaClients.common(config);
      props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000");
      try (Admin admin = Admin.create(props)) {
        TopicPlan plan = TopicPlan.of(desired, existing(admin, desired));
        plan.unchanged().forEach(name -> out.println("= " + name + ": up to date"));
        plan.changes().forEach(change -> out.println(change.line()));
        if (!plan.refusals().isEmpty()) {
          throw new CliException("not applied: " + String.join("; ", plan.refusals()));
        }
        if (plan.changes().isEmpty()) {
          out.println("topics: nothing to change");
          return 0;
        }
        if (dryRun) {
          out.println("topics: " + plan.changes().size() + " changes (dry run: none made)");
          return 0;
        }
        apply(admin, plan.changes());
        awaitApplied(admin, desired);
        out.println("topics: " + plan.changes().size() + " changes applied");
      } catch (ExecutionException e) {
        throw new CliException("topics: " + e.getCause().getMessage());
      }
      return 0;
    }

    /** What the cluster has of the file's topics: partitions, replication, the configs listed. */
    private static Map<String, ExistingTopic> existing(Admin admin, List<DesiredTopic> desired)
        throws Exception {
      Set<String> names = admin.listTopics().names().get();
      List<DesiredTopic> present = desired.stream().filter(t -> names.contains(t.name())).toList();
      Map<String, ExistingTopic> existing = new HashMap<>();
      if (present.isEmpty()) {
        return existing;
      }
      Map<String, TopicDescription> descriptions =
          admin
              .describeTopics(present.stream().map(DesiredTopic::name).toList())
              .allTopicNames()
              .get();
      List<ConfigResource> resources =
          present.stream()
              .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t.name()))
              .toList();
      Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all().get();
      for (DesiredTopic topic : present) {
        TopicDescription description = descriptions.get(topic.name());
        Config config = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, topic.name()));
        Map<String, String> listed = new LinkedHashMap<>();
        for (String key : topic.config().keySet()) {
          ConfigEntry entry = config.get(key);
          listed.put(key, entry == null ? null : entry.value());
        }
        existing.put(
            topic.name(),
            new ExistingTopic(
                description.partitions().size(),
                description.partitions().get(0).replicas().size(),
                listed));
      }
      return existing;
    }

    /**
     * Waits until the cluster shows every change: a broker serves configs and partitions from
     * metadata that follows an alteration by a moment, and an apply right after this one must find
     * nothing to change.
     */
    private static void awaitApplied(Admin admin, List<DesiredTopic> desired) throws Exception {
      long deadline = System.nanoTime() + 30_000_000_000L;
      while (true) {
        TopicPlan left = TopicPlan.of(desired, existing(admin, desired));
        if (left.changes().isEmpty()) {
          return;
        }
        if (System.nanoTime() > deadline) {
          throw new CliException(
              "topics: applied, but the cluster still differs after 30 s: "
                  + left.changes().get(0).line());
        }
        Thread.sleep(200);
      }
    }

    private static void apply(Admin admin, List<Change> changes) throws Exception {
      List<NewTopic> created = new ArrayList<>();
      Map<String, NewPartitions> partitions = new HashMap<>();
      Map<ConfigResource, Collection<AlterConfigOp>> altered = new LinkedHashMap<>();
      for (Change change : changes) {
        if (change instanceof Create create) {
          DesiredTopic t = create.desired();
          created.add(
              new NewTopic(t.name(), t.partitions(), t.replicationFactor()).configs(t.config()));
        } else if (change instanceof AddPartitions add) {
          partitions.put(add.topic(), NewPartitions.increaseTo(add.to()));
        } else if (change instanceof SetConfig set) {
          altered
              .computeIfAbsent(
                  new ConfigResource(ConfigResource.Type.TOPIC, set.topic()),
                  r -> new ArrayList<>())
              .add(
                  new AlterConfigOp(
                      new ConfigEntry(set.key(), set.to()), AlterConfigOp.OpType.SET));
        }
      }
      if (!created.isEmpty()) {
        admin.createTopics(created).all().get();
      }
      if (!partitions.isEmpty()) {
        admin.createPartitions(partitions).all().get();
      }
      if (!altered.isEmpty()) {
        admin.incrementalAlterConfigs(altered).all().get();
      }
    }
  }
}
