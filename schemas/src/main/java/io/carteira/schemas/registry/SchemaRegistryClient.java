package io.carteira.schemas.registry;

import java.util.List;
import java.util.Optional;
import org.apache.avro.Schema;

/**
 * The part of Confluent's Schema Registry REST API that Carteira uses. Implementations speak HTTP
 * to any Confluent-compatible registry (Confluent's own, Apicurio's ccompat API, or Carteira's
 * embedded registry, {@code io.carteira.embedded.registry.LocalSchemaRegistry}).
 */
public interface SchemaRegistryClient extends AutoCloseable {

  /**
   * Registers {@code schema} under {@code subject} (or finds it there) and returns its global id.
   */
  int register(String subject, Schema schema);

  /** The schema with this global id. */
  Schema schemaById(int id);

  /** The version of {@code subject} that holds exactly this schema, if any. */
  Optional<SubjectVersion> lookup(String subject, Schema schema);

  /** The version numbers of {@code subject}, oldest first. */
  List<Integer> versions(String subject);

  /** One version of a subject; {@code version} is a number or {@code latest}. */
  SubjectVersion version(String subject, String version);

  /** All subjects. */
  List<String> subjects();

  /** Whether {@code schema} may be registered after the latest version of {@code subject}. */
  CompatibilityResult testCompatibility(String subject, Schema schema);

  /**
   * The compatibility level of a subject (falling back to the global one), or the global one when
   * {@code subject} is null.
   */
  String compatibility(String subject);

  /** Sets the compatibility level of a subject, or the global one when {@code subject} is null. */
  void setCompatibility(String subject, String level);

  @Override
  default void close() {}

  /** A registered version of a subject. */
  record SubjectVersion(String subject, int version, int id, Schema schema) {}

  /** The answer of a compatibility check, with the registry's reasons when it says no. */
  record CompatibilityResult(boolean compatible, List<String> messages) {}
}
