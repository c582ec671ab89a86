package io.carteira.console.policy;

import io.carteira.embedded.serde.AvroWireKafkaSerializer;
import io.carteira.jobs.config.CarteiraConfig;
import io.carteira.jobs.config.Knobs;
import io.carteira.jobs.kafka.KafkaClients;
import io.carteira.jobs.kafka.RegistryClients;
import io.carteira.operators.policy.ShadowPolicies;
import io.carteira.schemas.PolicyDocument;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Validates a policy document as the job would and publishes it to the policies topic: what {@code
 * carteira policy push} and the console's upload form both do. A document the job would refuse is
 * never published.
 */
public final class PolicyPublisher {

  /** What came of a push: published at {@code partition}/{@code offset}, or refused. */
  public record Outcome(PolicyDocument document, List<String> reasons, int partition, long offset) {
    public boolean published() {
      return reasons.isEmpty();
    }
  }

  private PolicyPublisher() {}

  /**
   * Replays the policies topic, checks {@code document} against it and, when nothing is wrong,
   * publishes it (acks from every replica, idempotent producer).
   */
  public static Outcome push(CarteiraConfig config, PolicyDocument document) throws Exception {
    List<String> reasons = PolicyTopic.read(config).reasons(document);
    if (!reasons.isEmpty()) {
      return new Outcome(document, reasons, -1, -1);
    }
    Properties props = KafkaClients.common(config);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    AvroWireKafkaSerializer<PolicyDocument> values = new AvroWireKafkaSerializer<>();
    values.configure(
        Map.of(
            AvroWireKafkaSerializer.REGISTRY_URL,
            config.get(Knobs.SCHEMA_REGISTRY_URL),
            AvroWireKafkaSerializer.REGISTRY_ACCESS,
            RegistryClients.access(config)),
        false);
    try (KafkaProducer<String, PolicyDocument> producer =
        new KafkaProducer<>(props, new StringSerializer(), values)) {
      // one key per document: the topic is compacted, and a shadow, its promotion and its
      // withdrawal share a version
      String status =
          ShadowPolicies.isLive(document)
              ? ""
              : "-" + document.getStatus().name().toLowerCase(java.util.Locale.ROOT);
      String key = document.getSegment() + "@v" + document.getVersion() + status;
      RecordMetadata sent =
          producer
              .send(new ProducerRecord<>(config.get(Knobs.TOPIC_POLICIES), key, document))
              .get();
      return new Outcome(document, List.of(), sent.partition(), sent.offset());
    }
  }
}
