package io.carteira.jobs.upgrade;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.runtime.checkpoint.Checkpoints;
import org.apache.flink.runtime.checkpoint.OperatorState;
import org.apache.flink.runtime.checkpoint.metadata.CheckpointMetadata;
import org.apache.flink.runtime.jobgraph.OperatorID;
import org.apache.flink.streaming.api.graph.StreamGraphHasherV2;

/** Which operators a committed savepoint holds state for, named by the uids they were given. */
final class SavepointOperators {

  private SavepointOperators() {}

  /** The operator id Flink derives from a uid. */
  static OperatorID idOf(String uid) {
    return new OperatorID(StreamGraphHasherV2.generateUserSpecifiedHash(uid));
  }

  /** The ids of the operators of {@code savepoint} (a folder with {@code _metadata}) with state. */
  static Set<OperatorID> withState(Path savepoint) throws IOException {
    CheckpointMetadata metadata;
    try (InputStream in = Files.newInputStream(savepoint.resolve("_metadata"))) {
      metadata =
          Checkpoints.loadCheckpointMetadata(
              new DataInputStream(in),
              SavepointOperators.class.getClassLoader(),
              savepoint.toAbsolutePath().toString());
    }
    Set<OperatorID> ids = new HashSet<>();
    for (OperatorState state : metadata.getOperatorStates()) {
      if (state.getStateSize() > 0 || state.getCoordinatorState() != null) {
        ids.add(state.getOperatorID());
      }
    }
    return ids;
  }

  /** Of {@code uids}, those {@code savepoint} holds state for. */
  static Set<String> heldOf(Path savepoint, Collection<String> uids) throws IOException {
    Set<OperatorID> held = withState(savepoint);
    Set<String> named = new TreeSet<>();
    for (String uid : uids) {
      if (held.contains(idOf(uid))) {
        named.add(uid);
      }
    }
    return named;
  }
}
