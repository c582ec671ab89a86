package io.carteira.operators.policy;

import io.carteira.schemas.PolicyDocument;
import io.carteira.schemas.PolicyStatus;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;

/**
 * The shadow runs in force: a run is a continuous period during which a segment has a shadow in
 * force, from the first shadow pushed to its withdrawal or promotion (a newer shadow replacing the
 * one in force continues the run). Its identity is the segment and the version of the shadow that
 * opened it, kept in the operator's broadcast policies (under {@code run:<segment>}) beside the
 * shadow itself, so it survives restores. A customer's shadow books carry the run they belong to: a
 * book of another run is a book of a shadow that ended, and the next shadow starts again from the
 * live picture.
 *
 * <p>One per function instance, as a cache of the broadcast state refreshed after each broadcast
 * element and after a restore, so that a keyed function asks "is any shadow in force?" at the cost
 * of a field read.
 */
public final class ShadowRuns {

  private static final String RUN = "run:";

  /** Present once a run has ended: shadow books may be left behind. */
  private static final String ENDED = "run-ended";

  private final Map<String, String> runOfSegment = new HashMap<>();
  private boolean fresh;
  private boolean ended;

  /**
   * Records what an accepted document does to the runs: a shadow opens its segment's run unless one
   * is under way; a live document (a promotion) or a withdrawal ends it. Call after {@link
   * ShadowPolicies#apply}, then {@link #invalidate}.
   */
  public static void apply(BroadcastState<String, PolicyDocument> policies, PolicyDocument document)
      throws Exception {
    String key = RUN + document.getSegment();
    if (document.getStatus() == PolicyStatus.SHADOW) {
      if (!policies.contains(key)) {
        policies.put(key, document);
      }
    } else if (policies.contains(key)) {
      policies.remove(key);
      policies.put(ENDED, document);
    }
  }

  /** Whether a broadcast key is a run's (not a policy's). */
  public static boolean isRunKey(String key) {
    return key.startsWith(RUN) || key.equals(ENDED);
  }

  /** The broadcast state changed: read it again before the next question. */
  public void invalidate() {
    fresh = false;
  }

  /** Brings the cache up to date with {@code policies}; cheap when it is. */
  public ShadowRuns at(ReadOnlyBroadcastState<String, PolicyDocument> policies) throws Exception {
    if (!fresh) {
      runOfSegment.clear();
      ended = false;
      for (Map.Entry<String, PolicyDocument> entry : policies.immutableEntries()) {
        if (entry.getKey().startsWith(RUN)) {
          String segment = entry.getKey().substring(RUN.length());
          runOfSegment.put(segment, id(segment, entry.getValue().getVersion()));
        } else if (entry.getKey().equals(ENDED)) {
          ended = true;
        }
      }
      fresh = true;
    }
    return this;
  }

  /** Whether any segment has a shadow in force. */
  public boolean any() {
    return !runOfSegment.isEmpty();
  }

  /** Whether shadow books may exist: a run is in force or one has ended. */
  public boolean anySeen() {
    return ended || !runOfSegment.isEmpty();
  }

  /**
   * The run whose shadow applies to a customer of {@code segment}, or null when its shadow lookup
   * ({@link PoliciesInForce} preferring shadows) finds the live policy: the segment's own run, else
   * that of {@code default} when the segment has no live document of its own.
   */
  public String runOf(String segment, ReadOnlyBroadcastState<String, PolicyDocument> policies)
      throws Exception {
    if (segment == null) {
      segment = Policy.DEFAULT_SEGMENT;
    }
    String run = runOfSegment.get(segment);
    if (run != null || segment.equals(Policy.DEFAULT_SEGMENT) || policies.contains(segment)) {
      return run;
    }
    return runOfSegment.get(Policy.DEFAULT_SEGMENT);
  }

  /** Whether {@code run} (as {@link #runOf} gave it) is still in force. */
  public boolean inForce(String run) {
    int at = run.lastIndexOf('#');
    return at > 0 && run.equals(runOfSegment.get(run.substring(0, at)));
  }

  private static String id(String segment, long version) {
    return segment + "#" + version;
  }
}
