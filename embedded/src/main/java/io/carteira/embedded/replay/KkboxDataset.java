package io.carteira.embedded.replay;

import io.carteira.embedded.generator.GeneratedEvent;
import io.carteira.schemas.ChurnType;
import io.carteira.schemas.PaymentEvent;
import io.carteira.schemas.PaymentEventType;
import io.carteira.schemas.PaymentMethod;
import io.carteira.schemas.SubscriptionEvent;
import io.carteira.schemas.SubscriptionEventType;
import io.carteira.schemas.UsageEvent;
import io.carteira.schemas.UsageEventType;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.csv.CSVRecord;

/**
 * KKBox's churn sample (WSDM Cup 2018, real and anonymised; a row sample of three files). Only the
 * users both labelled in {@code train_sample.csv} and present in {@code transactions_sample.csv}
 * are replayed; each user ({@code msno}) is a customer with one membership (subscription id {@code
 * msno}). A user's transactions, by date:
 *
 * <ul>
 *   <li>the first one opens the membership: {@code STARTED} at 09:00 of {@code transaction_date};
 *       later ones that are not cancellations are {@code RENEWED} at 09:00. Both carry plan {@code
 *       <payment_plan_days>d-<plan_list_price>}, MRR the list price over 30 days, contract end
 *       {@code membership_expire_date}, and the attributes {@code auto_renew} ({@code
 *       is_auto_renew}) and {@code payment_method_id};
 *   <li>a paid one ({@code actual_amount_paid} > 0, not a cancellation) is also an {@code
 *       INVOICE_ISSUED} at 10:00 due that day and its {@code PAYMENT_SUCCEEDED} at 11:00, both of
 *       {@code actual_amount_paid}, method {@code OTHER} (KKBox's method codes are opaque);
 *   <li>a cancellation ({@code is_cancel=1}) is a {@code CANCELLATION_REQUESTED} at 12:00, contract
 *       end {@code membership_expire_date}; it carries no payment.
 * </ul>
 *
 * Each day of {@code user_logs_sample.csv} is a {@code FEATURE_USED} {@value #LISTENING} at 20:00,
 * quantity the whole seconds listened ({@code total_secs}). Amounts are {@value #CURRENCY} in minor
 * units. No {@code CANCELLED} is replayed: the end of a membership is the label, not an input.
 *
 * <p>Outcome: {@code is_churn}. A churner churned at the end of the day its latest membership
 * expired, and no later than the end of March 2017, the month KKBox's label is about; its churn
 * type is derived from that transaction. See {@link #limits()}.
 */
public final class KkboxDataset implements LabelledDataset {

  public static final String TRAIN = "train_sample.csv";
  public static final String TRANSACTIONS = "transactions_sample.csv";
  public static final String USER_LOGS = "user_logs_sample.csv";
  public static final String CURRENCY = "TWD";
  public static final String LISTENING = "listening";

  /** KKBox's label is about the memberships that expired in this month. */
  public static final YearMonth LABEL_MONTH = YearMonth.of(2017, 3);

  @Override
  public String name() {
    return "kkbox-churn-sample";
  }

  @Override
  public String limits() {
    return "KKBox's files are a sample by row, not by user, so they hardly join: in the published"
        + " sample only 425 of the 19,419 labelled users have a transaction (41 churners); only"
        + " these are replayed and scored, and only 2 of them have listening logs, which cover"
        + " March 2017 alone. Most have a single transaction row, so the first row seen stands"
        + " for the start of the membership and gaps between renewals are not observed. There are"
        + " no payment failures. The label is observed (is_churn: no new valid subscription"
        + " within 30 days after the membership expired in March 2017); the churn time is derived"
        + " (the end of the latest expiry day seen, capped at 2017-03-31), and so is the churn"
        + " type (cancelled or auto-renew off: voluntary; auto-renew on and lapsed:"
        + " involuntary), from the user's latest transaction row.";
  }

