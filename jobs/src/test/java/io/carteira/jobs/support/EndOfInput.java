package io.carteira.jobs.support;

import io.carteira.jobs.config.CarteiraConfig;
import io.carteira.jobs.config.Knobs;
import io.carteira.schemas.PaymentEvent;
import io.carteira.schemas.PaymentEventType;
import io.carteira.schemas.SubscriptionEvent;
import io.carteira.schemas.SubscriptionEventType;
import io.carteira.schemas.UsageEvent;
import io.carteira.schemas.UsageEventType;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Marks the end of a test's input for an unbounded job: one event on every partition of every input
 * topic, of a customer of its own, timed so that each partition's watermark (event time less the
 * out-of-orderness) lands exactly on the next whole hour after the last real event. Every run of
 * the job then reaches the same final watermark, whatever its pace, and the marks themselves wait
 * for a watermark that never comes, so they change no output.
 */
public final class EndOfInput {

  public static final String CUSTOMER = "~end-of-input";

  private EndOfInput() {}

  /** Writes the marks; returns the watermark every operator will reach. */
  public static Instant mark(CarteiraConfig config, Instant lastEventTime) {
    return markAgain(config, lastEventTime.truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1)));
  }

  /**
   * Writes the marks for {@code end} once more. A job restored from a checkpoint taken after it
   * read the first marks starts with no watermark, and its sources only generate one from records
   * they read: with nothing left to read it would wait for ever (in production, new events or the
   * wall-clock floor move it on). Repeats of the marks are marks too, and change no output.
   */
  public static Instant markAgain(CarteiraConfig config, Instant end) {
    Instant at = end.plus(config.get(Knobs.OUT_OF_ORDERNESS)).plusMillis(1);
    try (KafkaProducer<String, SpecificRecord> producer = WireProducer.open(config)) {
      for (int p = 0; p < config.get(Knobs.TOPIC_PARTITIONS); p++) {
        String id = "end-" + p;
        producer.send(
            new ProducerRecord<>(
                config.get(Knobs.TOPIC_PAYMENTS),
                p,
                at.toEpochMilli(),
                CUSTOMER,
                PaymentEvent.newBuilder()
                    .setEventId(id + "-payments")
                    .setCustomerId(CUSTOMER)
                    .setEventTime(at)
                    .setEventType(PaymentEventType.PAYMENT_METHOD_UPDATED)
                    .setInvoiceId("none")
                    .setCurrency("BRL")
                    .build()));
        producer.send(
            new ProducerRecord<>(
                config.get(Knobs.TOPIC_USAGE),
                p,
                at.toEpochMilli(),
                CUSTOMER,
                UsageEvent.newBuilder()
                    .setEventId(id + "-usage")
                    .setCustomerId(CUSTOMER)
                    .setEventTime(at)
                    .setEventType(UsageEventType.LOGIN)
                    .setUserId("end")
                    .build()));
        producer.send(
            new ProducerRecord<>(
                config.get(Knobs.TOPIC_SUBSCRIPTIONS),
                p,
                at.toEpochMilli(),
                CUSTOMER,
                SubscriptionEvent.newBuilder()
                    .setEventId(id + "-subscriptions")
                    .setCustomerId(CUSTOMER)
                    .setEventTime(at)
                    .setEventType(SubscriptionEventType.PROFILE_UPDATED)
                    .setCurrency("BRL")
                    .setSubscriptionId("none")
                    .build()));
      }
      producer.flush();
    }
    return end;
  }
}
