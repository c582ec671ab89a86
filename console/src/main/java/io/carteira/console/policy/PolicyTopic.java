package io.carteira.console.policy;

import io.carteira.console.read.TopicReading;
import io.carteira.jobs.config.CarteiraConfig;
import io.carteira.jobs.config.Knobs;
import io.carteira.jobs.kafka.RegistryClients;
import io.carteira.operators.policy.PolicyAdmission;
import io.carteira.operators.policy.ShadowPolicies;
import io.carteira.schemas.PolicyDocument;
import io.carteira.schemas.wire.AvroWireDecoder;
import io.carteira.schemas.wire.DecodeResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The {@code policies} topic replayed with the job's own rules ({@link PolicyAdmission}: the same
 * parser, versions rising per segment, shadows and their promotion and withdrawal), so the CLI and
 * the console show what the job has in force and refuse what it would refuse, before anything is
 * published.
 */
public final class PolicyTopic {

  /** A document read at {@code offset}, with why it was refused (null when accepted). */
  public record Entry(PolicyDocument document, long offset, String refusal) {}

  private final Map<String, Entry> inForce = new LinkedHashMap<>();
  private final Map<String, Entry> shadows = new LinkedHashMap<>();
  private final Map<String, PolicyAdmission.Segment> segments = new LinkedHashMap<>();
  private final List<Entry> refused = new ArrayList<>();

  /** Every committed document of the policies topic, as of now. */
  public static PolicyTopic read(CarteiraConfig config) {
    PolicyTopic topic = new PolicyTopic();
    String name = config.get(Knobs.TOPIC_POLICIES);
    AvroWireDecoder<PolicyDocument> decoder =
        new AvroWireDecoder<>(PolicyDocument.class, RegistryClients.of(config));
    for (ConsumerRecord<byte[], byte[]> record :
        TopicReading.readAll(config, name, Duration.ofSeconds(30))) {
      DecodeResult<PolicyDocument> decoded = decoder.decode(record.value());
      if (decoded.isDecoded()) {
        topic.offer(decoded.record(), record.offset());
      }
    }
    return topic;
  }

  /** Applies the job's rules to one more document; returns why it is refused, or null. */
  public synchronized String offer(PolicyDocument document, long offset) {
    PolicyAdmission.Segment segment =
        segments.computeIfAbsent(document.getSegment(), s -> new PolicyAdmission.Segment());
    PolicyAdmission.Decision decision = PolicyAdmission.admit(segment, document);
    if (!decision.accepted()) {
      String refusal = String.join("; ", decision.reasons());
      refused.add(new Entry(document, offset, refusal));
      return refusal;
    }
    Entry entry = new Entry(document, offset, null);
    if (ShadowPolicies.isLive(document)) {
      inForce.put(document.getSegment(), entry);
    }
    if (segment.shadow == null) {
      shadows.remove(document.getSegment());
    } else if (segment.shadow == document) {
      shadows.put(document.getSegment(), entry);
    }
    return null;
  }

  /** Why the job would refuse {@code document}, every reason in one line; null if it would not. */
  public synchronized String refusal(PolicyDocument document) {
    List<String> reasons = reasons(document);
    return reasons.isEmpty() ? null : String.join("; ", reasons);
  }

  /**
   * Every reason the job would refuse {@code document} for ({@link PolicyAdmission}): what the
   * policy parser finds wrong, a version not above the one in force, a shadow that changes what
   * customer-state evaluates, a live version while a shadow is in force. Empty when it would be
   * accepted.
   */
  public synchronized List<String> reasons(PolicyDocument document) {
    PolicyAdmission.Segment now = segments.get(document.getSegment());
    PolicyAdmission.Segment copy = new PolicyAdmission.Segment();
    if (now != null) {
      copy.liveVersion = now.liveVersion;
      copy.live = now.live;
      copy.shadow = now.shadow;
      copy.lastShadowVersion = now.lastShadowVersion;
    }
    return PolicyAdmission.admit(copy, document).reasons();
  }

  /** The shadow in force per segment (segments without one are absent). */
  public synchronized Map<String, Entry> shadows() {
    return new LinkedHashMap<>(shadows);
  }

  /** The live document in force per segment, in the order first accepted. */
  public synchronized Map<String, Entry> inForce() {
    return new LinkedHashMap<>(inForce);
  }

  /** The documents refused, in topic order. */
  public synchronized List<Entry> refused() {
    return List.copyOf(refused);
  }
}
