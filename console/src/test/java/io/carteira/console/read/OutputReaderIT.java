package io.carteira.console.read;

import static org.assertj.core.api.Assertions.assertThat;

import io.carteira.console.model.Records;
import io.carteira.jobs.config.CarteiraConfig;
import io.carteira.jobs.config.Knobs;
import io.carteira.jobs.support.TestRuntime;
import io.carteira.jobs.support.WireProducer;
import io.carteira.schemas.AlertStatus;
import io.carteira.schemas.CustomerHealth;
import io.carteira.schemas.HealthBand;
import io.carteira.schemas.Lifecycle;
import io.carteira.schemas.RiskAlert;
import io.carteira.schemas.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * The reader on a real broker: compacted customer-health is read from its beginning whatever the
 * start asked for the other outputs, and those start where asked: here two seconds ago, so an alert
 * written three seconds before the one just written is not read. (The outputs' timestamps are the
 * broker's append times, so a start is "written since".)
 */
class OutputReaderIT {

  @Test
  void healthFromItsBeginning_alertsFromTheStartAsked() throws Exception {
    try (TestRuntime runtime = TestRuntime.start(CarteiraConfig.defaults())) {
      CarteiraConfig config = runtime.config();
      try (KafkaProducer<String, SpecificRecord> producer = WireProducer.open(config)) {
        for (String id : List.of("cus-1", "cus-2")) {
          producer.send(
              new ProducerRecord<>(
                  config.get(Knobs.TOPIC_CUSTOMER_HEALTH),
                  id,
                  Records.health(id, id, 100, Lifecycle.ACTIVE, HealthBand.HEALTHY, 90)));
        }
        String alerts = config.get(Knobs.TOPIC_RISK_ALERTS);
        producer.send(
            new ProducerRecord<>(
                alerts,
                "cus-1",
                Records.alert("old", "cus-1", AlertStatus.OPEN, 50, 100, Severity.MEDIUM)));
        producer.flush();
        Thread.sleep(3_000);
        producer.send(
            new ProducerRecord<>(
                alerts,
                "cus-2",
                Records.alert("new", "cus-2", AlertStatus.OPEN, 50, 100, Severity.MEDIUM)));
        producer.flush();
      }
      List<String> health = new ArrayList<>();
      List<String> read = new ArrayList<>();
      try (OutputReader reader = new OutputReader(config, StartPosition.parse("2s"), true)) {
        Instant deadline = Instant.now().plusSeconds(30);
        while ((health.size() < 2 || read.isEmpty()) && Instant.now().isBefore(deadline)) {
          reader.poll(
              Duration.ofMillis(200),
              new OutputReader.Listener() {
                @Override
                public void health(CustomerHealth h, byte[] wire, Instant readAt) {
                  health.add(h.getCustomerId());
                  assertThat(reader.decodeHealth(wire)).isEqualTo(h);
                }

                @Override
                public void alert(RiskAlert alert, Instant readAt) {
                  read.add(alert.getAlertId());
                }
              });
        }
        reader.poll(Duration.ofMillis(500), new OutputReader.Listener() {});
        assertThat(reader.healthLoaded()).containsExactly(2, 2);
      }
      assertThat(health).containsExactlyInAnyOrder("cus-1", "cus-2");
      assertThat(read).containsExactly("new");
    }
  }
}
