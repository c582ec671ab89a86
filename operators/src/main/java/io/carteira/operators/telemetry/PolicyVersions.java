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
 * broadcast state after a restore. The dunning ladder keeps {@link #SHADOW_NAME} too, under the
 * group {@code shadow}: the version of each segment's shadow in force, 0 once it is withdrawn or
 * promoted.
 */
public final class PolicyVersions {

  /** The gauge's name. */
  public static final String NAME = "policyVersion";

  /** The shadow evaluation's gauge's name. */
  public static final String SHADOW_NAME = "shadowPolicyVersion";

  private final MetricGroup group;
  private final String name;
  private final Map<String, Long> versions = new ConcurrentHashMap<>();
  private boolean refilled;

  public PolicyVersions(MetricGroup group) {
    this(group, NAME);
  }

  public PolicyVersions(MetricGroup group, String name) {
    this.group = group;
    this.name = name;
  }

  /** A policy came into force. */
  public void inForce(PolicyDocument policy) {
    inForce(policy.getSegment(), policy.getVersion());
  }

  /** {@code version} is in force for {@code segment} (0: none). */
  public void inForce(String segment, long version) {
    Long before = versions.put(segment, version);
    if (before == null) {
      group.addGroup("segment", segment).gauge(name, (Gauge<Long>) () -> versions.get(segment));
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
      if (!versions.containsKey(entry.getValue().getSegment())) {
        inForce(entry.getValue());
      }
    }
  }
}
