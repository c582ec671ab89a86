package io.carteira.ingest;

import java.time.ZoneId;

/**
 * Where the receiver listens and writes.
 *
 * @param zone the business's time zone: due dates and Asaas's local times are read in it
 * @param ratePerSecond deliveries a second accepted from one source before 429
 */
public record IngestSettings(
    String bootstrapServers,
    String registryUrl,
    boolean autoRegister,
    IngestTopics topics,
    ZoneId zone,
    String host,
    int port,
    double ratePerSecond) {}
