package io.carteira.bench;

import io.carteira.bench.LiveOutputs.Probe;
import io.carteira.embedded.generator.CustomerProfile;
import io.carteira.embedded.generator.GeneratedEvent;
import io.carteira.embedded.generator.PortfolioGenerator;
import io.carteira.jobs.config.CarteiraConfig;
import io.carteira.jobs.config.Knobs;
import io.carteira.schemas.PaymentEvent;
import io.carteira.schemas.PaymentEventType;
import io.carteira.schemas.PaymentMethod;
import io.carteira.schemas.SubscriptionEvent;
import io.carteira.schemas.SubscriptionEventType;
import io.carteira.schemas.UsageEvent;
import io.carteira.schemas.UsageEventType;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Live input: the demo generator's events for an existing portfolio, each stamped with the wall
 * clock as it is sent (event time and Kafka timestamp), at a steady rate; and the probes, events
 * built for one customer whose output is known in advance.
 */
final class LiveTraffic implements AutoCloseable {

  /** Soft decline: the customer's card may be retried, the failure counts towards a streak. */
  static final String SOFT_DECLINE = "insufficient_funds";

  private final KafkaProducer<String, SpecificRecord> producer;
  private final LiveOutputs outputs;
  private final CarteiraConfig config;
  private final PortfolioGenerator generator;
  private final Set<String> reserved;
  private final ZoneId zone;
  private final Deque<GeneratedEvent> pending = new ArrayDeque<>();
  private long sent;
  private int probeSeq;

  /**
   * @param reserved customers whose generated events are left out: they are the probes' own
   */
  LiveTraffic(
      CarteiraConfig config,
      LiveOutputs outputs,
      PortfolioGenerator generator,
      Set<String> reserved,
      ZoneId zone) {
    this.config = config;
    this.outputs = outputs;
    this.generator = generator;
    this.reserved = reserved;
    this.zone = zone;
    this.producer = LatencyRun.producer(config);
  }

  /** Events sent so far, probes included. */
  long sent() {
    return sent;
  }

  /**
   * Sends the generator's next events until {@code count} more have been sent since {@code
   * startNanos} at {@code rate}/s, calling {@code between} every few milliseconds; with {@code
   * phase} ≥ 0 each event waits for its snapshot.
   */
  void paced(double rate, long startNanos, long untilNanos, int phase, Runnable between)
      throws InterruptedException {
    long done = 0;
    while (System.nanoTime() < untilNanos) {
      long due = (long) (rate * (System.nanoTime() - startNanos) / 1e9);
      while (done < due) {
        next(phase);
        done++;
      }
      between.run();
      Thread.sleep(2);
    }
  }

  private void next(int phase) {
    GeneratedEvent event;
    do {
      if (pending.isEmpty()) {
        pending.addAll(generator.nextDayEvents());
      }
      event = pending.poll();
    } while (reserved.contains(event.customerId()));
    SpecificRecord record = event.record();
    long now = System.currentTimeMillis();
    record.put(record.getSchema().getField("event_time").pos(), Instant.ofEpochMilli(now));
    String eventId = record.get(record.getSchema().getField("event_id").pos()).toString();
    Callback callback = null;
    if (phase >= 0) {
      String key = LiveOutputs.healthKey(eventId);
      outputs.expect(key, Probe.HEALTH, phase);
      callback = outputs.onAck(key);
    }
    send(topic(event.topic()), event.customerId(), record, now, callback);
  }

  /** A cancellation request by {@code customer}, now: its OPEN alert is awaited. */
  void cancellationRequest(CustomerProfile customer, int phase) {
    long now = System.currentTimeMillis();
    SubscriptionEvent request =
        SubscriptionEvent.newBuilder()
            .setEventId("probe-" + (++probeSeq) + "-cancel-" + customer.customerId())
            .setCustomerId(customer.customerId())
            .setEventTime(Instant.ofEpochMilli(now))
            .setEventType(SubscriptionEventType.CANCELLATION_REQUESTED)
            .setSubscriptionId("sub-" + customer.customerId().substring(4))
            .setCancelReason("preço")
            .build();
    String key = LiveOutputs.alertKey("CANCELLATION_REQUESTED", customer.customerId());
    outputs.expect(key, Probe.CANCELLATION, phase);
    send(
        config.get(Knobs.TOPIC_SUBSCRIPTIONS),
        customer.customerId(),
        request,
        now,
        outputs.onAck(key));
  }

  /** A new card invoice of {@code customer}, due {@code dueDate}, issued now. */
  String issueInvoice(CustomerProfile customer, LocalDate dueDate) {
    long now = System.currentTimeMillis();
    String invoiceId = "probe-inv-" + (++probeSeq) + "-" + customer.customerId();
    PaymentEvent issued =
        PaymentEvent.newBuilder()
            .setEventId(invoiceId + "-issued")
            .setCustomerId(customer.customerId())
            .setEventTime(Instant.ofEpochMilli(now))
            .setEventType(PaymentEventType.INVOICE_ISSUED)
            .setInvoiceId(invoiceId)
            .setAmountMinor(customer.plan().mrrMinor)
            .setDueDate(dueDate)
            .setMethod(PaymentMethod.CARD)
            .build();
    send(config.get(Knobs.TOPIC_PAYMENTS), customer.customerId(), issued, now, null);
    return invoiceId;
  }