  @Override
  public List<GeneratedEvent> events(Path directory, ZoneId zone) throws IOException {
    Map<String, Member> members = members(directory);
    List<GeneratedEvent> events = new ArrayList<>();
    for (Member member : members.values()) {
      List<KkboxTransaction> transactions = member.transactions();
      for (int i = 0; i < transactions.size(); i++) {
        transaction(member.msno() + "-" + (i + 1), transactions.get(i), i == 0, zone, events);
      }
    }
    Set<String> ids = new HashSet<>();
    for (CSVRecord row : Dataset.rows(directory.resolve(USER_LOGS))) {
      String msno = row.get("msno").trim();
      if (members.containsKey(msno)) {
        UsageEvent listened = listening(row, msno, zone, ids);
        events.add(
            new GeneratedEvent(
                GeneratedEvent.Topic.USAGE, msno, listened.getEventTime(), listened));
      }
    }
    return Dataset.inTimeOrder(events);
  }

  @Override
  public List<ChurnOutcome> outcomes(Path directory, ZoneId zone) throws IOException {
    List<ChurnOutcome> outcomes = new ArrayList<>();
    for (Member member : members(directory).values()) {
      List<KkboxTransaction> transactions = member.transactions();
      KkboxTransaction latest = transactions.get(transactions.size() - 1);
      String seen =
          transactions.size()
              + " transaction(s), the latest on "
              + latest.date()
              + ": is_cancel="
              + (latest.cancel() ? 1 : 0)
              + ", is_auto_renew="
              + (latest.autoRenew() ? 1 : 0)
              + ", membership_expire_date "
              + latest.expires();
      if (!member.churned()) {
        outcomes.add(ChurnOutcome.stayed(member.msno(), "train_sample is_churn=0; " + seen));
        continue;
      }
      LocalDate lastDay = churnDay(latest);
      ChurnType type = churnType(latest);
      outcomes.add(
          new ChurnOutcome(
              member.msno(),
              Dataset.at(lastDay.plusDays(1), 0, zone),
              type,
              "train_sample is_churn=1; "
                  + seen
                  + "; churned at the end of "
                  + lastDay
                  + " and "
                  + type.name().toLowerCase(java.util.Locale.ROOT)
                  + " (both derived"
                  + (latest.cancel()
                      ? ": cancelled"
                      : latest.autoRenew() ? ": auto-renew on and lapsed" : ": auto-renew off")
                  + ")"));
    }
    return outcomes;
  }

  /**
   * The last day of a churner's membership: the expiry of its latest transaction, but no later than
   * the end of the label's month (a later expiry in the sample means the row seen is not the user's
   * last one).
   */
  static LocalDate churnDay(KkboxTransaction latest) {
    LocalDate end = LABEL_MONTH.atEndOfMonth();
    return latest.expires().isAfter(end) ? end : latest.expires();
  }

  /**
   * Derived, not observed: a user who cancelled or renewed by hand chose to leave; a membership set
   * to renew by itself that lapsed did so without the user asking.
   */
  static ChurnType churnType(KkboxTransaction latest) {
    return latest.cancel() || !latest.autoRenew() ? ChurnType.VOLUNTARY : ChurnType.INVOLUNTARY;
  }

  private static void transaction(
      String key, KkboxTransaction t, boolean first, ZoneId zone, List<GeneratedEvent> events) {
    if (first || !t.cancel()) {
      Map<String, String> attributes = new LinkedHashMap<>();
      attributes.put("auto_renew", Boolean.toString(t.autoRenew()));
      attributes.put("payment_method_id", t.paymentMethodId());
      SubscriptionEvent membership =
          SubscriptionEvent.newBuilder()
              .setEventId("kk-" + (first ? "started-" : "renewed-") + key)
              .setCustomerId(t.msno())
              .setEventTime(Dataset.at(t.date(), 9, zone))
              .setEventType(first ? SubscriptionEventType.STARTED : SubscriptionEventType.RENEWED)
              .setSubscriptionId(t.msno())
              .setPlanId(t.planId())
              .setMrrMinor(t.monthlyListPriceMinor())
              .setCurrency(CURRENCY)
              .setContractEndDate(t.expires())
              .setAttributes(attributes)
              .build();
      events.add(subscriptions(membership));
    }
    if (t.cancel()) {
      SubscriptionEvent requested =
          SubscriptionEvent.newBuilder()
              .setEventId("kk-cancel-" + key)
              .setCustomerId(t.msno())
              .setEventTime(Dataset.at(t.date(), 12, zone))
              .setEventType(SubscriptionEventType.CANCELLATION_REQUESTED)
              .setSubscriptionId(t.msno())
              .setCurrency(CURRENCY)
              .setContractEndDate(t.expires())
              .setCancelReason("is_cancel=1")
              .build();
      events.add(subscriptions(requested));
    } else if (t.paid() > 0) {
      String invoice = "kk-" + key;
      long amount = t.paid() * 100;
      PaymentEvent issued =
          PaymentEvent.newBuilder()
              .setEventId("kk-issued-" + key)
              .setCustomerId(t.msno())
              .setEventTime(Dataset.at(t.date(), 10, zone))
              .setEventType(PaymentEventType.INVOICE_ISSUED)
              .setInvoiceId(invoice)
              .setAmountMinor(amount)
              .setCurrency(CURRENCY)
              .setDueDate(t.date())
              .setMethod(PaymentMethod.OTHER)
              .build();
      PaymentEvent paid =
          PaymentEvent.newBuilder(issued)
              .setEventId("kk-paid-" + key)
              .setEventTime(Dataset.at(t.date(), 11, zone))
              .setEventType(PaymentEventType.PAYMENT_SUCCEEDED)
              .setDueDate(null)
              .build();
      events.add(payments(issued));
      events.add(payments(paid));
    }
  }

