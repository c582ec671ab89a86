package io.carteira.embedded.generator;

import static io.carteira.embedded.generator.PortfolioGenerator.mix;
import static io.carteira.embedded.generator.PortfolioGenerator.paymentReference;

import io.carteira.embedded.generator.CustomerProfile.Plan;
import io.carteira.schemas.PaymentEvent;
import io.carteira.schemas.PaymentEventType;
import io.carteira.schemas.PaymentMethod;
import io.carteira.schemas.SubscriptionEvent;
import io.carteira.schemas.SubscriptionEventType;
import io.carteira.schemas.SurveyKind;
import io.carteira.schemas.UsageEvent;
import io.carteira.schemas.UsageEventType;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/** One customer of {@link PortfolioGenerator}, simulated day by day. */
final class SimulatedCustomer {

  static final String[] FEATURE = {
    "emissao_nf", "relatorios", "agenda", "estoque", "pix_cobranca", "app_mobile"
  };
  static final String[] CANCEL_REASON = {
    "preço alto", "migrou para concorrente", "não usa mais", "fechou a empresa"
  };

  private final long seed;
  private final LocalDate firstDate;
  private final ZoneId zone;
  final CustomerProfile profile;
  final Noise noise;
  Plan plan;
  boolean subscribed;
  boolean churned;
  Instant churnedAt;
  int invoices;
  int openTickets;
  int ticketSeq;
  final List<Invoice> unpaid = new ArrayList<>();
  int seq;
  int day;
  SplittableRandom r;
  List<GeneratedEvent> out;

  SimulatedCustomer(
      CustomerProfile profile, Noise noise, long seed, LocalDate firstDate, ZoneId zone) {
    this.profile = profile;
    this.noise = noise;
    this.seed = seed;
    this.firstDate = firstDate;
    this.zone = zone;
    this.plan = profile.plan();
  }

  void simulate(int day, List<GeneratedEvent> out) {
    this.day = day;
    this.seq = 0;
    this.out = out;
    this.r = new SplittableRandom(mix(seed, profile.index(), day));
    if (churned || day < profile.startDay()) {
      return;
    }
    if (day == profile.startDay()) {
      start();
    }
    int tenure = day - profile.startDay();
    SubscriptionEventType pause = noise.pauseEvent(tenure); // a seasonal pause starts or ends
    if (pause != null) {
      subscription(at(10, r.nextInt(60)), pause, b -> {});
    }
    if (tenure % 30 == 0 && !noise.paused(tenure)) {
      issueInvoice();
    }
    collect();
    if (churned) {
      return;
    }
    if (!noise.paused(tenure)) {
      use(tenure);
    }
    journey(tenure);
  }

  private void start() {
    subscribed = true;
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put("city", profile.city());
    attributes.put("industry", profile.industry());
    attributes.put(
        "acquisition_channel",
        profile.index() % 3 == 0
            ? "indicação"
            : profile.index() % 3 == 1 ? "google_ads" : "parceiro");
    attributes.put("account_owner", profile.accountOwner());
    attributes.put("locale", "pt-BR");
    subscription(
        at(9, r.nextInt(60)),
        SubscriptionEventType.STARTED,
        b ->
            b.setPlanId(plan.id)
                .setMrrMinor(plan.mrrMinor)
                .setPlanLimit(plan.seatLimit)
                .setContractEndDate(date(day).plusYears(1))
                .setAttributes(attributes)
                .setPreferredChannel(profile.channel())
                .setAcquisitionCostMinor(plan.mrrMinor * 3)
                .setCustomerName(profile.name()));
    usage(
        at(9, 30 + r.nextInt(30)),
        UsageEventType.SEATS_CHANGED,
        b -> b.setQuantity((long) profile.seats()));
    if (profile.method() == PaymentMethod.CARD) {
      // the card on file; for a customer heading to involuntary churn, one that expires as the
      // trouble starts
      LocalDate expires =
          profile.cohort() == Cohort.INVOLUNTARY_CHURN
              ? date(profile.driftDay() + 10).withDayOfMonth(1).minusDays(1)
              : date(day).plusYears(2 + profile.index() % 3).withDayOfMonth(1).minusDays(1);
      payment(
          at(9, 59),
          PaymentEventType.PAYMENT_METHOD_UPDATED,
          b -> b.setMethod(PaymentMethod.CARD).setCardExpiresOn(expires));
    }
  }

  private void issueInvoice() {
    invoices++;
    String invoiceId = String.format("inv-%s-%03d", profile.customerId().substring(4), invoices);
    int dueIn =
        profile.method() == PaymentMethod.CARD ? 5 : 7; // card invoices are charged on the due date
    Invoice invoice = new Invoice(invoiceId, plan.mrrMinor, day + dueIn);
    invoice.number = invoices;
    unpaid.add(invoice);
    String reference = paymentReference(profile.method(), invoiceId, invoice.amount);
    payment(
        at(6, r.nextInt(30)),
        PaymentEventType.INVOICE_ISSUED,
        b ->
            b.setInvoiceId(invoiceId)
                .setAmountMinor(invoice.amount)
                .setDueDate(date(invoice.dueDay))
                .setMethod(profile.method())
                .setPaymentReference(reference));
  }

