package io.carteira.operators.telemetry;

import io.carteira.schemas.PolicyDocument;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;

/**
 * The policy version in force per segment, as a gauge per segment ({@code
 * ..._segment_policyVersion{segment="key-account"}}): after publishing a policy, an operator sees
 * here when every subtask has it in force. Fed from the broadcast policies, and refilled from the
 * broadcast state after a restore.
 */
public final class PolicyVersions {

  /** The gauge's name. */
  public static final String NAME = "policyVersion";

  private final MetricGroup group;
  private final Map<String, Long> versions = new ConcurrentHashMap<>();
  private boolean refilled;

  public PolicyVersions(MetricGroup group) {
    this.group = group;
  }

  /** A policy came into force. */
  public void inForce(PolicyDocument policy) {
    Long before = versions.put(policy.getSegment(), policy.getVersion());
    if (before == null) {
      String segment = policy.getSegment();
      group.addGroup("segment", segment).gauge(NAME, (Gauge<Long>) () -> versions.get(segment));
    }
  }

  /**
   * Once after start: the policies a restored broadcast state holds (a restored job reads no old
   * policy again).
   */
  public void refill(Iterable<Map.Entry<String, PolicyDocument>> inForce) {
    if (refilled) {
      return;
    }
    refilled = true;
    for (Map.Entry<String, PolicyDocument> entry : inForce) {
      if (!versions.containsKey(entry.getKey())) {
        inForce(entry.getValue());
      }
    }
  }
}
