package io.carteira.embedded.replay;

import io.carteira.embedded.generator.GeneratedEvent;
import io.carteira.schemas.PaymentEvent;
import io.carteira.schemas.PaymentEventType;
import io.carteira.schemas.SubscriptionEvent;
import io.carteira.schemas.SubscriptionEventType;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVRecord;

/**
 * RavenStack's synthetic B2B SaaS data set: its subscriptions, several per account. Each row of
 * {@code ravenstack_subscriptions.csv} becomes a {@code STARTED} at 09:00 of {@code start_date}
 * (its own subscription id, plan {@code plan_tier}, MRR {@code mrr_amount}, seats as the plan
 * limit, the account's name, industry, country and referral source as attributes) and, when it has
 * an {@code end_date}, a {@code CANCELLED} of that subscription at 18:00 of that day. A churn event
 * with a refund becomes a {@code REFUNDED} at 12:00 of its {@code churn_date} (the data set has no
 * invoices: the refund names its churn event). Amounts are {@value #CURRENCY}.
 */
public final class RavenStackDataset implements Dataset {

  public static final String CURRENCY = "USD";

  @Override
  public String name() {
    return "ravenstack-saas";
  }

  @Override
  public List<GeneratedEvent> events(Path directory, ZoneId zone) throws IOException {
    Map<String, CSVRecord> accounts = new HashMap<>();
    for (CSVRecord row : Dataset.rows(directory.resolve("ravenstack_accounts.csv"))) {
      accounts.put(row.get("account_id"), row);
    }
    List<GeneratedEvent> events = new ArrayList<>();
    for (CSVRecord row : Dataset.rows(directory.resolve("ravenstack_subscriptions.csv"))) {
      String subscription = row.get("subscription_id");
      String account = row.get("account_id");
      CSVRecord profile = accounts.get(account);
      Map<String, String> attributes = new LinkedHashMap<>();
      if (profile != null) {
        attributes.put("industry", profile.get("industry"));
        attributes.put("country", profile.get("country"));
        attributes.put("acquisition_channel", profile.get("referral_source"));
      }
      SubscriptionEvent started =
          SubscriptionEvent.newBuilder()
              .setEventId("rs-started-" + subscription)
              .setCustomerId(account)
              .setEventTime(Dataset.at(LocalDate.parse(row.get("start_date")), 9, zone))
              .setEventType(SubscriptionEventType.STARTED)
              .setSubscriptionId(subscription)
              .setPlanId(row.get("plan_tier"))
              .setMrrMinor(Dataset.minor(row.get("mrr_amount")))
              .setCurrency(CURRENCY)
              .setPlanLimit(Long.parseLong(row.get("seats")))
              .setAttributes(attributes)
              .setCustomerName(profile == null ? null : profile.get("account_name"))
              .build();
      events.add(
          new GeneratedEvent(
              GeneratedEvent.Topic.SUBSCRIPTIONS, account, started.getEventTime(), started));
      if (!row.get("end_date").isBlank()) {
        SubscriptionEvent cancelled =
            SubscriptionEvent.newBuilder()
                .setEventId("rs-cancelled-" + subscription)
                .setCustomerId(account)
                .setEventTime(Dataset.at(LocalDate.parse(row.get("end_date")), 18, zone))
                .setEventType(SubscriptionEventType.CANCELLED)
                .setSubscriptionId(subscription)
                .setCurrency(CURRENCY)
                .build();
        events.add(
            new GeneratedEvent(
                GeneratedEvent.Topic.SUBSCRIPTIONS, account, cancelled.getEventTime(), cancelled));
      }
    }
    for (CSVRecord row : Dataset.rows(directory.resolve("ravenstack_churn_events.csv"))) {
      long refund = Dataset.minor(row.get("refund_amount_usd"));
      if (refund > 0) {
        String churn = row.get("churn_event_id");
        PaymentEvent refunded =
            PaymentEvent.newBuilder()
                .setEventId("rs-refunded-" + churn)
                .setCustomerId(row.get("account_id"))
                .setEventTime(Dataset.at(LocalDate.parse(row.get("churn_date")), 12, zone))
                .setEventType(PaymentEventType.REFUNDED)
                .setInvoiceId("refund-" + churn)
                .setAmountMinor(refund)
                .setCurrency(CURRENCY)
                .build();
        events.add(
            new GeneratedEvent(
                GeneratedEvent.Topic.PAYMENTS,
                refunded.getCustomerId(),
                refunded.getEventTime(),
                refunded));
      }
    }
    return Dataset.inTimeOrder(events);
  }
}
