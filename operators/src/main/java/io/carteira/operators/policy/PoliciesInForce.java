package io.carteira.operators.policy;

import io.carteira.schemas.PolicyDocument;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;

/**
 * The policy a keyed function applies to a segment: the segment's own from the broadcast policies,
 * else the {@code default} one, else the built-in defaults. The shadow evaluation's lookup prefers
 * a shadow at each step: the segment's shadow, its live policy, the {@code default} shadow, the
 * {@code default} live policy, the built-in one, so it applies what the job would apply were the
 * shadows live. Documents are parsed once per segment and version (they were validated upstream).
 * One per function instance; not serialisable state.
 */
public final class PoliciesInForce {

  private final Map<String, Policy> parsed = new HashMap<>();
  private final Policy builtIn = PolicyParser.builtIn();
  private final boolean preferShadow;

  /** The live policies' lookup. */
  public PoliciesInForce() {
    this(false);
  }

  /**
   * @param preferShadow the shadow evaluation's lookup: a segment's shadow before its live policy
   */
  public PoliciesInForce(boolean preferShadow) {
    this.preferShadow = preferShadow;
  }

  public Policy of(String segment, ReadOnlyBroadcastState<String, PolicyDocument> policies)
      throws Exception {
    String key = find(segment, policies);
    if (key == null) {
      key = find(Policy.DEFAULT_SEGMENT, policies);
    }
    if (key == null) {
      return builtIn;
    }
    PolicyDocument document = policies.get(key);
    Policy cached = parsed.get(key);
    if (cached == null || cached.version() != document.getVersion()) {
      PolicyParser.Result result = PolicyParser.parse(document);
      cached =
          result.accepted()
              ? result.policy()
              : builtIn; // validated upstream; never expected to fail here
      parsed.put(key, cached);
    }
    return cached;
  }

  /** The key of the document in force for {@code segment} itself, or null. */
  private String find(String segment, ReadOnlyBroadcastState<String, PolicyDocument> policies)
      throws Exception {
    if (preferShadow && policies.contains(ShadowPolicies.shadowKey(segment))) {
      return ShadowPolicies.shadowKey(segment);
    }
    return policies.contains(segment) ? segment : null;
  }
}
