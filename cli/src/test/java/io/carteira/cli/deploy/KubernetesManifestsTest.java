package io.carteira.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.NonValidationKeyword;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.carteira.jobs.config.Knob;
import io.carteira.jobs.config.Knobs;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.client.deployment.ClusterClientFactory;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.FallbackKey;
import org.apache.flink.configuration.MetricOptions;
import org.apache.flink.core.execution.PipelineExecutorFactory;
import org.apache.flink.kubernetes.configuration.KubernetesConfigOptions;
import org.apache.flink.state.rocksdb.RocksDBOptions;
import org.apache.flink.util.TimeUtils;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The Kubernetes manifests under deploy/k8s: every FlinkDeployment and FlinkSessionJob, as written
 * and as each kustomization renders it, against the Flink Kubernetes Operator's CRD schemas
 * (src/test/resources/k8s-schemas, see PROVENANCE.md there), every key of their flinkConfiguration
 * against Flink's own options, and the settings the job takes from its environment against the same
 * settings in flinkConfiguration.
 *
 * <p>The kustomizations are rendered here, not by kustomize: {@link Kustomization} reads the few
 * fields they use (resources, patches by path, images, namespace, configurations) and fails on any
 * other, so a kustomization that grows past it fails this test rather than going unchecked. A patch
 * is merged into the resource of its kind and name as a deep merge: maps key by key, lists of named
 * entries (containers, env) entry by entry. kustomize may instead replace a custom resource's lists
 * whole, so a patch must restate every named entry of a list it touches, with all its fields; the
 * merge checks that too, and then both readings render the same.
 */
class KubernetesManifestsTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Path K8S = repositoryRoot().resolve("deploy/k8s");

  private static final Map<String, JsonSchema> SCHEMAS =
      Map.of(
          "FlinkDeployment", schema("flinkdeployment_v1beta1.json"),
          "FlinkSessionJob", schema("flinksessionjob_v1beta1.json"));

  @TestFactory
  Stream<DynamicTest> everyManifestAsWritten() throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(K8S)) {
      files = walk.filter(KubernetesManifestsTest::isYaml).sorted().toList();
    }
    List<DynamicTest> tests = new ArrayList<>();
    for (Path file : files) {
      for (JsonNode document : readAll(file)) {
        if (SCHEMAS.containsKey(document.path("kind").asText())) {
          tests.add(
              DynamicTest.dynamicTest(
                  K8S.relativize(file) + " " + document.path("kind").asText(),
                  () -> assertThat(problemsOf(document)).isEmpty()));
        }
      }
    }
    assertThat(tests).hasSizeGreaterThanOrEqualTo(5);
    return tests.stream();
  }

  @TestFactory
  Stream<DynamicTest> everyKustomizationRendered() throws IOException {
    List<Path> roots;
    try (Stream<Path> walk = Files.walk(K8S)) {
      roots =
          walk.filter(path -> path.getFileName().toString().equals("kustomization.yaml"))
              .map(Path::getParent)
              .sorted()
              .toList();
    }
    assertThat(roots.stream().map(root -> K8S.relativize(root).toString().replace('\\', '/')))
        .contains("base", "session", "overlays/staging", "overlays/production");
    return roots.stream()
        .map(
            root ->
                DynamicTest.dynamicTest(
                    K8S.relativize(root).toString(),
                    () -> {
                      List<ObjectNode> rendered = Kustomization.render(root).resources();
                      assertThat(rendered).isNotEmpty();
                      List<String> problems = new ArrayList<>();
                      for (ObjectNode resource : rendered) {
                        problems.addAll(problemsOf(resource));
                      }
                      problems.addAll(sessionJobsMatchTheirCluster(rendered));
                      assertThat(problems).isEmpty();
                    }));
  }

  @Test
  void overlaysChangeWhatTheySay() {
    ObjectNode production = only(Kustomization.render(K8S.resolve("overlays/production")));
    assertThat(production.at("/metadata/namespace").asText()).isEqualTo("carteira");
    assertThat(production.at("/spec/image").asText())
        .isEqualTo("registry.example.com/carteira:0.1.0");
    assertThat(production.at("/spec/job/parallelism").asInt()).isEqualTo(4);
    assertThat(environment(production).get("CARTEIRA_JOB_PARALLELISM").path("value").asText())
        .isEqualTo("4");
    assertThat(secretNames(production)).containsExactly("carteira-production");
    // what the patch leaves alone comes from the base
    assertThat(production.at("/spec/flinkConfiguration/state.backend.type").asText())
        .isEqualTo("rocksdb");
    assertThat(production.at("/spec/job/upgradeMode").asText()).isEqualTo("savepoint");

    ObjectNode staging = only(Kustomization.render(K8S.resolve("overlays/staging")));
    assertThat(secretNames(staging)).containsExactly("carteira-staging");
    assertThat(staging.at("/spec/flinkConfiguration/execution.checkpointing.dir").asText())
        .isEqualTo("s3://carteira-staging/checkpoints");
  }

  @Test
  void aMisspelledFlinkKeyFails() throws IOException {
    ObjectNode manifest = baseDeployment();
    ((ObjectNode) manifest.at("/spec/flinkConfiguration"))
        .put("execution.checkpointing.intreval", "5 s")
        .put("metrics.reporter.prom.factory.clas", "x")
        .put("s3.endpiont", "http://x");

    assertThat(problemsOf(manifest))
        .anyMatch(problem -> problem.contains("'execution.checkpointing.intreval'"))
        .anyMatch(problem -> problem.contains("'metrics.reporter.prom.factory.clas'"))
        .anyMatch(problem -> problem.contains("'s3.endpiont'"));
  }

  @Test
  void aSchemaViolationFails() throws IOException {
    ObjectNode manifest = baseDeployment();
    ((ObjectNode) manifest.get("spec")).put("flinkVersion", "v1_99");
    ((ObjectNode) manifest.at("/spec/job")).put("upgradeMod", "savepoint");

    assertThat(problemsOf(manifest))
        .anyMatch(problem -> problem.contains("flinkVersion"))
        .anyMatch(problem -> problem.contains("upgradeMod"));
  }

  @Test
  void settingsTheJobOverridesMustAgree() throws IOException {
    ObjectNode manifest = baseDeployment();
    ((ObjectNode) manifest.at("/spec/job")).put("parallelism", 3);
    ((ObjectNode) manifest.at("/spec/flinkConfiguration"))
        .put("execution.checkpointing.interval", "10 s");

    assertThat(problemsOf(manifest))
        .anyMatch(problem -> problem.contains("CARTEIRA_JOB_PARALLELISM"))
        .anyMatch(problem -> problem.contains("CARTEIRA_CHECKPOINT_INTERVAL"));
  }

  @Test
  void addressesOnTheArgsLineFail() throws IOException {
    ObjectNode manifest = baseDeployment();
    ((ArrayNode) manifest.at("/spec/job/args")).add("--set").add("kafka.bootstrap-servers=b:9092");

    assertThat(problemsOf(manifest)).anyMatch(problem -> problem.contains("args"));
  }

  @Test
  void flinkOptionKeysAreRead() {
    assertThat(FlinkOptionKeys.KNOWN)
        .contains(
            "state.backend.type",
            "execution.checkpointing.savepoint-dir",
            "high-availability.storageDir",
            "kubernetes.container.image.ref",
            "high-availability.kubernetes.leader-election.lease-duration",
            "state.backend.rocksdb.timer-service.factory")
        .hasSizeGreaterThan(500);
  }

  /**
   * flink-kubernetes, on the cli tests' classpath for its option keys, also registers an executor
   * and a cluster client for Kubernetes targets: they must load beside the rest of Flink (2.2.1),
   * or every other test that submits a job would fail to find its own executor.
   */
  @Test
  void flinkKubernetesLoadsBesideTheRestOfFlink() {
    List<String> executors = new ArrayList<>();
    ServiceLoader.load(PipelineExecutorFactory.class)
        .forEach(factory -> executors.add(factory.getName()));
    List<Class<?>> clients = new ArrayList<>();
    ServiceLoader.load(ClusterClientFactory.class)
        .forEach(factory -> clients.add(factory.getClass()));

    assertThat(executors).contains("kubernetes-session", "remote", "local");
    assertThat(clients).isNotEmpty();
  }

  // ---- what is checked of one manifest ----

  /** Everything wrong with one FlinkDeployment or FlinkSessionJob, one line each. */
  static List<String> problemsOf(JsonNode manifest) {
    List<String> problems = new ArrayList<>();
    String kind = manifest.path("kind").asText();
    String name = manifest.at("/metadata/name").asText();
    String where = kind + " " + name + ": ";
    if (!manifest.path("apiVersion").asText().equals("flink.apache.org/v1beta1")) {
      problems.add(where + "apiVersion is not flink.apache.org/v1beta1");
    }
    if (name.isEmpty()) {
      problems.add(where + "no metadata.name");
    }
    JsonSchema schema = SCHEMAS.get(kind);
    if (schema == null) {
      problems.add(where + "not a FlinkDeployment or FlinkSessionJob");
      return problems;
    }
    for (ValidationMessage message : schema.validate(manifest)) {
      problems.add(where + "schema: " + message.getMessage());
    }
    JsonNode flinkConfiguration = manifest.at("/spec/flinkConfiguration");
    for (Iterator<Map.Entry<String, JsonNode>> it = flinkConfiguration.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> option = it.next();
      if (!FlinkOptionKeys.isKnown(option.getKey())) {
        problems.add(where + "unknown Flink option '" + option.getKey() + "'");
      }
      if (!option.getValue().isTextual()) {
        problems.add(where + "'" + option.getKey() + "' is not a string (quote it)");
      }
    }
    for (String secretKey : List.of("s3.access-key", "s3.secret-key")) {
      if (flinkConfiguration.has(secretKey)) {
        problems.add(where + secretKey + " in flinkConfiguration: a secret belongs in a Secret");
      }
    }
    for (JsonNode arg : manifest.at("/spec/job/args")) {
      if (arg.asText().matches(".*(kafka\\.bootstrap-servers|schema-registry\\.url).*")) {
        problems.add(where + "an address on the args line: " + arg.asText());
      }
    }
    problems.addAll(environmentProblems(manifest, where));
    return problems;
  }

  /**
   * Carteira's settings in the pods' environment: known, secret where secret, in step with Flink.
   */
  private static List<String> environmentProblems(JsonNode manifest, String where) {
    List<String> problems = new ArrayList<>();
    Map<String, JsonNode> environment = environment(manifest);
    Set<String> knobVariables =
        Knobs.all().stream().map(Knob::environmentVariable).collect(Collectors.toSet());
    environment.forEach(
        (variable, entry) -> {
          if (variable.startsWith("CARTEIRA_") && !knobVariables.contains(variable)) {
            problems.add(where + variable + " is no Carteira setting (see `carteira config`)");
          }
        });
    for (String secret :
        List.of("CARTEIRA_KAFKA_BOOTSTRAP_SERVERS", "CARTEIRA_SCHEMA_REGISTRY_URL")) {
      JsonNode entry = environment.get(secret);
      if (entry != null && entry.at("/valueFrom/secretKeyRef/name").asText().isEmpty()) {
        problems.add(where + secret + " is not taken from a Secret");
      }
    }
    JsonNode flinkConfiguration = manifest.at("/spec/flinkConfiguration");
    if (manifest.path("kind").asText().equals("FlinkDeployment")
        && manifest.at("/spec/job").isObject()) {
      String parallelism = value(environment, Knobs.PARALLELISM);
      if (!manifest.at("/spec/job/parallelism").asText().equals(parallelism)) {
        problems.add(
            where
                + "job.parallelism "
                + manifest.at("/spec/job/parallelism").asText()
                + " but CARTEIRA_JOB_PARALLELISM "
                + parallelism
                + " (the job sets its parallelism from the latter)");
      }
    }
    if (environment.isEmpty()) {
      return problems;
    }
    String checkpointDir = value(environment, Knobs.CHECKPOINT_DIR);
    String flinkCheckpointDir = flinkConfiguration.path("execution.checkpointing.dir").asText(null);
    if (flinkCheckpointDir != null && !flinkCheckpointDir.equals(checkpointDir)) {
      problems.add(
          where
              + "execution.checkpointing.dir "
              + flinkCheckpointDir
              + " but CARTEIRA_CHECKPOINT_DIR "
              + checkpointDir
              + " (the job checkpoints to the latter)");
    }
    String flinkInterval = flinkConfiguration.path("execution.checkpointing.interval").asText(null);
    Duration interval =
        Knobs.CHECKPOINT_INTERVAL.parse(value(environment, Knobs.CHECKPOINT_INTERVAL));
    if (flinkInterval != null && !TimeUtils.parseDuration(flinkInterval).equals(interval)) {
      problems.add(
          where
              + "execution.checkpointing.interval "
              + flinkInterval
              + " but CARTEIRA_CHECKPOINT_INTERVAL "
              + interval
              + " (the job checkpoints at the latter)");
    }
    return problems;
  }

  /** A session job's parallelism against its session cluster's CARTEIRA_JOB_PARALLELISM. */
  private static List<String> sessionJobsMatchTheirCluster(List<ObjectNode> resources) {
    List<String> problems = new ArrayList<>();
    for (ObjectNode job : resources) {
      if (!job.path("kind").asText().equals("FlinkSessionJob")) {
        continue;
      }
      String clusterName = job.at("/spec/deploymentName").asText();
      ObjectNode cluster =
          resources.stream()
              .filter(r -> r.path("kind").asText().equals("FlinkDeployment"))
              .filter(r -> r.at("/metadata/name").asText().equals(clusterName))
              .findFirst()
              .orElse(null);
      if (cluster == null) {
        problems.add(
            "FlinkSessionJob " + job.at("/metadata/name").asText() + ": no " + clusterName);
        continue;
      }
      String parallelism = value(environment(cluster), Knobs.PARALLELISM);
      if (!job.at("/spec/job/parallelism").asText().equals(parallelism)) {
        problems.add(
            "FlinkSessionJob "
                + job.at("/metadata/name").asText()
                + ": parallelism "
                + job.at("/spec/job/parallelism").asText()
                + " but its cluster's CARTEIRA_JOB_PARALLELISM "
                + parallelism);
      }
    }
    return problems;
  }

  /** The environment of the pods' Flink container, by variable name. */
  private static Map<String, JsonNode> environment(JsonNode manifest) {
    Map<String, JsonNode> environment = new LinkedHashMap<>();
    for (JsonNode container : manifest.at("/spec/podTemplate/spec/containers")) {
      if (container.path("name").asText().equals("flink-main-container")) {
        container.path("env").forEach(entry -> environment.put(entry.path("name").asText(), entry));
      }
    }
    return environment;
  }

  /** A setting's value in the environment, or its default when the environment leaves it. */
  private static String value(Map<String, JsonNode> environment, Knob<?> knob) {
    JsonNode entry = environment.get(knob.environmentVariable());
    return entry == null ? knob.defaultValue() : entry.path("value").asText();
  }

  private static List<String> secretNames(JsonNode manifest) {
    return environment(manifest).values().stream()
        .map(entry -> entry.at("/valueFrom/secretKeyRef/name").asText())
        .filter(secret -> !secret.isEmpty())
        .distinct()
        .toList();
  }

  /**
   * The keys Flink knows: every public static ConfigOption of Flink's *Options classes (with their
   * fallback and deprecated keys), and the families Flink reads by pattern, each written out below.
   */
  static final class FlinkOptionKeys {

    /**
     * The packages whose *Options classes are read, by one class of each: Flink's core
     * configuration, the RocksDB state backend, the native Kubernetes integration.
     */
    private static final List<Class<?>> ANCHORS =
        List.of(CoreOptions.class, RocksDBOptions.class, KubernetesConfigOptions.class);

    static final Set<String> KNOWN = read();

    /**
     * metrics.reporter.&lt;name&gt;.&lt;option&gt;: a reporter's options under the name it is given
     * (MetricOptions' REPORTER_* options), and `port`, the option of the Prometheus reporter
     * (flink-metrics-prometheus, a plugin, not on this classpath).
     */
    private static final Pattern REPORTER = Pattern.compile("metrics\\.reporter\\.[^.]+\\.(.+)");

    private static final Set<String> REPORTER_OPTIONS = reporterOptions();

    /**
     * The S3 filesystem plugins (flink-s3-fs-hadoop/-presto, plugins, not on this classpath) read
     * s3.* and hand each on to their filesystem (s3.x to Hadoop's fs.s3a.x). The set is theirs, so
     * only the keys Flink's S3 documentation names are allowed here.
     */
    private static final Set<String> S3 =
        Set.of(
            "s3.endpoint",
            "s3.path.style.access",
            "s3.path-style-access",
            "s3.access-key",
            "s3.secret-key",
            "s3.entropy.key",
            "s3.entropy.length",
            "s3.upload.min.part.size",
            "s3.upload.max.concurrent.uploads",
            "s3.aws.credentials.provider");

    /**
     * The Flink Kubernetes Operator's own options (its KubernetesOperatorConfigOptions, not on this
     * classpath), read from a FlinkDeployment's flinkConfiguration: the ones these manifests use,
     * as the operator's configuration reference spells them.
     */
    private static final Set<String> OPERATOR =
        Set.of(
            "kubernetes.operator.periodic.savepoint.interval",
            "kubernetes.operator.savepoint.history.max.count",
            "kubernetes.operator.savepoint.history.max.age",
            "kubernetes.operator.deployment.rollback.enabled",
            "kubernetes.operator.deployment.readiness.timeout",
            "kubernetes.operator.job.upgrade.last-state-fallback.enabled");

    static boolean isKnown(String key) {
      if (KNOWN.contains(key) || S3.contains(key) || OPERATOR.contains(key)) {
        return true;
      }
      Matcher reporter = REPORTER.matcher(key);
      return reporter.matches() && REPORTER_OPTIONS.contains(reporter.group(1));
    }

    private static Set<String> read() {
      Set<String> keys = new TreeSet<>();
      for (Class<?> anchor : ANCHORS) {
        for (Class<?> options : optionsClassesBeside(anchor)) {
          for (ConfigOption<?> option : options(options)) {
            keys.add(option.key());
            for (FallbackKey fallback : option.fallbackKeys()) {
              keys.add(fallback.getKey());
            }
          }
        }
      }
      return keys;
    }

    private static Set<String> reporterOptions() {
      Set<String> suffixes = new TreeSet<>();
      for (Field field : MetricOptions.class.getFields()) {
        if (field.getName().startsWith("REPORTER_")) {
          suffixes.add(option(field).key());
        }
      }
      suffixes.add("port");
      return suffixes;
    }

    /** The *Options classes in the jar and package of a class. */
    private static List<Class<?>> optionsClassesBeside(Class<?> anchor) {
      String packagePath = anchor.getPackageName().replace('.', '/') + "/";
      try (JarFile jar =
          new JarFile(
              Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI())
                  .toFile())) {
        return jar.stream()
            .map(JarEntry::getName)
            .filter(name -> name.startsWith(packagePath) && name.endsWith("Options.class"))
            .filter(name -> name.indexOf('/', packagePath.length()) < 0)
            .map(name -> name.substring(0, name.length() - ".class".length()).replace('/', '.'))
            .map(FlinkOptionKeys::load)
            .filter(Objects::nonNull)
            .collect(Collectors.toList());
      } catch (IOException | URISyntaxException e) {
        throw new IllegalStateException("cannot read the jar of " + anchor, e);
      }
    }

    private static Class<?> load(String className) {
      try {
        return Class.forName(className, false, FlinkOptionKeys.class.getClassLoader());
      } catch (ClassNotFoundException | LinkageError e) {
        return null;
      }
    }

    private static List<ConfigOption<?>> options(Class<?> options) {
      List<ConfigOption<?>> found = new ArrayList<>();
      for (Field field : options.getFields()) {
        if (Modifier.isStatic(field.getModifiers())
            && ConfigOption.class.isAssignableFrom(field.getType())) {
          found.add(option(field));
        }
      }
      return found;
    }

    private static ConfigOption<?> option(Field field) {
      try {
        return (ConfigOption<?>) field.get(null);
      } catch (IllegalAccessException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /**
   * What kustomize renders of a kustomization, for the fields deploy/k8s uses: resources (files and
   * directories), patches (by path, merged into the resource of the same kind and name), images
   * (with a configuration that names spec/image), namespace, configurations.
   */
  record Kustomization(List<ObjectNode> resources, Set<String> imagePaths) {

    private static final Set<String> FIELDS =
        Set.of(
            "apiVersion", "kind", "resources", "patches", "images", "namespace", "configurations");

    static Kustomization render(Path root) {
      JsonNode kustomization = readAll(root.resolve("kustomization.yaml")).get(0);
      kustomization
          .fieldNames()
          .forEachRemaining(
              field -> {
                if (!FIELDS.contains(field)) {
                  throw new AssertionError(
                      root + ": kustomization field '" + field + "' is not rendered by this test");
                }
              });
      List<ObjectNode> resources = new ArrayList<>();
      Set<String> imagePaths = new TreeSet<>();
      for (JsonNode entry : kustomization.path("resources")) {
        Path resource = root.resolve(entry.asText()).normalize();
        if (Files.isDirectory(resource)) {
          Kustomization base = render(resource);
          resources.addAll(base.resources());
          imagePaths.addAll(base.imagePaths());
        } else {
          readAll(resource).forEach(document -> resources.add((ObjectNode) document));
        }
      }
      for (JsonNode configuration : kustomization.path("configurations")) {
        for (JsonNode fieldSpec :
            readAll(root.resolve(configuration.asText())).get(0).path("images")) {
          imagePaths.add(fieldSpec.path("kind").asText() + ":" + fieldSpec.path("path").asText());
        }
      }
      for (JsonNode patchEntry : kustomization.path("patches")) {
        assertThat(patchEntry.fieldNames()).toIterable().containsExactly("path");
        ObjectNode patch =
            (ObjectNode) readAll(root.resolve(patchEntry.path("path").asText())).get(0);
        ObjectNode target =
            resources.stream()
                .filter(r -> r.path("kind").equals(patch.path("kind")))
                .filter(r -> r.at("/metadata/name").equals(patch.at("/metadata/name")))
                .findFirst()
                .orElseThrow(() -> new AssertionError(root + ": patch of nothing: " + patchEntry));
        merge(target, patch, root + " " + patchEntry.path("path").asText());
      }
      for (JsonNode image : kustomization.path("images")) {
        for (ObjectNode resource : resources) {
          if (imagePaths.contains(resource.path("kind").asText() + ":spec/image")) {
            setImage((ObjectNode) resource.get("spec"), image);
          }
        }
      }
      if (kustomization.has("namespace")) {
        for (ObjectNode resource : resources) {
          ((ObjectNode) resource.get("metadata"))
              .put("namespace", kustomization.path("namespace").asText());
        }
      }
      return new Kustomization(resources, imagePaths);
    }

    private static void setImage(ObjectNode spec, JsonNode image) {
      String current = spec.path("image").asText();
      int colon = current.lastIndexOf(':');
      String name = colon < 0 ? current : current.substring(0, colon);
      String tag = colon < 0 ? "" : current.substring(colon + 1);
      if (name.equals(image.path("name").asText())) {
        String newName = image.path("newName").asText(name);
        String newTag = image.path("newTag").asText(tag);
        spec.put("image", newTag.isEmpty() ? newName : newName + ":" + newTag);
      }
    }

    /** Merges a patch into a resource in place (see the class comment of the test). */
    static void merge(ObjectNode target, JsonNode patch, String where) {
      patch
          .fields()
          .forEachRemaining(
              field -> {
                String key = field.getKey();
                JsonNode value = field.getValue();
                JsonNode existing = target.get(key);
                if (value.isNull()) {
                  target.remove(key);
                } else if (existing instanceof ObjectNode object && value.isObject()) {
                  merge(object, value, where);
                } else if (existing instanceof ArrayNode list
                    && value.isArray()
                    && named(list)
                    && named(value)) {
                  mergeNamed(list, value, where + " " + key);
                } else {
                  target.set(key, value.deepCopy());
                }
              });
    }

    private static void mergeNamed(ArrayNode target, JsonNode patch, String where) {
      String missing = leftOut(target, patch, "");
      if (missing != null) {
        throw new AssertionError(
            where
                + ": the patch leaves out "
                + missing
                + "; kustomize may replace the list whole, dropping it");
      }
      for (JsonNode entry : patch) {
        for (JsonNode existing : target) {
          if (existing.path("name").equals(entry.path("name"))) {
            merge((ObjectNode) existing, entry, where);
          }
        }
      }
    }

    /**
     * What of a list's entries a patch of it does not restate (every named entry, and within each
     * every field, down to the values), or null: the patched list is then the same whether merged
     * by name or replaced whole.
     */
    private static String leftOut(JsonNode base, JsonNode patch, String path) {
      if (base.isArray() && named(base) && patch.isArray() && named(patch)) {
        for (JsonNode entry : base) {
          String name = entry.path("name").asText();
          JsonNode restated = null;
          for (JsonNode candidate : patch) {
            if (candidate.path("name").asText().equals(name)) {
              restated = candidate;
            }
          }
          String missing =
              restated == null
                  ? path + "[" + name + "]"
                  : leftOut(entry, restated, path + "[" + name + "]");
          if (missing != null) {
            return missing;
          }
        }
      } else if (base.isObject() && patch.isObject()) {
        for (Iterator<Map.Entry<String, JsonNode>> it = base.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> field = it.next();
          String fieldPath = path + "." + field.getKey();
          String missing =
              patch.has(field.getKey())
                  ? leftOut(field.getValue(), patch.get(field.getKey()), fieldPath)
                  : fieldPath;
          if (missing != null) {
            return missing;
          }
        }
      }
      return null;
    }

    private static boolean named(JsonNode list) {
      for (JsonNode entry : list) {
        if (!entry.isObject() || !entry.has("name")) {
          return false;
        }
      }
      return !list.isEmpty();
    }
  }

  // ---- reading ----

  private static ObjectNode baseDeployment() {
    return (ObjectNode) readAll(K8S.resolve("base/flinkdeployment.yaml")).get(0);
  }

  private static ObjectNode only(Kustomization rendered) {
    assertThat(rendered.resources()).hasSize(1);
    return rendered.resources().get(0);
  }

  private static List<JsonNode> readAll(Path file) {
    try {
      return YAML
          .readValues(YAML.getFactory().createParser(file.toFile()), JsonNode.class)
          .readAll()
          .stream()
          .filter(document -> document != null && !document.isMissingNode() && !document.isNull())
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  private static boolean isYaml(Path file) {
    String name = file.getFileName().toString();
    return name.endsWith(".yaml") || name.endsWith(".yml");
  }

  private static JsonSchema schema(String file) {
    try (InputStream in =
        KubernetesManifestsTest.class.getResourceAsStream("/k8s-schemas/" + file)) {
      // the Kubernetes extensions of the CRD schemas: annotations to a draft 7 validator
      JsonMetaSchema draft7 =
          JsonMetaSchema.builder(JsonMetaSchema.getV7())
              .keyword(new NonValidationKeyword("x-kubernetes-preserve-unknown-fields"))
              .keyword(new NonValidationKeyword("x-kubernetes-int-or-string"))
              .build();
      return JsonSchemaFactory.getInstance(
              SpecVersion.VersionFlag.V7, factory -> factory.metaSchema(draft7))
          .getSchema(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path repositoryRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isDirectory(dir.resolve("deploy/k8s"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("no deploy/k8s above " + Path.of("").toAbsolutePath());
    }
    return dir;
  }
}
