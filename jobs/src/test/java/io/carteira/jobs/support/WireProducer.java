package io.carteira.jobs.support;

import io.carteira.embedded.serde.AvroWireKafkaSerializer;
import io.carteira.jobs.config.CarteiraConfig;
import io.carteira.jobs.config.Knobs;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A producer of hand-made input events, as upstream systems write them: string keys, Avro values in
 * the Confluent wire format.
 */
public final class WireProducer {

  private WireProducer() {}

  public static KafkaProducer<String, SpecificRecord> open(CarteiraConfig config) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.get(Knobs.KAFKA_BOOTSTRAP));
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    AvroWireKafkaSerializer<SpecificRecord> values = new AvroWireKafkaSerializer<>();
    values.configure(
        Map.of(AvroWireKafkaSerializer.REGISTRY_URL, config.get(Knobs.SCHEMA_REGISTRY_URL)), false);
    return new KafkaProducer<>(props, new StringSerializer(), values);
  }
}
