package io.carteira.operators.policy;

import io.carteira.schemas.PolicyDocument;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;

/**
 * The policy a keyed function applies to a segment: the segment's own from the broadcast policies,
 * else the {@code default} one, else the built-in defaults. Documents are parsed once per segment
 * and version (they were validated upstream). One per function instance; not serialisable state.
 */
public final class PoliciesInForce {

  private final Map<String, Policy> parsed = new HashMap<>();
  private final Policy builtIn = PolicyParser.builtIn();

  public Policy of(String segment, ReadOnlyBroadcastState<String, PolicyDocument> policies)
      throws Exception {
    PolicyDocument document = policies.get(segment);
    if (document == null) {
      document = policies.get(Policy.DEFAULT_SEGMENT);
    }
    if (document == null) {
      return builtIn;
    }
    Policy cached = parsed.get(document.getSegment());
    if (cached == null || cached.version() != document.getVersion()) {
      PolicyParser.Result result = PolicyParser.parse(document);
      cached =
          result.accepted()
              ? result.policy()
              : builtIn; // validated upstream; never expected to fail here
      parsed.put(document.getSegment(), cached);
    }
    return cached;
  }
}
