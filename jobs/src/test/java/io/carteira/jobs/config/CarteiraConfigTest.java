package io.carteira.jobs.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.carteira.jobs.JobEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each knob has a valid default, and reaches the setting it names. */
class CarteiraConfigTest {

  @Test
  void everyDefaultParses() {
    CarteiraConfig defaults = CarteiraConfig.defaults();
    for (Knob<?> knob : Knobs.all()) {
      defaults.get(knob);
      assertThat(knob.description()).as(knob.key()).isNotBlank();
    }
  }

  @Test
  void fileThenEnvironmentThenExplicitSettings(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("carteira.properties");
    Files.writeString(
        file, "kafka.bootstrap-servers=file:9092\njob.parallelism=3\ntopics.payments=pagamentos\n");
    CarteiraConfig config =
        CarteiraConfig.builder()
            .file(file)
            .environment(
                Map.of(
                    "CARTEIRA_KAFKA_BOOTSTRAP_SERVERS",
                    "env:9092",
                    "CARTEIRA_JOB_PARALLELISM",
                    "4"))
            .set("job.parallelism", "5")
            .build();
    assertThat(config.get(Knobs.KAFKA_BOOTSTRAP)).isEqualTo("env:9092");
    assertThat(config.get(Knobs.PARALLELISM)).isEqualTo(5);
    assertThat(config.get(Knobs.TOPIC_PAYMENTS)).isEqualTo("pagamentos");
  }

  @Test
  void aChoiceIsReadWhateverItsCase_andKeepsItsOwnSpelling() {
    CarteiraConfig config =
        CarteiraConfig.builder()
            .set("alerts.locale", "PT-br")
            .set("delivery.risk-alerts", "At-Least-Once")
            .build();
    assertThat(config.get(Knobs.ALERTS_LOCALE)).isEqualTo("pt-BR");
    assertThat(config.get(Knobs.DELIVERY_RISK_ALERTS)).isEqualTo("at-least-once");
    assertThatThrownBy(() -> CarteiraConfig.builder().set("messages.locale", "fr"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("messages.locale")
        .hasMessageContaining("one of pt-BR, en");
  }

  @Test
  void durationsTakeShortAndIsoForms() {
    assertThat(Knobs.parseDuration("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(Knobs.parseDuration("7d")).isEqualTo(Duration.ofDays(7));
    assertThat(Knobs.parseDuration("PT10M")).isEqualTo(Duration.ofMinutes(10));
    assertThatThrownBy(() -> CarteiraConfig.builder().set("events.allowed-lateness", "a while"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("events.allowed-lateness");
  }

  @Test
  void knobsReachFlink() {
    CarteiraConfig config =
        CarteiraConfig.builder()
            .set("checkpoint.interval", "750ms")
            .set("checkpoint.timeout", "3m")
            .set("checkpoint.tolerable-failures", "3")
            .set("job.parallelism", "3")
            .set("restart.attempts", "7")
            .set("checkpoint.dir", "file:///tmp/cp")
            .set("flink.taskmanager.numberOfTaskSlots", "6")
            .build();
    Configuration flink = JobEnvironment.flinkConfiguration(config);
    assertThat(flink.toMap())
        .containsEntry("execution.checkpointing.interval", "750 ms")
        .containsEntry("execution.checkpointing.timeout", "180000 ms")
        .containsEntry("execution.checkpointing.tolerable-failed-checkpoints", "3")
        .containsEntry("parallelism.default", "3")
        .containsEntry("restart-strategy.fixed-delay.attempts", "7")
        .containsEntry("execution.checkpointing.dir", "file:///tmp/cp")
        .containsEntry("taskmanager.numberOfTaskSlots", "6")
        .containsEntry("state.backend.type", "rocksdb")
        .containsEntry("pipeline.generic-types", "false");
  }

  @Test
  void aLocalRunGivesRocksDbManagedMemory_unlessTheConfigurationSaysHowMuch() {
    assertThat(JobEnvironment.localFlinkConfiguration(CarteiraConfig.defaults()).toMap())
        .containsEntry("taskmanager.memory.managed.size", "512 mb");
    assertThat(JobEnvironment.flinkConfiguration(CarteiraConfig.defaults()).toMap())
        .as("a job sent to a cluster leaves its TaskManagers' memory to the cluster")
        .doesNotContainKey("taskmanager.memory.managed.size");
    CarteiraConfig sized =
        CarteiraConfig.builder().set("flink.taskmanager.memory.managed.size", "1g").build();
    assertThat(JobEnvironment.localFlinkConfiguration(sized).toMap())
        .containsEntry("taskmanager.memory.managed.size", "1g");
  }

  @Test
  void unknownKeysAreErrorsNotIgnored() {
    assertThatThrownBy(() -> CarteiraConfig.builder().set("kafka.boostrap-servers", "x"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("unknown setting 'kafka.boostrap-servers'");
  }
}
