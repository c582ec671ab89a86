package io.carteira.jobs.graph;

import static org.assertj.core.api.Assertions.assertThat;

import io.carteira.jobs.CarteiraJob;
import io.carteira.jobs.JobEnvironment;
import io.carteira.jobs.config.CarteiraConfig;
import io.carteira.jobs.kafka.KafkaEndpoints;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.api.Test;

/**
 * The operator uids are the savepoint contract: every operator of the job has one, and the list
 * equals the golden file. Changing it is a deliberate act (update the file, and say how old
 * savepoints migrate).
 */
class OperatorUidTest {

  private static final Path GOLDEN = Path.of("src/test/resources/golden/operator-uids.txt");

  @Test
  void everyOperatorHasTheUidOfTheGoldenList() throws Exception {
    CarteiraConfig config = CarteiraConfig.defaults();
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.getExecutionEnvironment(
            JobEnvironment.flinkConfiguration(config));
    CarteiraJob.assemble(
        env, KafkaEndpoints.inputs(config), KafkaEndpoints.outputs(config), config);
    StreamGraph graph = env.getStreamGraph(false);

    TreeSet<String> uids = new TreeSet<>();
    for (StreamNode node : graph.getStreamNodes()) {
      assertThat(node.getTransformationUID()).as("uid of " + node.getOperatorName()).isNotBlank();
      uids.add(node.getTransformationUID());
    }
    List<String> golden =
        Files.readAllLines(GOLDEN).stream()
            .filter(l -> !l.isBlank() && !l.startsWith("#"))
            .toList();
    assertThat(List.copyOf(uids)).isEqualTo(golden);
  }
}
