package io.carteira.embedded.replay;

import io.carteira.embedded.generator.GeneratedEvent;
import io.carteira.schemas.ChurnType;
import io.carteira.schemas.SurveyKind;
import io.carteira.schemas.UsageEvent;
import io.carteira.schemas.UsageEventType;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.csv.CSVRecord;

/**
 * RavenStack's synthetic SaaS data set with its usage, support and churn labels. The subscriptions
 * and refunds are those of {@link RavenStackDataset}; in addition:
 *
 * <ul>
 *   <li>each row of {@code ravenstack_feature_usage.csv} is a {@code FEATURE_USED} of its
 *       subscription's account at 13:00 of {@code usage_date} (feature {@code feature_name},
 *       quantity {@code usage_count});
 *   <li>each support ticket is a {@code SUPPORT_TICKET_OPENED} at the start of {@code submitted_at}
 *       and a {@code SUPPORT_TICKET_CLOSED} at {@code closed_at}, and, when it has one, its {@code
 *       satisfaction_score} a CSAT {@code SURVEY_SCORE} at {@code closed_at}.
 * </ul>
 *
 * Outcome, from {@code ravenstack_churn_events.csv}: an account churned at the start of the day of
 * its first churn event with {@code is_reactivation=FALSE} on or after its first subscription
 * started; its {@code reason_code} gives the churn type ({@link #churnType}). An account with no
 * churn event and {@code churn_flag=FALSE} stayed. The other accounts get no outcome, as their
 * labels contradict each other (see {@link #limits()}).
 */
public final class RavenStackChurnDataset implements LabelledDataset {

  public static final String SUBSCRIPTIONS = "ravenstack_subscriptions.csv";
  public static final String FEATURE_USAGE = "ravenstack_feature_usage.csv";
  public static final String SUPPORT_TICKETS = "ravenstack_support_tickets.csv";
  public static final String CHURN_EVENTS = "ravenstack_churn_events.csv";
  public static final String ACCOUNTS = "ravenstack_accounts.csv";
  private static final DateTimeFormatter CLOSED_AT = DateTimeFormatter.ofPattern("yyyy-MM-dd H:mm");

  @Override
  public String name() {
    return "ravenstack-saas-churn";
  }

  @Override
  public String limits() {
    return "RavenStack is synthetic, and its labels disagree: in the published copy 352 of 500"
        + " accounts have churn events but only 110 have churn_flag=TRUE (75 both), and churn"
        + " events are not tied to the subscriptions (most fall while one runs on; every account"
        + " still has a running subscription at the end of the data)."
        + " Churned: the first churn event with is_reactivation=FALSE on or after the account's"
        + " first subscription started (325 accounts). Stayed: no churn event and"
        + " churn_flag=FALSE (113). Left out (62): churn_flag=TRUE without a churn event (35), only"
        + " reactivation churn events (13), churn events only before the first subscription (14)."
        + " The churn type is the reason code's (budget, competitor, features, pricing, support:"
        + " voluntary; unknown: not said, 50 churners); no reason is involuntary, and there are no"
        + " invoices or payment failures. The churn time is a date (start of the day). Usage is"
        + " sparse (about 50 rows per account over two years) and mostly outside the subscription"
        + " it names; satisfaction scores are 3 to 5 only.";
  }

  @Override
  public List<GeneratedEvent> events(Path directory, ZoneId zone) throws IOException {
    List<GeneratedEvent> events = new ArrayList<>(new RavenStackDataset().events(directory, zone));
    Map<String, String> accountOf = new HashMap<>();
    for (CSVRecord row : Dataset.rows(directory.resolve(SUBSCRIPTIONS))) {
      accountOf.put(row.get("subscription_id"), row.get("account_id"));
    }
    Set<String> ids = new HashSet<>();
    for (CSVRecord row : Dataset.rows(directory.resolve(FEATURE_USAGE))) {
      String account = accountOf.get(row.get("subscription_id"));
      if (account == null) {
        throw new IllegalArgumentException(
            FEATURE_USAGE
                + " record "
                + row.getRecordNumber()
                + ": subscription "
                + row.get("subscription_id")
                + " is not in "
                + SUBSCRIPTIONS);
      }
      // usage ids repeat (21 of them, on different rows): the subscription makes them unique
      String id = "rs-usage-" + row.get("usage_id") + "-" + row.get("subscription_id");
      if (!ids.add(id)) {
        throw new IllegalArgumentException(
            FEATURE_USAGE + " record " + row.getRecordNumber() + ": a second " + id);
      }
      usage(
          events,
          UsageEvent.newBuilder()
              .setEventId(id)
              .setCustomerId(account)
              .setEventTime(Dataset.at(LocalDate.parse(row.get("usage_date")), 13, zone))
              .setEventType(UsageEventType.FEATURE_USED)
              .setFeature(row.get("feature_name"))
              .setQuantity(Long.parseLong(row.get("usage_count").trim()))
              .build());
    }
    for (CSVRecord row : Dataset.rows(directory.resolve(SUPPORT_TICKETS))) {
      String ticket = row.get("ticket_id");
      String account = row.get("account_id");
      Instant closed =
          LocalDateTime.parse(row.get("closed_at").trim(), CLOSED_AT).atZone(zone).toInstant();
      usage(
          events,
          ticket("rs-ticket-opened-" + ticket, account, ticket)
              .setEventTime(Dataset.at(LocalDate.parse(row.get("submitted_at")), 0, zone))
              .setEventType(UsageEventType.SUPPORT_TICKET_OPENED)
              .build());
      usage(
          events,
          ticket("rs-ticket-closed-" + ticket, account, ticket)
              .setEventTime(closed)
              .setEventType(UsageEventType.SUPPORT_TICKET_CLOSED)
              .build());
      String score = row.get("satisfaction_score").trim();
      if (!score.isEmpty()) {
        usage(
            events,
            ticket("rs-csat-" + ticket, account, ticket)
                .setEventTime(closed)
                .setEventType(UsageEventType.SURVEY_SCORE)
                .setSurvey(SurveyKind.CSAT)
                .setScore(Integer.parseInt(score))
                .build());
      }
    }
    return Dataset.inTimeOrder(events);
  }

