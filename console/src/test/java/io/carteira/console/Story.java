package io.carteira.console;

import io.carteira.jobs.config.CarteiraConfig;
import io.carteira.jobs.config.Knobs;
import io.carteira.jobs.support.WireProducer;
import io.carteira.schemas.PaymentEvent;
import io.carteira.schemas.PaymentEventType;
import io.carteira.schemas.PaymentMethod;
import io.carteira.schemas.PolicyDocument;
import io.carteira.schemas.SubscriptionEvent;
import io.carteira.schemas.SubscriptionEventType;
import io.carteira.schemas.UsageEvent;
import io.carteira.schemas.UsageEventType;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The browser test's customers, their events stamped with the wall clock: Ana (R$ 299,00 a month)
 * whose card fails three times in a row, Bruno (R$ 499,00) who later asks to cancel, Carla (R$
 * 199,00) who uses the product and is sent an invoice already {@value #CARLA_DAYS_PAST_DUE} days
 * past due; and two who leave the same day they start: Davi (R$ 99,00) cancels, a voluntary churn,
 * and Elisa (R$ 149,00) cancels after a hard decline of her card, an involuntary one.
 */
final class Story {

  /** Today's MRR: the three subscriptions, in centavos. */
  static final long MRR_TODAY = 29_900 + 49_900 + 19_900;

  static final long VOLUNTARY_CHURN = 9_900;
  static final long INVOLUNTARY_CHURN = 14_900;
  static final int CARLA_DAYS_PAST_DUE = 5;

  private final CarteiraConfig config;
  private int seq;

  Story(CarteiraConfig config) {
    this.config = config;
  }

  /** Publishes policy {@code body} for the default segment as version {@code version}. */
  void policy(String body, long version) throws Exception {
    send(
        config.get(Knobs.TOPIC_POLICIES),
        "default",
        PolicyDocument.newBuilder()
            .setSegment("default")
            .setVersion(version)
            .setPublishedAt(Instant.now())
            .setPublishedBy("console-test")
            .setBody(body)
            .build());
  }

  /** The three customers start, log in, Ana's invoice is issued and her card fails three times. */
  void begin() throws Exception {
    started("cus-ana", "Ana Lima Padaria", 29_900, "ana.owner@carteira.example");
    started("cus-bruno", "Bruno Costa Oficina", 49_900, "bruno.owner@carteira.example");
    started("cus-carla", "Carla Souza Estúdio", 19_900, null);
    for (String customer : new String[] {"cus-ana", "cus-bruno", "cus-carla"}) {
      event(
          UsageEvent.newBuilder()
              .setEventId(id(customer))
              .setCustomerId(customer)
              .setEventTime(now())
              .setEventType(UsageEventType.LOGIN)
              .setUserId("u1")
              .build());
    }
    event(
        payment("cus-ana", PaymentEventType.INVOICE_ISSUED)
            .setInvoiceId("inv-ana-1")
            .setAmountMinor(29_900L)
            .setMethod(PaymentMethod.CARD)
            .setDueDate(LocalDate.now().plusDays(10))
            .build());
    for (int attempt = 1; attempt <= 3; attempt++) {
      event(
          payment("cus-ana", PaymentEventType.PAYMENT_FAILED)
              .setInvoiceId("inv-ana-1")
              .setFailureCode("insufficient_funds")
              .setAttempt(attempt)
              .setMethod(PaymentMethod.CARD)
              .build());
    }
    event(
        payment("cus-carla", PaymentEventType.INVOICE_ISSUED)
            .setInvoiceId("inv-carla-1")
            .setAmountMinor(19_900L)
            .setMethod(PaymentMethod.BOLETO)
            .setDueDate(today().minusDays(CARLA_DAYS_PAST_DUE))
            .build());
  }

  /** Davi and Elisa start and cancel: one voluntary churn, one involuntary. */
  void churns() throws Exception {
    started("cus-davi", "Davi Rocha Café", VOLUNTARY_CHURN, null);
    started("cus-elisa", "Elisa Prado Ateliê", INVOLUNTARY_CHURN, null);
    event(
        payment("cus-elisa", PaymentEventType.INVOICE_ISSUED)
            .setInvoiceId("inv-elisa-1")
            .setAmountMinor(INVOLUNTARY_CHURN)
            .setMethod(PaymentMethod.CARD)
            .setDueDate(today().plusDays(10))
            .build());
    event(
        payment("cus-elisa", PaymentEventType.PAYMENT_FAILED)
            .setInvoiceId("inv-elisa-1")
            .setFailureCode("stolen_card")
            .setAttempt(1)
            .setMethod(PaymentMethod.CARD)
            .build());
    SubscriptionEvent davi = subscription("cus-davi", SubscriptionEventType.CANCELLED);
    davi.setCancelReason("not using it");
    event(davi);
    event(subscription("cus-elisa", SubscriptionEventType.CANCELLED));
  }

  /** Today in the business time zone, as the job counts days past due. */
  LocalDate today() {
    return LocalDate.now(config.get(Knobs.ZONE));
  }

  void cancellationRequested(String customer) throws Exception {
    SubscriptionEvent event = subscription(customer, SubscriptionEventType.CANCELLATION_REQUESTED);
    event.setCancelReason("too expensive");
    event(event);
  }

  private void started(String customer, String name, long mrr, String owner) throws Exception {
    SubscriptionEvent event = subscription(customer, SubscriptionEventType.STARTED);
    event.setPlanId("profissional");
    event.setMrrMinor(mrr);
    event.setCustomerName(name);
    if (owner != null) {
      event.setAttributes(Map.of("account_owner", owner, "locale", "pt-BR"));
    }
    event(event);
  }

  private SubscriptionEvent subscription(String customer, SubscriptionEventType type) {
    return SubscriptionEvent.newBuilder()
        .setEventId(id(customer))
        .setCustomerId(customer)
        .setEventTime(now())
        .setEventType(type)
        .setSubscriptionId("sub-" + customer)
        .setCurrency("BRL")
        .build();
  }

  private PaymentEvent.Builder payment(String customer, PaymentEventType type) {
    return PaymentEvent.newBuilder()
        .setEventId(id(customer))
        .setCustomerId(customer)
        .setEventTime(now())
        .setEventType(type)
        .setCurrency("BRL");
  }

  private void event(SpecificRecord event) throws Exception {
    String topic;
    String customer;
    if (event instanceof PaymentEvent p) {
      topic = config.get(Knobs.TOPIC_PAYMENTS);
      customer = p.getCustomerId();
    } else if (event instanceof SubscriptionEvent s) {
      topic = config.get(Knobs.TOPIC_SUBSCRIPTIONS);
      customer = s.getCustomerId();
    } else {
      topic = config.get(Knobs.TOPIC_USAGE);
      customer = ((UsageEvent) event).getCustomerId();
    }
    send(topic, customer, event);
    Thread.sleep(20); // events a moment apart, in the order told
  }

  private void send(String topic, String key, SpecificRecord value) throws Exception {
    try (KafkaProducer<String, SpecificRecord> producer = WireProducer.open(config)) {
      producer.send(new ProducerRecord<>(topic, key, value)).get();
    }
  }

  private String id(String customer) {
    return customer + "-e" + (++seq);
  }

  private static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MILLIS);
  }
}
