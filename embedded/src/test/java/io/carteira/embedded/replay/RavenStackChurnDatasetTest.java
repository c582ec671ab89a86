package io.carteira.embedded.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.carteira.embedded.generator.GeneratedEvent;
import io.carteira.embedded.generator.GeneratedEvent.Topic;
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
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** RavenStack with its usage, tickets and churn labels, mapped from the repository's copy. */
class RavenStackChurnDatasetTest {

  static final Path DIRECTORY = DatasetFiles.DATASETS.resolve("ravenstack-saas");
  static final ZoneId ZONE = ZoneId.of("America/Sao_Paulo");
  final RavenStackChurnDataset dataset = new RavenStackChurnDataset();
  static List<GeneratedEvent> events;
  static List<ChurnOutcome> outcomes;

  @BeforeAll
  static void map() throws IOException {
    events = new RavenStackChurnDataset().events(DIRECTORY, ZONE);
    outcomes = new RavenStackChurnDataset().outcomes(DIRECTORY, ZONE);
  }

  @Test
  void isReplayedByName_besideThePlainOne() {
    assertThat(Dataset.named("ravenstack-saas-churn")).isInstanceOf(RavenStackChurnDataset.class);
    assertThat(Dataset.named("ravenstack-saas")).isInstanceOf(RavenStackDataset.class);
  }

  @Test
  void outcomes_325Churners_113Stayed_62AccountsLeftOut() throws IOException {
    assertThat(outcomes).hasSize(438);
    assertThat(outcomes).extracting(ChurnOutcome::customerId).doesNotHaveDuplicates();
    assertThat(outcomes.stream().filter(o -> !o.churned())).hasSize(113);
    Map<String, Long> byType =
        outcomes.stream()
            .filter(ChurnOutcome::churned)
            .collect(
                Collectors.groupingBy(
                    o -> Objects.toString(o.churnType(), "not said"), Collectors.counting()));
    assertThat(byType).isEqualTo(Map.of("VOLUNTARY", 275L, "not said", 50L));
    // every churn on or after the account's first subscription, and within the data's two years
    assertThat(outcomes.stream().filter(ChurnOutcome::churned).map(ChurnOutcome::churnedAt))
        .allSatisfy(at -> assertThat(at).isBetween(day(2023, 1, 9), day(2024, 12, 31)));
  }

  @Test
  void aChurner_isItsFirstChurnEvent_withTheReasonAsEvidence() throws IOException {
    // C-816288,A-c37cab,2024-10-27,pricing,4.03,…,FALSE,switched to competitor; a second on 11-16
    ChurnOutcome outcome = outcome("A-c37cab");
    assertThat(outcome.churnedAt()).isEqualTo(day(2024, 10, 27));
    assertThat(outcome.churnType()).isEqualTo(ChurnType.VOLUNTARY);
    assertThat(outcome.evidence())
        .isEqualTo(
            "churn event C-816288 on 2024-10-27: reason_code=pricing, feedback 'switched to"
                + " competitor', is_reactivation=FALSE; 2 churn event(s); churn_flag=FALSE");
  }

  @Test
  void aChurnBeforeTheFirstSubscription_isSkipped_orLeavesTheAccountOut() throws IOException {
    // A-e5d6ab: first subscription 2023-05-11; churn events 2023-04-24 (before) and 2024-05-11
    assertThat(outcome("A-e5d6ab").churnedAt()).isEqualTo(day(2024, 5, 11));
    // A-8145a0: first subscription 2023-08-07; its only churn event 2023-07-12
    assertThat(outcome("A-8145a0")).isNull();
    // A-43a9e3: churn_flag=TRUE without a churn event; A-463db0: only reactivation churn events
    assertThat(outcome("A-43a9e3")).isNull();
    assertThat(outcome("A-463db0")).isNull();
    assertThat(outcome("A-a0ca4e").churned()).isFalse();
    assertThat(outcome("A-a0ca4e").evidence()).isEqualTo("no churn event; churn_flag=FALSE");
  }

  @Test
  void reasonCodes_voluntaryWhereTheySaySo_unknownIsNotSaid_anythingElseRefused() {
    for (String code : List.of("budget", "competitor", "features", "pricing", "support")) {
      assertThat(RavenStackChurnDataset.churnType(code)).as(code).isEqualTo(ChurnType.VOLUNTARY);
    }
    assertThat(RavenStackChurnDataset.churnType("unknown")).isNull();
    assertThatThrownBy(() -> RavenStackChurnDataset.churnType("payment_failed"))
        .hasMessage("ravenstack_churn_events.csv: unknown reason_code 'payment_failed'");
  }

