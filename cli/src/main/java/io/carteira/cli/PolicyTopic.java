package io.carteira.cli;

import io.carteira.jobs.config.CarteiraConfig;
import io.carteira.jobs.config.Knobs;
import io.carteira.jobs.kafka.RegistryClients;
import io.carteira.operators.policy.PolicyParser;
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
 * The {@code policies} topic replayed with the job's own rules (the same parser, versions must rise
 * per segment), so the CLI shows what the job has in force and refuses what it would refuse.
 */
final class PolicyTopic {

  record Entry(PolicyDocument document, long offset, String refusal) {}

  final Map<String, Entry> inForce = new LinkedHashMap<>();
  final List<Entry> refused = new ArrayList<>();

  static PolicyTopic read(CarteiraConfig config) {
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
  String offer(PolicyDocument document, long offset) {
    String refusal = refusal(document);
    if (refusal == null) {
      inForce.put(document.getSegment(), new Entry(document, offset, null));
    } else {
      refused.add(new Entry(document, offset, refusal));
    }
    return refusal;
  }

  String refusal(PolicyDocument document) {
    PolicyParser.Result result = PolicyParser.parse(document);
    if (!result.accepted()) {
      return String.join("; ", result.errors());
    }
    Entry current = inForce.get(document.getSegment());
    if (current != null && document.getVersion() <= current.document().getVersion()) {
      return "v"
          + document.getVersion()
          + " is not newer than v"
          + current.document().getVersion()
          + " in force";
    }
    return null;
  }
}
