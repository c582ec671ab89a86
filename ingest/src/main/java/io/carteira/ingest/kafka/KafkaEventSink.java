package io.carteira.ingest.kafka;

import io.carteira.ingest.EventSink;
import io.carteira.schemas.registry.HttpSchemaRegistryClient;
import io.carteira.schemas.registry.RegistryAccess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes to Kafka with {@code acks=all} and the idempotent producer, and waits for every record's
 * acknowledgement before returning: a webhook is answered 2xx only after its events are on all
 * in-sync replicas. Nothing is retried beyond the producer's own retries within {@code
 * delivery.timeout.ms}: when Kafka does not acknowledge in time, the delivery is answered 503 and
 * the provider delivers it again later (Stripe for up to three days, Asaas from its queue); a
 * record that did land meanwhile is then repeated with the same event id, which the job drops.
 */
public final class KafkaEventSink implements EventSink {

  /** How long a record may take to be acknowledged, retries included, before a 503. */
  public static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(10);

  private static final Duration READY_CHECK = Duration.ofSeconds(2);

  private final KafkaProducer<String, SpecificRecord> producer;
  private final Admin admin;
  private volatile long readyUntilNanos;

  public KafkaEventSink(String bootstrapServers, String registryUrl, boolean autoRegister) {
    this(bootstrapServers, new Properties(), RegistryAccess.of(registryUrl), autoRegister);
  }

  /**
   * A sink on {@code bootstrapServers} reached with {@code clientSettings} (security protocol,
   * SASL, trust store), writing schemas to {@code registry}.
   */
  public KafkaEventSink(
      String bootstrapServers,
      Properties clientSettings,
      RegistryAccess registry,
      boolean autoRegister) {
    Properties props = new Properties();
    props.putAll(clientSettings);
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    props.put(ProducerConfig.LINGER_MS_CONFIG, "2");
    props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "4000");
    props.put(
        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, String.valueOf(DELIVERY_TIMEOUT.toMillis()));
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "5000");
    props.put(ProducerConfig.CLIENT_ID_CONFIG, "carteira-ingest");
    this.producer =
        new KafkaProducer<>(
            props,
            new StringSerializer(),
            new WireSerializer(new HttpSchemaRegistryClient(registry), autoRegister));
    Properties adminProps = new Properties();
    adminProps.putAll(clientSettings);
    adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    adminProps.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000");
    adminProps.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "2000");
    this.admin = Admin.create(adminProps);
  }

  @Override
  public void send(List<Outgoing> records) throws Unavailable {
    List<Future<RecordMetadata>> acks = new ArrayList<>(records.size());
    try {
      for (Outgoing record : records) {
        acks.add(
            producer.send(
                new ProducerRecord<>(
                    record.topic(),
                    null,
                    record.timestamp() == null ? null : record.timestamp().toEpochMilli(),
                    record.key(),
                    record.value())));
      }
      long deadline = System.nanoTime() + DELIVERY_TIMEOUT.plusSeconds(2).toNanos();
      for (Future<RecordMetadata> ack : acks) {
        ack.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      }
    } catch (ExecutionException e) {
      throw new Unavailable(
          "Kafka did not acknowledge: " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new Unavailable("Kafka did not acknowledge in time", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Unavailable("interrupted while waiting for Kafka", e);
    } catch (RuntimeException e) {
      // metadata not available within max.block.ms, or the registry unreachable
      throw new Unavailable("cannot write to Kafka: " + e.getMessage(), e);
    }
    readyUntilNanos = System.nanoTime() + Duration.ofSeconds(5).toNanos();
  }

  @Override
  public boolean ready() {
    if (System.nanoTime() < readyUntilNanos) {
      return true;
    }
    try {
      admin
          .describeCluster(new DescribeClusterOptions().timeoutMs((int) READY_CHECK.toMillis()))
          .nodes()
          .get(READY_CHECK.toMillis() + 500, TimeUnit.MILLISECONDS);
      readyUntilNanos = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException | TimeoutException e) {
      return false;
    }
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
    admin.close(Duration.ofSeconds(2));
  }
}