  private boolean troubled() {
    return day >= profile.driftDay();
  }

  private void collect() {
    for (Invoice invoice : List.copyOf(unpaid)) {
      if (profile.method() == PaymentMethod.CARD) {
        chargeCard(invoice);
      } else {
        payBoletoOrPix(invoice);
      }
    }
    if (profile.cohort() == Cohort.INVOLUNTARY_CHURN
        && !unpaid.isEmpty()
        && day - unpaid.get(0).dueDay >= 45) {
      subscription(
          at(23, 0),
          SubscriptionEventType.CANCELLED,
          b -> b.setCancelReason("inadimplência").setMrrMinor(0L));
      churned = true;
      churnedAt = at(23, 0);
    }
  }

  private void chargeCard(Invoice invoice) {
    int sinceDue = day - invoice.dueDay;
    if (sinceDue != 0 && sinceDue != 3 && sinceDue != 6 && sinceDue != 10) {
      return;
    }
    invoice.attempts++;
    boolean fails;
    String code;
    if (profile.cohort() == Cohort.INVOLUNTARY_CHURN && troubled()) {
      fails = true;
      code = invoice.attempts >= 3 || r.nextDouble() < 0.3 ? "expired_card" : "insufficient_funds";
    } else {
      fails = invoice.attempts == 1 && r.nextDouble() < 0.03;
      code = r.nextDouble() < 0.5 ? "insufficient_funds" : "do_not_honor";
      fails |= invoice.attempts == 1 && noise.softDeclines(invoice.number);
    }
    int attempt = invoice.attempts;
    if (fails) {
      payment(
          at(7, r.nextInt(50)),
          PaymentEventType.PAYMENT_FAILED,
          b ->
              b.setInvoiceId(invoice.id)
                  .setAmountMinor(invoice.amount)
                  .setMethod(PaymentMethod.CARD)
                  .setFailureCode(code)
                  .setAttempt(attempt));
    } else {
      pay(invoice, at(7, r.nextInt(50)), attempt);
    }
  }

  private void payBoletoOrPix(Invoice invoice) {
    int payDay;
    if (invoice.payDay == Integer.MIN_VALUE) {
      if (profile.cohort() == Cohort.INVOLUNTARY_CHURN && troubled()) {
        invoice.payDay = Integer.MAX_VALUE;
      } else if (profile.cohort() == Cohort.LATE_PAYER && r.nextDouble() < 0.45) {
        invoice.payDay = invoice.dueDay + 1 + r.nextInt(12);
      } else {
        invoice.payDay = invoice.dueDay - r.nextInt(4);
      }
      if (noise.daysLate(invoice.number) > 0) {
        invoice.payDay = invoice.dueDay + noise.daysLate(invoice.number);
      }
    }
    payDay = invoice.payDay;
    if (day >= payDay) {
      pay(invoice, at(10 + r.nextInt(10), r.nextInt(60)), 1);
    }
  }

  private void pay(Invoice invoice, Instant when, int attempt) {
    unpaid.remove(invoice);
    payment(
        when,
        PaymentEventType.PAYMENT_SUCCEEDED,
        b ->
            b.setInvoiceId(invoice.id)
                .setAmountMinor(invoice.amount)
                .setMethod(profile.method())
                .setAttempt(attempt));
  }

  private void use(int tenure) {
    double p =
        switch (profile.cohort()) {
          case HEALTHY -> 0.8;
          case LATE_PAYER, INVOLUNTARY_CHURN -> 0.6;
          case VOLUNTARY_CHURN ->
              troubled() ? Math.max(0.02, 0.7 - 0.05 * (day - profile.driftDay())) : 0.7;
        };
    p = noise.onHoliday(tenure) ? 0 : noise.usageChance(p, tenure, seed, profile.index());
    if (r.nextDouble() < p) {
      int users = 1 + r.nextInt(Math.max(1, Math.min(profile.seats(), 3)));
      for (int u = 0; u < users; u++) {
        String user = "u" + (1 + r.nextInt(profile.seats()));
        usage(at(8 + r.nextInt(10), r.nextInt(60)), UsageEventType.LOGIN, b -> b.setUserId(user));
        if (r.nextDouble() < 0.6) {
          String feature = FEATURE[r.nextInt(FEATURE.length)];
          long quantity = 1 + r.nextInt(20);
          usage(
              at(8 + r.nextInt(10), r.nextInt(60)),
              UsageEventType.FEATURE_USED,
              b -> b.setUserId(user).setFeature(feature).setQuantity(quantity));
        }
      }
    }
    if (r.nextDouble() < 0.01) {
      openTicket("dúvida");
    } else if (openTickets > 0 && r.nextDouble() < 0.3) {
      closeTicket();
    }
    if (tenure > 0 && tenure % 90 == 0) {
      int score =
          switch (profile.cohort()) {
            case HEALTHY -> 8 + r.nextInt(3);
            case LATE_PAYER, INVOLUNTARY_CHURN -> 6 + r.nextInt(4);
            case VOLUNTARY_CHURN -> troubled() ? 2 + r.nextInt(4) : 7 + r.nextInt(3);
          };
      Integer detractor = noise.detractorScore(tenure / 90, r);
      int given = detractor != null ? detractor : score;
      usage(
          at(15, r.nextInt(60)),
          UsageEventType.SURVEY_SCORE,
          b -> b.setScore(given).setSurvey(SurveyKind.NPS));
    }
  }

