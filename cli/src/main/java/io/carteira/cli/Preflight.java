package io.carteira.cli;

import io.carteira.jobs.config.CarteiraConfig;
import io.carteira.jobs.kafka.KafkaClients;
import io.carteira.jobs.kafka.RegistryClients;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;

/**
 * Before a job is submitted: Kafka and the registry accept the configured credentials. A job
 * started with wrong ones would fail on its TaskManagers and restart until its attempts run out;
 * here the refusal is one line naming what was refused.
 */
final class Preflight {

  private Preflight() {}

  static void check(CarteiraConfig config) throws InterruptedException {
    Properties props = KafkaClients.common(config);
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "20000");
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "15000");
    try (Admin admin = Admin.create(props)) {
      admin.describeCluster().clusterId().get(20, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof AuthenticationException || cause instanceof AuthorizationException) {
        throw new CarteiraCli.CliException(
            "Kafka at "
                + KafkaClients.describe(config)
                + " refused the connection: "
                + firstLine(cause));
      }
      throw new CarteiraCli.CliException(
          "Kafka at " + KafkaClients.describe(config) + ": " + firstLine(cause));
    } catch (TimeoutException e) {
      throw new CarteiraCli.CliException(
          "Kafka at " + KafkaClients.describe(config) + " did not answer within 20 s");
    }
    RegistryClients.of(config).subjects(); // a refusal is a one-line SchemaRegistryException
  }

  private static String firstLine(Throwable e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return message.lines().findFirst().orElse(message);
  }
}