  @Test
  void eventsPerTopic_inTimeOrder_uniqueIds() throws IOException {
    Map<Topic, Long> perTopic =
        events.stream()
            .collect(Collectors.groupingBy(GeneratedEvent::topic, Collectors.counting()));
    // 5,000 starts and 486 ends; 142 refunds; 25,000 feature uses, 2,000 tickets opened and
    // closed, 1,175 satisfaction scores
    assertThat(perTopic)
        .isEqualTo(
            Map.of(
                Topic.SUBSCRIPTIONS, 5_486L,
                Topic.PAYMENTS, 142L,
                Topic.USAGE, 25_000L + 2 * 2_000L + 1_175L));
    assertThat(events).isSortedAccordingTo(Comparator.comparing(GeneratedEvent::eventTime));
    assertThat(events).extracting(DatasetFiles::eventId).doesNotHaveDuplicates();
    // the plain data set's events are all there, unchanged
    assertThat(events.stream().filter(e -> e.topic() != Topic.USAGE).toList())
        .containsExactlyElementsOf(new RavenStackDataset().events(DIRECTORY, ZONE));
    // every account scored is replayed
    assertThat(events.stream().map(GeneratedEvent::customerId).distinct())
        .containsAll(outcomes.stream().map(ChurnOutcome::customerId).toList());
  }

  @Test
  void aFeatureUse_isItsSubscriptionsAccountsUsage() throws IOException {
    // U-1c6c24,S-0fcf7d,2023-07-27,feature_20,9,5004,0,False; S-0fcf7d belongs to A-e08cd3
    UsageEvent used = usage("rs-usage-U-1c6c24-S-0fcf7d");
    assertThat(used.getCustomerId()).isEqualTo("A-e08cd3");
    assertThat(used.getEventType()).isEqualTo(UsageEventType.FEATURE_USED);
    assertThat(used.getFeature()).isEqualTo("feature_20");
    assertThat(used.getQuantity()).isEqualTo(9L);
    assertThat(used.getEventTime()).isEqualTo(Dataset.at(LocalDate.of(2023, 7, 27), 13, ZONE));
  }

  @Test
  void aTicket_isOpenedClosedAndScored() throws IOException {
    // T-d5e12f,A-0f3e88,2024-10-17,2024-10-17 19:00,19,urgent,93,4,FALSE
    UsageEvent opened = usage("rs-ticket-opened-T-d5e12f");
    UsageEvent closed = usage("rs-ticket-closed-T-d5e12f");
    UsageEvent scored = usage("rs-csat-T-d5e12f");
    assertThat(opened.getCustomerId()).isEqualTo("A-0f3e88");
    assertThat(opened.getEventType()).isEqualTo(UsageEventType.SUPPORT_TICKET_OPENED);
    assertThat(opened.getTicketId()).isEqualTo("T-d5e12f");
    assertThat(opened.getEventTime()).isEqualTo(day(2024, 10, 17));
    assertThat(closed.getEventType()).isEqualTo(UsageEventType.SUPPORT_TICKET_CLOSED);
    // 19 hours after it was opened, as resolution_time_hours says
    assertThat(closed.getEventTime())
        .isEqualTo(LocalDateTime.of(2024, 10, 17, 19, 0).atZone(ZONE).toInstant());
    assertThat(scored.getEventType()).isEqualTo(UsageEventType.SURVEY_SCORE);
    assertThat(scored.getSurvey()).isEqualTo(SurveyKind.CSAT);
    assertThat(scored.getScore()).isEqualTo(4);
    assertThat(scored.getEventTime()).isEqualTo(closed.getEventTime());
    // T-0024de has no score: opened and closed only
    assertThat(usage("rs-csat-T-0024de")).isNull();
    assertThat(usage("rs-ticket-closed-T-0024de").getEventTime())
        .isEqualTo(LocalDateTime.of(2023, 7, 28, 3, 0).atZone(ZONE).toInstant());
  }

  @Test
  void limitsStateTheCountsAndTheAmbiguity() {
    assertThat(dataset.limits())
        .contains("synthetic", "325", "113", "Left out (62)", "unknown: not said");
  }

  private Map<String, UsageEvent> usage;

  private UsageEvent usage(String eventId) throws IOException {
    if (usage == null) {
      usage =
          events.stream()
              .filter(e -> e.topic() == Topic.USAGE)
              .map(e -> (UsageEvent) e.record())
              .collect(Collectors.toMap(UsageEvent::getEventId, Function.identity()));
    }
    return usage.get(eventId);
  }

  private ChurnOutcome outcome(String account) throws IOException {
    return outcomes.stream().filter(o -> o.customerId().equals(account)).findFirst().orElse(null);
  }

  private static Instant day(int year, int month, int day) {
    return LocalDate.of(year, month, day).atStartOfDay(ZONE).toInstant();
  }
}
