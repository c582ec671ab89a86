package io.carteira.embedded.replay;

import java.io.IOException;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;

/**
 * A data set that also says how each of its customers ended, so that the alerts a replay raises can
 * be scored against what happened.
 */
public interface LabelledDataset extends Dataset {

  /**
   * The outcome of every customer whose events {@link #events} replays, churned or not. A customer
   * without an outcome is left out of scoring.
   */
  List<ChurnOutcome> outcomes(Path directory, ZoneId zone) throws IOException;

  /** What limits the labels: how many there are, and what is derived rather than observed. */
  String limits();
}
