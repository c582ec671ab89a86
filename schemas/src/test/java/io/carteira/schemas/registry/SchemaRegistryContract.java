package io.carteira.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.Test;

/**
 * What Carteira's registry client needs from a Confluent-compatible registry, run against
 * Carteira's own local registry and against an independent one (Apicurio).
 */
public abstract class SchemaRegistryContract {

  /** A client for a registry whose global compatibility is BACKWARD. */
  protected abstract SchemaRegistryClient client();

  protected static final Schema V1 =
      SchemaBuilder.record("Invoice")
          .namespace("test.carteira")
          .fields()
          .requiredString("invoice_id")
          .requiredLong("amount_minor")
          .endRecord();
  protected static final Schema V2_OPTIONAL_FIELD =
      SchemaBuilder.record("Invoice")
          .namespace("test.carteira")
          .fields()
          .requiredString("invoice_id")
          .requiredLong("amount_minor")
          .optionalString("boleto_line")
          .endRecord();
  protected static final Schema V2_REQUIRED_FIELD =
      SchemaBuilder.record("Invoice")
          .namespace("test.carteira")
          .fields()
          .requiredString("invoice_id")
          .requiredLong("amount_minor")
          .requiredString("barcode")
          .endRecord();

  protected static String subject() {
    return "invoices-" + UUID.randomUUID().toString().substring(0, 8) + "-value";
  }

  @Test
  void registersAndFetchesBack() {
    String subject = subject();
    int id = client().register(subject, V1);

    assertThat(client().schemaById(id)).isEqualTo(V1);
    assertThat(client().versions(subject)).containsExactly(1);
    SchemaRegistryClient.SubjectVersion latest = client().version(subject, "latest");
    assertThat(latest.id()).isEqualTo(id);
    assertThat(latest.version()).isEqualTo(1);
    assertThat(latest.schema()).isEqualTo(V1);
    assertThat(client().subjects()).contains(subject);
  }

  @Test
  void registeringTheSameSchemaAgainKeepsItsId() {
    String subject = subject();
    int first = client().register(subject, V1);
    assertThat(client().register(subject, V1)).isEqualTo(first);
    assertThat(client().versions(subject)).containsExactly(1);
  }

  @Test
  void looksUpASchemaInASubject() {
    String subject = subject();
    int id = client().register(subject, V1);
    assertThat(client().lookup(subject, V1))
        .get()
        .extracting(SchemaRegistryClient.SubjectVersion::id)
        .isEqualTo(id);
    assertThat(client().lookup(subject, V2_OPTIONAL_FIELD)).isEmpty();
  }

  @Test
  void compatibleEvolutionBecomesTheNextVersion() {
    String subject = subject();
    client().register(subject, V1);
    assertThat(client().testCompatibility(subject, V2_OPTIONAL_FIELD).compatible()).isTrue();

    int v2 = client().register(subject, V2_OPTIONAL_FIELD);

    assertThat(client().versions(subject)).containsExactly(1, 2);
    assertThat(client().version(subject, "2").id()).isEqualTo(v2);
  }

  @Test
  void incompatibleChangeIsRefusedWithAClearError() {
    String subject = subject();
    client().register(subject, V1);
    assertThat(client().compatibility(subject)).isEqualTo("BACKWARD");
    assertThat(client().testCompatibility(subject, V2_REQUIRED_FIELD).compatible()).isFalse();

    assertThatThrownBy(() -> client().register(subject, V2_REQUIRED_FIELD))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class,
            e -> {
              assertThat(e.httpStatus()).isEqualTo(409);
              assertThat(e.isTransient()).isFalse();
              assertThat(e.getMessage()).containsIgnoringCase("incompatible");
            });
    assertThat(client().versions(subject)).containsExactly(1);
  }

  @Test
  void subjectLevelCompatibilityOverridesTheGlobalOne() {
    String subject = subject();
    client().register(subject, V1);
    client().setCompatibility(subject, "NONE");

    assertThat(client().compatibility(subject)).isEqualTo("NONE");
    client().register(subject, V2_REQUIRED_FIELD);
    assertThat(client().versions(subject)).containsExactly(1, 2);
  }

  @Test
  void unknownIdAndSubjectAreNotFound() {
    assertThatThrownBy(() -> client().schemaById(987_654))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class,
            e -> {
              assertThat(e.isNotFound()).isTrue();
              assertThat(e.isTransient()).isFalse();
            });
    assertThatThrownBy(() -> client().versions(subject()))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class, e -> assertThat(e.isNotFound()).isTrue());
  }
}