  private void journey(int tenure) {
    if (profile.cohort() == Cohort.HEALTHY
        && profile.index() % 12 == 0
        && tenure == 75
        && plan != Plan.CORPORATIVO) {
      plan = plan.higher();
      subscription(
          at(11, r.nextInt(60)),
          SubscriptionEventType.PLAN_CHANGED,
          b -> b.setPlanId(plan.id).setMrrMinor(plan.mrrMinor).setPlanLimit(plan.seatLimit));
    }
    if (profile.cohort() != Cohort.VOLUNTARY_CHURN || !troubled()) {
      return;
    }
    int since = day - profile.driftDay();
    switch (since) {
      case 5, 9, 14 -> openTicket("problema");
      case 18 ->
          usage(
              at(15, r.nextInt(60)),
              UsageEventType.SURVEY_SCORE,
              b -> b.setScore(2 + r.nextInt(3)).setSurvey(SurveyKind.NPS));
      case 20 -> {
        if (plan != Plan.ESSENCIAL) {
          plan = plan.lower();
          subscription(
              at(11, r.nextInt(60)),
              SubscriptionEventType.PLAN_CHANGED,
              b -> b.setPlanId(plan.id).setMrrMinor(plan.mrrMinor).setPlanLimit(plan.seatLimit));
        }
      }
      case 28 -> {
        String reason = CANCEL_REASON[r.nextInt(CANCEL_REASON.length)];
        subscription(
            at(16, r.nextInt(60)),
            SubscriptionEventType.CANCELLATION_REQUESTED,
            b -> b.setCancelReason(reason));
      }
      case 35 -> {
        subscription(
            at(17, r.nextInt(60)),
            SubscriptionEventType.CANCELLED,
            b -> b.setCancelReason("pedido do cliente").setMrrMinor(0L));
        churned = true;
        churnedAt = out.get(out.size() - 1).eventTime();
      }
      default -> {}
    }
  }

  private void openTicket(String subject) {
    openTickets++;
    String ticket = profile.customerId() + "-t" + (++ticketSeq);
    usage(
        at(13, r.nextInt(60)),
        UsageEventType.SUPPORT_TICKET_OPENED,
        b -> b.setTicketId(ticket).setFeature(subject));
  }

  private void closeTicket() {
    openTickets--;
    String ticket = profile.customerId() + "-t" + (ticketSeq - openTickets);
    usage(at(17, r.nextInt(60)), UsageEventType.SUPPORT_TICKET_CLOSED, b -> b.setTicketId(ticket));
  }

  private Instant at(int hour, int minute) {
    return date(day)
        .atStartOfDay(zone)
        .toInstant()
        .plus(Duration.ofHours(hour).plusMinutes(minute));
  }

  private String eventId() {
    return profile.customerId() + "-" + day + "-" + (seq++);
  }

  private void payment(Instant when, PaymentEventType type, Consumer<PaymentEvent.Builder> fill) {
    out.add(CustomerEvents.payment(profile.customerId(), eventId(), when, type, fill));
  }

  private void usage(Instant when, UsageEventType type, Consumer<UsageEvent.Builder> fill) {
    out.add(CustomerEvents.usage(profile.customerId(), eventId(), when, type, fill));
  }

  private void subscription(
      Instant when, SubscriptionEventType type, Consumer<SubscriptionEvent.Builder> fill) {
    out.add(CustomerEvents.subscription(profile.customerId(), eventId(), when, type, fill));
  }

  /** An invoice the customer has not paid yet. */
  static final class Invoice {
    final String id;
    final long amount;
    final int dueDay;
    int attempts;
    int number;
    int payDay = Integer.MIN_VALUE;

    Invoice(String id, long amount, int dueDay) {
      this.id = id;
      this.amount = amount;
      this.dueDay = dueDay;
    }
  }

  /** The simulated date of day {@code day}. */
  private LocalDate date(int day) {
    return firstDate.plusDays(day);
  }
}
