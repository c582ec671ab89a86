package io.carteira.cli;

import io.carteira.embedded.EmbeddedRuntime;
import io.carteira.embedded.generator.EventPublisher;
import io.carteira.jobs.config.CarteiraConfig;
import io.carteira.jobs.config.Knobs;
import io.carteira.jobs.kafka.KafkaClients;
import io.carteira.jobs.kafka.RegistryClients;
import io.carteira.jobs.kafka.Topics;

/**
 * The embedded broker and registry with Carteira's topics created, and the configuration pointing
 * at them.
 */
public final class LocalRuntime implements AutoCloseable {

  private final EmbeddedRuntime runtime;
  private final CarteiraConfig config;

  private LocalRuntime(EmbeddedRuntime runtime, CarteiraConfig config) {
    this.runtime = runtime;
    this.config = config;
  }

  /** Starts on free ports; {@code base} holds every other setting. */
  public static LocalRuntime start(CarteiraConfig base) throws Exception {
    return start(base, 0, 0);
  }

  /**
   * Starts the broker on {@code kafkaPort} and the registry on {@code registryPort} (0: any free
   * port).
   */
  public static LocalRuntime start(CarteiraConfig base, int kafkaPort, int registryPort)
      throws Exception {
    EmbeddedRuntime runtime = EmbeddedRuntime.start(kafkaPort, registryPort);
    try {
      CarteiraConfig config =
          base.toBuilder()
              .set(Knobs.KAFKA_BOOTSTRAP, runtime.bootstrapServers())
              .set(Knobs.SCHEMA_REGISTRY_URL, runtime.registryUrl())
              .build();
      Topics.create(config);
      return new LocalRuntime(runtime, config);
    } catch (Exception e) {
      runtime.close();
      throw e;
    }
  }

  /** Where a generator publishes the input topics that {@code config} names. */
  public static EventPublisher.Destination destination(CarteiraConfig config) {
    return new EventPublisher.Destination(
        config.get(Knobs.KAFKA_BOOTSTRAP),
        config.get(Knobs.SCHEMA_REGISTRY_URL),
        config.get(Knobs.TOPIC_PAYMENTS),
        config.get(Knobs.TOPIC_USAGE),
        config.get(Knobs.TOPIC_SUBSCRIPTIONS),
        KafkaClients.common(config),
        RegistryClients.access(config));
  }

  /** The configuration pointing at this runtime's broker and registry. */
  public CarteiraConfig config() {
    return config;
  }

  public String bootstrapServers() {
    return runtime.bootstrapServers();
  }

  public String registryUrl() {
    return runtime.registryUrl();
  }

  @Override
  public void close() {
    runtime.close();
  }
}
