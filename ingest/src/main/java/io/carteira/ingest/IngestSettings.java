package io.carteira.ingest;

import io.carteira.schemas.registry.RegistryAccess;
import java.time.ZoneId;
import java.util.Properties;

/**
 * Where the receiver listens and writes.
 *
 * @param zone the business's time zone: due dates and Asaas's local times are read in it
 * @param ratePerSecond deliveries a second accepted from one source before 429
 * @param kafkaClient the Kafka clients' connection settings besides the brokers (security protocol,
 *     SASL, trust store); empty for a plain broker
 * @param registry the registry with its credentials and trust store
 */
public record IngestSettings(
    String bootstrapServers,
    String registryUrl,
    boolean autoRegister,
    IngestTopics topics,
    ZoneId zone,
    String host,
    int port,
    double ratePerSecond,
    Properties kafkaClient,
    RegistryAccess registry) {

  /** Settings for a plain broker and a registry without credentials. */
  public IngestSettings(
      String bootstrapServers,
      String registryUrl,
      boolean autoRegister,
      IngestTopics topics,
      ZoneId zone,
      String host,
      int port,
      double ratePerSecond) {
    this(
        bootstrapServers,
        registryUrl,
        autoRegister,
        topics,
        zone,
        host,
        port,
        ratePerSecond,
        new Properties(),
        RegistryAccess.of(registryUrl));
  }
}