  /**
   * Attempt {@code attempt} to charge {@code invoiceId} fails, now: its PAYMENT_FAILED_NOTICE is
   * awaited, and with {@code streak} the OPEN FAILED_PAYMENT_STREAK alert too.
   */
  void paymentFailed(
      CustomerProfile customer, String invoiceId, int attempt, boolean streak, int phase) {
    long now = System.currentTimeMillis();
    PaymentEvent failed =
        PaymentEvent.newBuilder()
            .setEventId(invoiceId + "-failed-" + attempt)
            .setCustomerId(customer.customerId())
            .setEventTime(Instant.ofEpochMilli(now))
            .setEventType(PaymentEventType.PAYMENT_FAILED)
            .setInvoiceId(invoiceId)
            .setAmountMinor(customer.plan().mrrMinor)
            .setMethod(PaymentMethod.CARD)
            .setFailureCode(SOFT_DECLINE)
            .setAttempt(attempt)
            .build();
    String notice = LiveOutputs.noticeKey(invoiceId, now);
    outputs.expect(notice, Probe.NOTICE, phase);
    String alert = LiveOutputs.alertKey("FAILED_PAYMENT_STREAK", customer.customerId());
    if (streak) {
      outputs.expect(alert, Probe.STREAK, phase);
    }
    send(
        config.get(Knobs.TOPIC_PAYMENTS),
        customer.customerId(),
        failed,
        now,
        (metadata, error) -> {
          if (error == null) {
            long acked = System.currentTimeMillis();
            outputs.acked(notice, acked);
            if (streak) {
              outputs.acked(alert, acked);
            }
          }
        });
  }

  /**
   * One live event into every partition of every input topic, each for a customer of its own (a
   * login, a payment method update, a profile update): every input partition is live at once. Else
   * a partition the traffic leaves silent for a while (subscriptions at 10/s) holds the watermark
   * at its history until it has been silent for {@code watermark.idleness}.
   */
  void everyPartitionLive() {
    long now = System.currentTimeMillis();
    Instant at = Instant.ofEpochMilli(now);
    for (GeneratedEvent.Topic input : GeneratedEvent.Topic.values()) {
      String topic = topic(input);
      for (var info : producer.partitionsFor(topic)) {
        String customer = "live-" + input.name().toLowerCase() + "-" + info.partition();
        String eventId = customer + "-" + now;
        SpecificRecord event =
            switch (input) {
              case USAGE ->
                  UsageEvent.newBuilder()
                      .setEventId(eventId)
                      .setCustomerId(customer)
                      .setEventTime(at)
                      .setEventType(UsageEventType.LOGIN)
                      .setUserId(customer + "-user")
                      .build();
              case PAYMENTS ->
                  PaymentEvent.newBuilder()
                      .setEventId(eventId)
                      .setCustomerId(customer)
                      .setEventTime(at)
                      .setEventType(PaymentEventType.PAYMENT_METHOD_UPDATED)
                      .setMethod(PaymentMethod.PIX)
                      .build();
              case SUBSCRIPTIONS ->
                  SubscriptionEvent.newBuilder()
                      .setEventId(eventId)
                      .setCustomerId(customer)
                      .setEventTime(at)
                      .setEventType(SubscriptionEventType.PROFILE_UPDATED)
                      .build();
            };
        producer.send(new ProducerRecord<>(topic, info.partition(), now, customer, event));
        sent++;
      }
    }
    producer.flush();
  }

  /** A new customer {@code customerId} starts a subscription now. */
  void start(String customerId, long mrrMinor) {
    long now = System.currentTimeMillis();
    SubscriptionEvent started =
        SubscriptionEvent.newBuilder()
            .setEventId("probe-" + (++probeSeq) + "-start-" + customerId)
            .setCustomerId(customerId)
            .setEventTime(Instant.ofEpochMilli(now))
            .setEventType(SubscriptionEventType.STARTED)
            .setSubscriptionId("sub-" + customerId)
            .setPlanId("profissional")
            .setMrrMinor(mrrMinor)
            .setContractEndDate(LocalDate.now(zone).plusYears(1))
            .setCustomerName("Probe " + customerId)
            .build();
    send(config.get(Knobs.TOPIC_SUBSCRIPTIONS), customerId, started, now, null);
  }

  /** A card invoice of a customer started with {@link #start}, issued now. */
  void issueInvoice(String customerId, long amountMinor, LocalDate dueDate) {
    long now = System.currentTimeMillis();
    PaymentEvent issued =
        PaymentEvent.newBuilder()
            .setEventId("probe-inv-" + (++probeSeq) + "-" + customerId + "-issued")
            .setCustomerId(customerId)
            .setEventTime(Instant.ofEpochMilli(now))
            .setEventType(PaymentEventType.INVOICE_ISSUED)
            .setInvoiceId("probe-inv-" + probeSeq + "-" + customerId)
            .setAmountMinor(amountMinor)
            .setDueDate(dueDate)
            .setMethod(PaymentMethod.CARD)
            .build();
    send(config.get(Knobs.TOPIC_PAYMENTS), customerId, issued, now, null);
  }

  void flush() {
    producer.flush();
  }

  private void send(
      String topic, String key, SpecificRecord record, long timestamp, Callback callback) {
    producer.send(new ProducerRecord<>(topic, null, timestamp, key, record), callback);
    sent++;
  }

  private String topic(GeneratedEvent.Topic topic) {
    return switch (topic) {
      case PAYMENTS -> config.get(Knobs.TOPIC_PAYMENTS);
      case USAGE -> config.get(Knobs.TOPIC_USAGE);
      case SUBSCRIPTIONS -> config.get(Knobs.TOPIC_SUBSCRIPTIONS);
    };
  }

  @Override
  public void close() {
    producer.close();
  }
}
