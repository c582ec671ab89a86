package io.carteira.jobs.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import io.carteira.jobs.CarteiraJob;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.flink.runtime.jobgraph.OperatorID;
import org.junit.jupiter.api.Test;

/**
 * What a restore of a committed savepoint leaves behind: the state of operators this build no
 * longer has. It may only be the state of the retired CEP operators (partial sequences and the
 * signals they held for the watermark), which a restore drops with {@code
 * execution.state-recovery.ignore-unclaimed-state}; every other operator's state must find its
 * operator.
 */
class RetiredOperatorStateTest {

  private static final Path GOLDEN = Path.of("src/test/resources/golden/operator-uids.txt");

  @Test
  void everyCommittedSavepointLeavesBehindNothingButTheRetiredSequenceOperators()
      throws IOException {
    Set<OperatorID> current = new HashSet<>();
    for (String uid : Files.readAllLines(GOLDEN)) {
      if (!uid.isBlank() && !uid.startsWith("#")) {
        current.add(SavepointOperators.idOf(uid));
      }
    }
    Set<OperatorID> retired = new HashSet<>();
    CarteiraJob.RETIRED_SEQUENCE_UIDS.forEach(uid -> retired.add(SavepointOperators.idOf(uid)));
    List<Path> savepoints = committed();
    assertThat(savepoints).isNotEmpty();
    for (Path savepoint : savepoints) {
      Set<OperatorID> unclaimed = new HashSet<>(SavepointOperators.withState(savepoint));
      unclaimed.removeAll(current);
      assertThat(retired).as("state of %s no operator claims", savepoint).containsAll(unclaimed);
    }
  }

  @Test
  void theFirstSavepointHoldsCepState_soTheCheckAboveCanFail() throws IOException {
    assertThat(
            SavepointOperators.heldOf(
                SavepointUpgradeIT.SAVEPOINTS.resolve("v1/savepoint"),
                CarteiraJob.RETIRED_SEQUENCE_UIDS))
        .isNotEmpty();
  }

  @Test
  void theSecondSavepointHoldsPartialSequences_soTheirRestoreIsTested() throws IOException {
    assertThat(
            SavepointOperators.heldOf(
                SavepointUpgradeIT.SAVEPOINTS.resolve("v2/savepoint"),
                List.of(CarteiraJob.UID_SEQUENCES)))
        .containsExactly(CarteiraJob.UID_SEQUENCES);
  }

  static List<Path> committed() throws IOException {
    try (Stream<Path> fixtures = Files.list(SavepointUpgradeIT.SAVEPOINTS)) {
      return fixtures.map(f -> f.resolve("savepoint")).filter(Files::isDirectory).sorted().toList();
    }
  }
}
