package io.carteira.console.model;

import io.carteira.console.policy.PolicyTopic;
import io.carteira.schemas.DeadLetter;
import io.carteira.schemas.PolicyDocument;
import java.util.ArrayDeque;
import java.util.List;

/**
 * The policies as the job has them: the policies topic replayed with the job's own rules (what is
 * in force per segment, what it would refuse and why), and the refusals the job itself wrote to
 * {@code dead-letters} (kinds {@code INVALID_POLICY} and {@code STALE_POLICY}).
 */
public final class PolicyBook {

  static final int REFUSALS_KEPT = 50;

  private final PolicyTopic topic = new PolicyTopic();
  private final ArrayDeque<DeadLetter> refusedByJob = new ArrayDeque<>();
  private long version;

  /** Whether a dead letter is a policy the job refused. */
  public static boolean isPolicy(DeadLetter d) {
    String kind = d.getErrorKind().name();
    return kind.equals("INVALID_POLICY") || kind.equals("STALE_POLICY");
  }

  public synchronized void document(PolicyDocument document, long offset) {
    topic.offer(document, offset);
    version++;
  }

  public synchronized void refused(DeadLetter d) {
    refusedByJob.addFirst(d);
    if (refusedByJob.size() > REFUSALS_KEPT) {
      refusedByJob.removeLast();
    }
    version++;
  }

  public PolicyTopic topic() {
    return topic;
  }

  public synchronized List<DeadLetter> refusedByJob() {
    return List.copyOf(refusedByJob);
  }

  public synchronized long version() {
    return version;
  }
}
