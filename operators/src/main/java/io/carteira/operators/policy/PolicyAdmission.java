package io.carteira.operators.policy;

import io.carteira.schemas.DeadLetterKind;
import io.carteira.schemas.PolicyDocument;
import io.carteira.schemas.PolicyStatus;
import java.util.List;
import java.util.Objects;

/**
 * Whether a policy document comes into force for its segment, as plain Java: the rules {@code
 * policy-validation} applies once for the whole job, and the CLI and the console before they
 * publish. Per segment:
 *
 * <ul>
 *   <li>A live version must be above the live version in force. While a shadow is in force, the
 *       only live document accepted is its promotion: the shadow's version and body, published
 *       live; it ends the shadow.
 *   <li>A shadow's version must be above the live version in force and above every shadow of the
 *       segment before it (a newer shadow replaces the one in force). It is compared with the
 *       segment's own live policy (the built-in one for {@code default} without a document), so
 *       another segment needs a live policy of its own first; and it may not change a setting
 *       applied inside customer-state ({@link ShadowScope}).
 *   <li>A withdrawal names the shadow in force by its version and ends it.
 * </ul>
 */
public final class PolicyAdmission {

  /**
   * What a segment has in force. {@code live} is null for a version that came into force before
   * documents were kept (a job restored from a build before shadows).
   */
  public static final class Segment {
    public Long liveVersion;
    public PolicyDocument live;
    public PolicyDocument shadow;
    public Long lastShadowVersion;
  }

  /**
   * The outcome.
   *
   * @param refusedAs null when accepted
   * @param reasons every reason for a refusal
   * @param message the dead letter's message
   */
  public record Decision(DeadLetterKind refusedAs, List<String> reasons, String message) {
    public boolean accepted() {
      return refusedAs == null;
    }
  }

  private static final Decision ACCEPTED = new Decision(null, List.of(), null);

  private PolicyAdmission() {}

  /** How a document is named in messages: {@code policy key_account v3 (shadow)}. */
  public static String label(PolicyDocument document) {
    String status =
        ShadowPolicies.isLive(document)
            ? ""
            : " (" + document.getStatus().name().toLowerCase(java.util.Locale.ROOT) + ")";
    return "policy " + document.getSegment() + " v" + document.getVersion() + status;
  }

  /** Decides on {@code document}; when it is accepted, {@code segment} is brought up to date. */
  public static Decision admit(Segment segment, PolicyDocument document) {
    PolicyParser.Result result = PolicyParser.parse(document);
    if (!result.accepted()) {
      return refused(DeadLetterKind.INVALID_POLICY, document, result.errors());
    }
    PolicyStatus status = document.getStatus() == null ? PolicyStatus.LIVE : document.getStatus();
    return switch (status) {
      case LIVE -> live(segment, document);
      case SHADOW -> shadow(segment, document, result.policy());
      case WITHDRAWN -> withdrawal(segment, document);
    };
  }

  private static Decision live(Segment segment, PolicyDocument document) {
    long version = document.getVersion();
    if (segment.liveVersion != null && version <= segment.liveVersion) {
      String reason = "v" + version + " is not newer than v" + segment.liveVersion + " in force";
      return new Decision(
          DeadLetterKind.STALE_POLICY,
          List.of(reason),
          "policy " + document.getSegment() + " " + reason);
    }
    PolicyDocument shadow = segment.shadow;
    if (shadow != null) {
      if (version != shadow.getVersion() || !Objects.equals(document.getBody(), shadow.getBody())) {
        return refused(
            DeadLetterKind.INVALID_POLICY,
            document,
            List.of(
                "shadow v"
                    + shadow.getVersion()
                    + " is in force for "
                    + document.getSegment()
                    + ": promote it (its version and body, live) or withdraw it first"));
      }
      segment.shadow = null; // promoted
    }
    segment.liveVersion = version;
    segment.live = document;
    return ACCEPTED;
  }

  private static Decision shadow(Segment segment, PolicyDocument document, Policy candidate) {
    long version = document.getVersion();
    long live = segment.liveVersion == null ? 0 : segment.liveVersion;
    if (version <= live) {
      return refused(
          DeadLetterKind.STALE_POLICY,
          document,
          List.of("a shadow must be above the live v" + live + " in force"));
    }
    if (segment.lastShadowVersion != null && version <= segment.lastShadowVersion) {
      return refused(
          DeadLetterKind.STALE_POLICY,
          document,
          List.of("v" + version + " is not newer than shadow v" + segment.lastShadowVersion));
    }
    Policy livePolicy;
    if (segment.live != null) {
      livePolicy = PolicyParser.parse(segment.live).policy();
    } else if (segment.liveVersion != null) {
      return refused(
          DeadLetterKind.INVALID_POLICY,
          document,
          List.of(
              "the body of live v"
                  + segment.liveVersion
                  + " is not known to the job (in force before shadow policies): publish it"
                  + " again as a new version first"));
    } else if (document.getSegment().equals(Policy.DEFAULT_SEGMENT)) {
      livePolicy = PolicyParser.builtIn();
    } else {
      return refused(
          DeadLetterKind.INVALID_POLICY,
          document,
          List.of(
              document.getSegment()
                  + " has no live policy of its own (its customers follow default): a shadow is"
                  + " tried beside the segment's own live policy, publish one first"));
    }
    List<String> changed = ShadowScope.changedInCustomerState(livePolicy, candidate);
    if (!changed.isEmpty()) {
      return refused(
          DeadLetterKind.INVALID_POLICY,
          document,
          List.of(
              "a shadow cannot change settings applied in customer-state, where only the live"
                  + " policy is evaluated: "
                  + String.join(", ", changed)));
    }
    segment.shadow = document;
    segment.lastShadowVersion = version;
    return ACCEPTED;
  }

  private static Decision withdrawal(Segment segment, PolicyDocument document) {
    PolicyDocument shadow = segment.shadow;
    if (shadow == null) {
      return refused(
          DeadLetterKind.INVALID_POLICY,
          document,
          List.of("no shadow is in force for " + document.getSegment()));
    }
    if (shadow.getVersion() != document.getVersion()) {
      return refused(
          DeadLetterKind.INVALID_POLICY,
          document,
          List.of(
              "the shadow in force for "
                  + document.getSegment()
                  + " is v"
                  + shadow.getVersion()
                  + ", not v"
                  + document.getVersion()));
    }
    segment.shadow = null;
    return ACCEPTED;
  }

  private static Decision refused(
      DeadLetterKind kind, PolicyDocument document, List<String> reasons) {
    return new Decision(
        kind, List.copyOf(reasons), label(document) + " refused: " + String.join("; ", reasons));
  }
}
