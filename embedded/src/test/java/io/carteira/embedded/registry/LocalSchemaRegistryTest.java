package io.carteira.embedded.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.carteira.schemas.registry.HttpSchemaRegistryClient;
import io.carteira.schemas.registry.SchemaRegistryClient;
import io.carteira.schemas.registry.SchemaRegistryContract;
import io.carteira.schemas.registry.SchemaRegistryException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The registry client against Carteira's local registry, over HTTP. */
class LocalSchemaRegistryTest extends SchemaRegistryContract {

  private static LocalSchemaRegistry server;
  private static HttpSchemaRegistryClient client;

  @BeforeAll
  static void start() throws Exception {
    server = LocalSchemaRegistry.start(0);
    client = new HttpSchemaRegistryClient(server.url());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Override
  protected SchemaRegistryClient client() {
    return client;
  }

  @Test
  void defaultsToBackwardLikeConfluent() {
    assertThat(client.compatibility(null)).isEqualTo("BACKWARD");
  }

  @Test
  void oneSchemaUnderTwoSubjectsKeepsOneId() {
    assertThat(client.register(subject(), V1)).isEqualTo(client.register(subject(), V1));
  }

  @Test
  void answersConfluentErrorBodies() throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(server.url() + "/subjects/nope-value/versions"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValue("application/vnd.schemaregistry.v1+json");
    assertThat(response.body()).contains("\"error_code\":40401");
  }

  @Test
  void refusesAnInvalidSchema() throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(server.url() + "/subjects/bad-value/versions"))
                    .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "{\"schema\":\"{\\\"type\\\":\\\"record\\\"}\"}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(422);
    assertThat(response.body()).contains("42201");
  }

  @Test
  void aStoppedRegistryIsTransient() throws Exception {
    LocalSchemaRegistry shortLived = LocalSchemaRegistry.start(0);
    HttpSchemaRegistryClient c =
        new HttpSchemaRegistryClient(shortLived.url(), 2, Duration.ofMillis(10));
    shortLived.close();
    assertThatThrownBy(() -> c.schemaById(1))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class, e -> assertThat(e.isTransient()).isTrue());
  }
}
