package io.carteira.operators.policy;

import io.carteira.schemas.PolicyDocument;
import io.carteira.schemas.PolicyStatus;
import java.util.Map;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.metrics.MetricGroup;

/**
 * How an operator keeps the accepted policy documents it is broadcast. An operator that evaluates
 * no shadow keeps the live documents only, under their segment: shadows and withdrawals never reach
 * it. The operators that evaluate shadows beside the live policy ({@code sequence-detector}, {@code
 * alert-lifecycle}, {@code dunning-ladder}) keep the live documents too, and each segment's shadow
 * in force under {@link #shadowKey}: a withdrawal removes it, and so does the segment's next live
 * document (validation lets a live document through while a shadow is in force only as its
 * promotion). Their runs are kept beside them ({@link ShadowRuns}).
 */
public final class ShadowPolicies {

  private static final String SHADOW = "shadow:";

  private ShadowPolicies() {}

  /** Where an operator that evaluates shadows keeps {@code segment}'s shadow in force. */
  public static String shadowKey(String segment) {
    return SHADOW + segment;
  }

  /**
   * Where an operator registers its metrics: the shadow evaluation's under the group {@code
   * shadow}, so they are never summed with the live evaluation's.
   */
  public static MetricGroup metricsOf(RuntimeContext context, boolean shadow) {
    MetricGroup metrics = context.getMetricGroup();
    return shadow ? metrics.addGroup("shadow") : metrics;
  }

  /** A live document: written with {@code LIVE}, or before documents had a status. */
  public static boolean isLive(PolicyDocument document) {
    return document.getStatus() == null || document.getStatus() == PolicyStatus.LIVE;
  }

  /**
   * Applies an accepted document to an operator's broadcast policies.
   *
   * @param shadow whether the operator evaluates shadows ({@code false}: it keeps live documents)
   * @return whether the document changed what the operator keeps
   */
  public static boolean apply(
      BroadcastState<String, PolicyDocument> policies, PolicyDocument document, boolean shadow)
      throws Exception {
    String segment = document.getSegment();
    if (isLive(document)) {
      policies.put(segment, document);
      if (shadow) {
        policies.remove(shadowKey(segment));
      }
      return true;
    }
    if (!shadow) {
      return false;
    }
    if (document.getStatus() == PolicyStatus.SHADOW) {
      policies.put(shadowKey(segment), document);
    } else {
      policies.remove(shadowKey(segment));
    }
    return true;
  }

  /** Whether any segment has a shadow in force. */
  public static boolean anyInForce(ReadOnlyBroadcastState<String, PolicyDocument> policies)
      throws Exception {
    for (Map.Entry<String, PolicyDocument> entry : policies.immutableEntries()) {
      if (entry.getKey().startsWith(SHADOW)) {
        return true;
      }
    }
    return false;
  }
}
