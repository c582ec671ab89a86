package io.carteira.embedded;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real Kafka broker in this JVM, in KRaft mode (one combined broker and controller), for the demo
 * and the tests. Transactions, compaction and read_committed work as on any broker.
 */
public final class EmbeddedKafka implements AutoCloseable {

  private final KafkaRaftServer server;
  private final Path logDir;
  private final boolean deleteOnClose;
  private final String bootstrapServers;
  private final String internalBootstrapServers;

  private EmbeddedKafka(
      KafkaRaftServer server,
      Path logDir,
      boolean deleteOnClose,
      String bootstrapServers,
      String internalBootstrapServers) {
    this.server = server;
    this.logDir = logDir;
    this.deleteOnClose = deleteOnClose;
    this.bootstrapServers = bootstrapServers;
    this.internalBootstrapServers = internalBootstrapServers;
  }

  /**
   * A broker whose clients must connect with SASL_SSL (SCRAM-SHA-256 and -512) and are authorized
   * by ACLs (KRaft's StandardAuthorizer): {@link #bootstrapServers()} is that listener, its TLS
   * certificate from {@code keystore} (PKCS12). The broker talks to itself, and an administrator to
   * it, on a plaintext listener of its own on 127.0.0.1 ({@link #internalBootstrapServers()}, a
   * super user), which creates the SCRAM users and ACLs.
   */
  public static EmbeddedKafka startSecured(Path keystore, String keystorePassword)
      throws Exception {
    Path logDir = Files.createTempDirectory("carteira-kafka-secured");
    int clientPort = freePort();
    int internalPort = freePort();
    Properties secured = new Properties();
    secured.put(
        "listeners", "CLIENT://127.0.0.1:" + clientPort + ",INTERNAL://127.0.0.1:" + internalPort);
    secured.put(
        "advertised.listeners",
        "CLIENT://127.0.0.1:" + clientPort + ",INTERNAL://127.0.0.1:" + internalPort);
    secured.put(
        "listener.security.protocol.map",
        "CLIENT:SASL_SSL,INTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT");
    secured.put("inter.broker.listener.name", "INTERNAL");
    secured.put("sasl.enabled.mechanisms", "SCRAM-SHA-256,SCRAM-SHA-512");
    for (String mechanism : List.of("scram-sha-256", "scram-sha-512")) {
      secured.put(
          "listener.name.client." + mechanism + ".sasl.jaas.config",
          "org.apache.kafka.common.security.scram.ScramLoginModule required;");
    }
    secured.put("listener.name.client.ssl.keystore.location", keystore.toString());
    secured.put("listener.name.client.ssl.keystore.password", keystorePassword);
    secured.put("listener.name.client.ssl.keystore.type", "PKCS12");
    secured.put("listener.name.client.ssl.key.password", keystorePassword);
    secured.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
    // the plaintext listener's clients and the controller are ANONYMOUS: the broker itself
    secured.put("super.users", "User:ANONYMOUS");
    return start(clientPort, logDir, true, secured, "127.0.0.1:" + internalPort);
  }

  /** Starts a broker on a free port with its data in a temporary directory, deleted on close. */
  public static EmbeddedKafka start() throws Exception {
    return start(0, Files.createTempDirectory("carteira-kafka"), true);
  }

  /** Starts a broker on {@code port} (0: any free port) keeping its data in {@code logDir}. */
  public static EmbeddedKafka start(int port, Path logDir, boolean deleteOnClose) throws Exception {
    return start(port, logDir, deleteOnClose, new Properties(), null);
  }

  private static EmbeddedKafka start(
      int port, Path logDir, boolean deleteOnClose, Properties overrides, String internal)
      throws Exception {
    int brokerPort = port == 0 ? freePort() : port;
    int controllerPort = freePort();
    Files.createDirectories(logDir);
    Properties props = new Properties();
    props.put("process.roles", "broker,controller");
    props.put("node.id", "1");
    props.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
    props.put(
        "listeners",
        "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
    props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
    props.put("controller.listener.names", "CONTROLLER");
    props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    props.put("inter.broker.listener.name", "PLAINTEXT");
    props.put("log.dirs", logDir.toString());
    props.put("auto.create.topics.enable", "false");
    props.put("num.partitions", "4");
    props.put("offsets.topic.replication.factor", "1");
    props.put("offsets.topic.num.partitions", "4");
    props.put("transaction.state.log.replication.factor", "1");
    props.put("transaction.state.log.min.isr", "1");
    props.put("transaction.state.log.num.partitions", "4");
    props.put("group.initial.rebalance.delay.ms", "0");
    props.put("log.cleaner.backoff.ms", "1000");
    props.put("share.coordinator.state.topic.replication.factor", "1");
    props.put("share.coordinator.state.topic.min.isr", "1");
    props.putAll(overrides);
    if (overrides.containsKey("listeners")) {
      props.put(
          "listeners", overrides.get("listeners") + ",CONTROLLER://127.0.0.1:" + controllerPort);
    }

    new Formatter()
        .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
        .setClusterId(clusterId(logDir))
        .setNodeId(1)
        .setDirectories(List.of(logDir.toString()))
        .setMetadataLogDirectory(logDir.toString())
        .setControllerListenerName("CONTROLLER")
        .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
        .setIgnoreFormatted(true)
        .run();

    KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
    server.startup();
    String bootstrap = "127.0.0.1:" + brokerPort;
    return new EmbeddedKafka(
        server, logDir, deleteOnClose, bootstrap, internal == null ? bootstrap : internal);
  }

  /**
   * The cluster id of the data in {@code logDir}, so a broker started again on its data keeps it
   * (the formatter refuses another); a new one for a new directory.
   */
  private static String clusterId(Path logDir) throws IOException {
    Path meta = logDir.resolve("meta.properties");
    if (Files.exists(meta)) {
      Properties formatted = new Properties();
      try (var in = Files.newInputStream(meta)) {
        formatted.load(in);
      }
      String id = formatted.getProperty("cluster.id");
      if (id != null && !id.isBlank()) {
        return id;
      }
    }
    return Uuid.randomUuid().toString();
  }

  public String bootstrapServers() {
    return bootstrapServers;
  }

  /**
   * The broker's own plaintext listener: the same as {@link #bootstrapServers()} unless secured.
   */
  public String internalBootstrapServers() {
    return internalBootstrapServers;
  }

  @Override
  public void close() {
    server.shutdown();
    server.awaitShutdown();
    if (deleteOnClose) {
      try (Stream<Path> files = Files.walk(logDir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException ignored) {
        // a temp dir left behind is harmless
      }
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }

  /** {@code port} if nothing listens on it, else a free one. */
  public static int portOr(int port) throws IOException {
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      return port;
    } catch (IOException taken) {
      return freePort();
    }
  }
}
