package io.carteira.jobs.embedded;

import io.carteira.jobs.config.CarteiraConfig;
import io.carteira.jobs.config.Knobs;
import io.carteira.jobs.kafka.Topics;
import io.carteira.schemas.registry.LocalSchemaRegistry;

/**
 * Everything Carteira needs around it, in this JVM: a KRaft Kafka broker with Carteira's topics,
 * and a schema registry serving Confluent's REST API. Other tools can connect to both while it
 * runs.
 */
public final class EmbeddedRuntime implements AutoCloseable {

  private final EmbeddedKafka kafka;
  private final LocalSchemaRegistry registry;
  private final CarteiraConfig config;

  private EmbeddedRuntime(
      EmbeddedKafka kafka, LocalSchemaRegistry registry, CarteiraConfig config) {
    this.kafka = kafka;
    this.registry = registry;
    this.config = config;
  }

  /** Starts on free ports. */
  public static EmbeddedRuntime start(CarteiraConfig base) throws Exception {
    return start(base, 0, 0);
  }

  /**
   * Starts the broker on {@code kafkaPort} and the registry on {@code registryPort} (0: any free
   * port).
   */
  public static EmbeddedRuntime start(CarteiraConfig base, int kafkaPort, int registryPort)
      throws Exception {
    EmbeddedKafka kafka =
        EmbeddedKafka.start(
            kafkaPort, java.nio.file.Files.createTempDirectory("carteira-kafka"), true);
    LocalSchemaRegistry registry;
    try {
      registry = LocalSchemaRegistry.start(registryPort);
    } catch (Exception e) {
      kafka.close();
      throw e;
    }
    CarteiraConfig config =
        base.toBuilder()
            .set(Knobs.KAFKA_BOOTSTRAP, kafka.bootstrapServers())
            .set(Knobs.SCHEMA_REGISTRY_URL, registry.url())
            .build();
    Topics.create(config);
    return new EmbeddedRuntime(kafka, registry, config);
  }

  /** The configuration pointing at this runtime's broker and registry. */
  public CarteiraConfig config() {
    return config;
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