  @Override
  public List<ChurnOutcome> outcomes(Path directory, ZoneId zone) throws IOException {
    Map<String, LocalDate> firstStart = new HashMap<>();
    for (CSVRecord row : Dataset.rows(directory.resolve(SUBSCRIPTIONS))) {
      firstStart.merge(
          row.get("account_id"),
          LocalDate.parse(row.get("start_date")),
          (a, b) -> a.isBefore(b) ? a : b);
    }
    Map<String, List<CSVRecord>> churnEvents = new HashMap<>();
    for (CSVRecord row : Dataset.rows(directory.resolve(CHURN_EVENTS))) {
      churnEvents.computeIfAbsent(row.get("account_id"), a -> new ArrayList<>()).add(row);
    }
    List<ChurnOutcome> outcomes = new ArrayList<>();
    for (CSVRecord account : Dataset.rows(directory.resolve(ACCOUNTS))) {
      String id = account.get("account_id");
      String flag = "churn_flag=" + account.get("churn_flag");
      List<CSVRecord> events = churnEvents.getOrDefault(id, List.of());
      LocalDate started = firstStart.get(id);
      if (events.isEmpty()) {
        if (!Dataset.yes(account.get("churn_flag"))) {
          outcomes.add(ChurnOutcome.stayed(id, "no churn event; " + flag));
        }
        continue;
      }
      CSVRecord churn =
          events.stream()
              .filter(e -> !Dataset.yes(e.get("is_reactivation")))
              .filter(
                  e -> started != null && !LocalDate.parse(e.get("churn_date")).isBefore(started))
              .min(Comparator.comparing((CSVRecord e) -> LocalDate.parse(e.get("churn_date"))))
              .orElse(null);
      if (churn != null) {
        String reason = churn.get("reason_code");
        String feedback = churn.get("feedback_text");
        outcomes.add(
            new ChurnOutcome(
                id,
                Dataset.at(LocalDate.parse(churn.get("churn_date")), 0, zone),
                churnType(reason),
                "churn event "
                    + churn.get("churn_event_id")
                    + " on "
                    + churn.get("churn_date")
                    + ": reason_code="
                    + reason
                    + (feedback.isBlank() ? "" : ", feedback '" + feedback + "'")
                    + ", is_reactivation=FALSE; "
                    + events.size()
                    + " churn event(s); "
                    + flag));
      }
    }
    return outcomes;
  }

  /**
   * The churn type a reason code says: every code but {@code unknown} names a reason the customer
   * chose to leave for ({@code budget} included: a budget cut, not a failed payment), so it is
   * voluntary; {@code unknown} says nothing (null). A code the data set did not have when this was
   * written is refused.
   */
  static ChurnType churnType(String reasonCode) {
    return switch (reasonCode.trim()) {
      case "budget", "competitor", "features", "pricing", "support" -> ChurnType.VOLUNTARY;
      case "unknown" -> null;
      default ->
          throw new IllegalArgumentException(
              CHURN_EVENTS + ": unknown reason_code '" + reasonCode + "'");
    };
  }

  private static UsageEvent.Builder ticket(String eventId, String account, String ticket) {
    return UsageEvent.newBuilder().setEventId(eventId).setCustomerId(account).setTicketId(ticket);
  }

  private static void usage(List<GeneratedEvent> events, UsageEvent e) {
    events.add(
        new GeneratedEvent(GeneratedEvent.Topic.USAGE, e.getCustomerId(), e.getEventTime(), e));
  }
}
