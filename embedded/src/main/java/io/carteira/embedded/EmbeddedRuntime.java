package io.carteira.embedded;

import io.carteira.embedded.registry.LocalSchemaRegistry;
import java.nio.file.Files;

/**
 * Everything Carteira needs around it, in this JVM: a KRaft Kafka broker and a schema registry
 * serving Confluent's REST API. Other tools can connect to both while it runs.
 */
public final class EmbeddedRuntime implements AutoCloseable {

  private final EmbeddedKafka kafka;
  private final LocalSchemaRegistry registry;

  private EmbeddedRuntime(EmbeddedKafka kafka, LocalSchemaRegistry registry) {
    this.kafka = kafka;
    this.registry = registry;
  }

  /** Starts on free ports. */
  public static EmbeddedRuntime start() throws Exception {
    return start(0, 0);
  }

  /**
   * Starts the broker on {@code kafkaPort} and the registry on {@code registryPort} (0: any free
   * port).
   */
  public static EmbeddedRuntime start(int kafkaPort, int registryPort) throws Exception {
    EmbeddedKafka kafka =
        EmbeddedKafka.start(kafkaPort, Files.createTempDirectory("carteira-kafka"), true);
    try {
      return new EmbeddedRuntime(kafka, LocalSchemaRegistry.start(registryPort));
    } catch (Exception e) {
      kafka.close();
      throw e;
    }
  }

  public String bootstrapServers() {
    return kafka.bootstrapServers();
  }

  public String registryUrl() {
    return registry.url();
  }

  @Override
  public void close() {
    registry.close();
    kafka.close();
  }
}
