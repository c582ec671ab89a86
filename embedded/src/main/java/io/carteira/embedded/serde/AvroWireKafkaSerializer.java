package io.carteira.embedded.serde;

import io.carteira.schemas.registry.HttpSchemaRegistryClient;
import io.carteira.schemas.registry.RegistryAccess;
import io.carteira.schemas.wire.AvroWireEncoder;
import io.carteira.schemas.wire.WireFormat;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A plain Kafka {@link Serializer} writing Confluent's wire format, for producers outside Flink
 * (the generator, tools). Settings as Confluent's: {@code schema.registry.url}, {@code
 * auto.register.schemas}; subjects follow TopicNameStrategy. Any generated Avro class may be
 * written; its schema is registered (or looked up) once per subject. Thread-safe.
 */
public class AvroWireKafkaSerializer<T extends SpecificRecord> implements Serializer<T> {

  public static final String REGISTRY_URL = "schema.registry.url";
  public static final String AUTO_REGISTER = "auto.register.schemas";

  /**
   * A {@link RegistryAccess} (credentials, trust store) to reach the registry with; without it the
   * registry is {@link #REGISTRY_URL} without credentials.
   */
  public static final String REGISTRY_ACCESS = "carteira.registry.access";

  private final Map<String, AvroWireEncoder<T>> encoders = new HashMap<>();
  private HttpSchemaRegistryClient registry;
  private boolean autoRegister = true;
  private boolean isKey;

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    Object url = configs.get(REGISTRY_URL);
    if (url == null) {
      throw new IllegalArgumentException(REGISTRY_URL + " is not set");
    }
    this.registry = new HttpSchemaRegistryClient(accessOf(configs, url));
    Object auto = configs.get(AUTO_REGISTER);
    this.autoRegister = auto == null || Boolean.parseBoolean(auto.toString());
    this.isKey = isKey;
  }

  /** The registry access of {@code configs}: {@link #REGISTRY_ACCESS}, else the bare URL. */
  static RegistryAccess accessOf(Map<String, ?> configs, Object url) {
    Object access = configs.get(REGISTRY_ACCESS);
    return access instanceof RegistryAccess given ? given : RegistryAccess.of(url.toString());
  }

  @Override
  @SuppressWarnings("unchecked")
  public synchronized byte[] serialize(String topic, T data) {
    if (data == null) {
      return null;
    }
    String subject = isKey ? WireFormat.keySubject(topic) : WireFormat.valueSubject(topic);
    return encoders
        .computeIfAbsent(
            subject + '/' + data.getClass().getName(),
            s -> new AvroWireEncoder<>((Class<T>) data.getClass(), subject, registry, autoRegister))
        .encode(data);
  }
}