  private static UsageEvent listening(CSVRecord row, String msno, ZoneId zone, Set<String> ids) {
    try {
      LocalDate day = KkboxTransaction.date(row.get("date"));
      BigDecimal seconds = new BigDecimal(row.get("total_secs").trim());
      String id = "kk-listened-" + msno + "-" + row.get("date").trim();
      for (int n = 2; !ids.add(id); n++) {
        id = "kk-listened-" + msno + "-" + row.get("date").trim() + "-" + n;
      }
      return UsageEvent.newBuilder()
          .setEventId(id)
          .setCustomerId(msno)
          .setEventTime(Dataset.at(day, 20, zone))
          .setEventType(UsageEventType.FEATURE_USED)
          .setFeature(LISTENING)
          // KKBox's logs have some absurd negative totals: the day still counts, its amount not
          .setQuantity(
              seconds.signum() < 0
                  ? null
                  : seconds.setScale(0, RoundingMode.HALF_UP).longValueExact())
          .build();
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          USER_LOGS + " record " + row.getRecordNumber() + ": " + e.getMessage(), e);
    }
  }

  /** A labelled user with its transactions in order. */
  record Member(String msno, boolean churned, List<KkboxTransaction> transactions) {}

  /** The labelled users who have a transaction, in the order of {@code train_sample.csv}. */
  static Map<String, Member> members(Path directory) throws IOException {
    Map<String, Boolean> labels = new LinkedHashMap<>();
    for (CSVRecord row : Dataset.rows(directory.resolve(TRAIN))) {
      try {
        labels.put(row.get("msno").trim(), KkboxTransaction.flag(row.get("is_churn"), "is_churn"));
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(
            TRAIN + " record " + row.getRecordNumber() + ": " + e.getMessage(), e);
      }
    }
    Map<String, List<KkboxTransaction>> transactions = new LinkedHashMap<>();
    for (CSVRecord row : Dataset.rows(directory.resolve(TRANSACTIONS))) {
      // the rows of users without a label are not read further
      if (labels.containsKey(row.get("msno").trim())) {
        KkboxTransaction t = KkboxTransaction.of(row);
        transactions.computeIfAbsent(t.msno(), m -> new ArrayList<>()).add(t);
      }
    }
    Map<String, Member> members = new LinkedHashMap<>();
    labels.forEach(
        (msno, churned) -> {
          List<KkboxTransaction> mine = transactions.get(msno);
          if (mine != null) {
            mine.sort(KkboxTransaction.IN_ORDER);
            members.put(msno, new Member(msno, churned, List.copyOf(mine)));
          }
        });
    return members;
  }

  private static GeneratedEvent subscriptions(SubscriptionEvent e) {
    return new GeneratedEvent(
        GeneratedEvent.Topic.SUBSCRIPTIONS, e.getCustomerId(), e.getEventTime(), e);
  }

  private static GeneratedEvent payments(PaymentEvent e) {
    return new GeneratedEvent(
        GeneratedEvent.Topic.PAYMENTS, e.getCustomerId(), e.getEventTime(), e);
  }
}
