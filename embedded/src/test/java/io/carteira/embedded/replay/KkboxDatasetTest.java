package io.carteira.embedded.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.carteira.embedded.generator.GeneratedEvent;
import io.carteira.embedded.generator.GeneratedEvent.Topic;
import io.carteira.schemas.ChurnType;
import io.carteira.schemas.PaymentEvent;
import io.carteira.schemas.PaymentEventType;
import io.carteira.schemas.PaymentMethod;
import io.carteira.schemas.SubscriptionEvent;
import io.carteira.schemas.SubscriptionEventType;
import io.carteira.schemas.UsageEvent;
import io.carteira.schemas.UsageEventType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** KKBox's churn sample, mapped from the copy the repository keeps (the labelled users). */
class KkboxDatasetTest {

  static final Path DIRECTORY = DatasetFiles.DATASETS.resolve("kkbox-churn-sample");
  static final ZoneId ZONE = ZoneId.of("America/Sao_Paulo");
  final KkboxDataset dataset = new KkboxDataset();

  @Test
  void isReplayedByName() {
    assertThat(Dataset.named("kkbox-churn-sample")).isInstanceOf(KkboxDataset.class);
  }

  @Test
  void fourHundredTwentyFiveLabelledUsers_fortyOneChurners_typesDerived() throws IOException {
    List<ChurnOutcome> outcomes = dataset.outcomes(DIRECTORY, ZONE);
    assertThat(outcomes).hasSize(425);
    assertThat(outcomes).extracting(ChurnOutcome::customerId).doesNotHaveDuplicates();
    assertThat(outcomes.stream().filter(ChurnOutcome::churned)).hasSize(41);
    assertThat(
            outcomes.stream()
                .filter(ChurnOutcome::churned)
                .collect(Collectors.groupingBy(ChurnOutcome::churnType, Collectors.counting())))
        .isEqualTo(Map.of(ChurnType.VOLUNTARY, 16L, ChurnType.INVOLUNTARY, 25L));
    // every churn at the end of a day in March 2017, the label's month (34 capped at its end)
    Instant endOfMarch = LocalDate.of(2017, 4, 1).atStartOfDay(ZONE).toInstant();
    assertThat(outcomes.stream().filter(ChurnOutcome::churned).map(ChurnOutcome::churnedAt))
        .allSatisfy(
            at ->
                assertThat(at)
                    .isAfter(LocalDate.of(2017, 3, 1).atStartOfDay(ZONE).toInstant())
                    .isBeforeOrEqualTo(endOfMarch));
    assertThat(outcomes.stream().filter(o -> endOfMarch.equals(o.churnedAt()))).hasSize(34);
    assertThat(outcomes.stream().filter(o -> !o.churned()))
        .allSatisfy(
            o -> {
              assertThat(o.churnType()).isNull();
              assertThat(o.evidence()).startsWith("train_sample is_churn=0; ");
            });
    // the scored customers are exactly the replayed ones
    assertThat(outcomes)
        .extracting(ChurnOutcome::customerId)
        .containsExactlyInAnyOrderElementsOf(
            dataset.events(DIRECTORY, ZONE).stream()
                .map(GeneratedEvent::customerId)
                .distinct()
                .toList());
  }

  @Test
  void eventsPerTopic_inTimeOrder_uniqueIds() throws IOException {
    List<GeneratedEvent> events = dataset.events(DIRECTORY, ZONE);
    Map<Topic, Long> perTopic =
        events.stream()
            .collect(Collectors.groupingBy(GeneratedEvent::topic, Collectors.counting()));
    // 425 starts, 4 renewals, 13 cancellation requests; 414 paid transactions, invoice and payment
    assertThat(perTopic)
        .isEqualTo(Map.of(Topic.SUBSCRIPTIONS, 442L, Topic.PAYMENTS, 828L, Topic.USAGE, 2L));
    Map<SubscriptionEventType, Long> subscriptions =
        events.stream()
            .filter(e -> e.topic() == Topic.SUBSCRIPTIONS)
            .collect(
                Collectors.groupingBy(
                    e -> ((SubscriptionEvent) e.record()).getEventType(), Collectors.counting()));
    assertThat(subscriptions)
        .isEqualTo(
            Map.of(
                SubscriptionEventType.STARTED, 425L,
                SubscriptionEventType.RENEWED, 4L,
                SubscriptionEventType.CANCELLATION_REQUESTED, 13L));
    assertThat(events).isSortedAccordingTo(Comparator.comparing(GeneratedEvent::eventTime));
    assertThat(events.get(0).eventTime()).isEqualTo(at(2015, 3, 14, 9));
    assertThat(events.get(events.size() - 1).eventTime()).isEqualTo(at(2017, 3, 31, 12));
    assertThat(events).extracting(DatasetFiles::eventId).doesNotHaveDuplicates();
  }

  @Test
  void aPaidTransaction_isAStartAnInvoiceAndItsPayment() throws IOException {
    // ch/ja1P6a/…,39,30,149,149,1,20170331,20170515,0
    String user = "ch/ja1P6a/z5QqwdHUDXpHTRxgS7AGYFPTw0SxElZuo=";
    List<GeneratedEvent> mine = of(user);
    assertThat(mine).hasSize(3);
    SubscriptionEvent started = (SubscriptionEvent) mine.get(0).record();
    assertThat(started.getEventType()).isEqualTo(SubscriptionEventType.STARTED);
    assertThat(started.getEventTime()).isEqualTo(at(2017, 3, 31, 9));
    assertThat(started.getSubscriptionId()).isEqualTo(user);
    assertThat(started.getPlanId()).isEqualTo("30d-149");
    assertThat(started.getMrrMinor()).isEqualTo(14_900L);
    assertThat(started.getCurrency()).isEqualTo("TWD");
    assertThat(started.getContractEndDate()).isEqualTo(LocalDate.of(2017, 5, 15));
    assertThat(started.getAttributes())
        .isEqualTo(Map.of("auto_renew", "true", "payment_method_id", "39"));
    PaymentEvent issued = (PaymentEvent) mine.get(1).record();
    assertThat(issued.getEventType()).isEqualTo(PaymentEventType.INVOICE_ISSUED);
    assertThat(issued.getEventTime()).isEqualTo(at(2017, 3, 31, 10));
    assertThat(issued.getAmountMinor()).isEqualTo(14_900L);
    assertThat(issued.getDueDate()).isEqualTo(LocalDate.of(2017, 3, 31));
    assertThat(issued.getMethod()).isEqualTo(PaymentMethod.OTHER);
    PaymentEvent paid = (PaymentEvent) mine.get(2).record();
    assertThat(paid.getEventType()).isEqualTo(PaymentEventType.PAYMENT_SUCCEEDED);
    assertThat(paid.getEventTime()).isEqualTo(at(2017, 3, 31, 11));
    assertThat(paid.getInvoiceId()).isEqualTo(issued.getInvoiceId());
    assertThat(paid.getAmountMinor()).isEqualTo(14_900L);
    assertThat(outcome(user).churned()).isFalse();
  }

  @Test
  void twoTransactions_areAStartAndARenewal_theChurnIsInvoluntaryAndCappedAtMarch()
      throws IOException {
    // V3/FIh…,41,30,149,149,1,20151121,20180822,0 and 41,30,149,149,1,20151021,20180622,0
    String user = "V3/FIhlLMUR0tMblidJ+7dm7CqXcuW9m4TS7QwGHdBM=";
    List<SubscriptionEvent> memberships =
        of(user).stream()
            .filter(e -> e.topic() == Topic.SUBSCRIPTIONS)
            .map(e -> (SubscriptionEvent) e.record())
            .toList();
    assertThat(memberships)
        .extracting(
            SubscriptionEvent::getEventType,
            SubscriptionEvent::getEventTime,
            SubscriptionEvent::getContractEndDate)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                SubscriptionEventType.STARTED, at(2015, 10, 21, 9), LocalDate.of(2018, 6, 22)),
            org.assertj.core.groups.Tuple.tuple(
                SubscriptionEventType.RENEWED, at(2015, 11, 21, 9), LocalDate.of(2018, 8, 22)));
    assertThat(of(user).stream().filter(e -> e.topic() == Topic.PAYMENTS)).hasSize(4);
    ChurnOutcome outcome = outcome(user);
    assertThat(outcome.churnType()).isEqualTo(ChurnType.INVOLUNTARY);
    assertThat(outcome.churnedAt()).isEqualTo(at(2017, 4, 1, 0));
    assertThat(outcome.evidence())
        .isEqualTo(
            "train_sample is_churn=1; 2 transaction(s), the latest on 2015-11-21: is_cancel=0,"
                + " is_auto_renew=1, membership_expire_date 2018-08-22; churned at the end of"
                + " 2017-03-31 and involuntary (both derived: auto-renew on and lapsed)");
  }

  @Test
  void aCancellation_isAStartAndACancellationRequest_withoutPayment_voluntary() throws IOException {
    // KZZz+…,40,30,149,149,1,20170307,20170309,1
    String user = "KZZz+wi28aHejZZrgop2eKZtvzAluvvUuk00Xoo6plk=";
    List<GeneratedEvent> mine = of(user);
    assertThat(mine).extracting(GeneratedEvent::topic).containsOnly(Topic.SUBSCRIPTIONS);
    assertThat(mine)
        .extracting(e -> ((SubscriptionEvent) e.record()).getEventType())
        .containsExactly(
            SubscriptionEventType.STARTED, SubscriptionEventType.CANCELLATION_REQUESTED);
    SubscriptionEvent requested = (SubscriptionEvent) mine.get(1).record();
    assertThat(requested.getEventTime()).isEqualTo(at(2017, 3, 7, 12));
    assertThat(requested.getContractEndDate()).isEqualTo(LocalDate.of(2017, 3, 9));
    assertThat(requested.getCancelReason()).isEqualTo("is_cancel=1");
    ChurnOutcome outcome = outcome(user);
    assertThat(outcome.churnType()).isEqualTo(ChurnType.VOLUNTARY);
    // the membership runs through its expiry day: the request came two and a half days before
    assertThat(outcome.churnedAt()).isEqualTo(at(2017, 3, 10, 0));
    assertThat(outcome.evidence()).endsWith("(both derived: cancelled)");
  }

  @Test
  void aLongPlanWithAutoRenewOff_hasItsMrrOverThirtyDays_andAVoluntaryChurn() throws IOException {
    // z2J+…,32,410,1788,1788,0,20170322,20180506,0
    String user = "z2J+j6KGWs90O19ulQreve4AWmmiZPI1IJv5UNhH6U8=";
    SubscriptionEvent started = (SubscriptionEvent) of(user).get(0).record();
    assertThat(started.getPlanId()).isEqualTo("410d-1788");
    assertThat(started.getMrrMinor()).isEqualTo(13_083L); // 178,800 × 30 / 410
    assertThat(outcome(user).churnType()).isEqualTo(ChurnType.VOLUNTARY);
    assertThat(outcome(user).evidence()).endsWith("(both derived: auto-renew off)");
  }

  @Test
  void aListeningDay_isAFeatureUseOfItsSeconds() throws IOException {
    // Xrt61…,20170302,1,1,1,0,55,57,14656.583
    List<GeneratedEvent> usage =
        of("Xrt61e3qJTHcQEoYm5qXyYOy8FMRO5oagMKHVevE54g=").stream()
            .filter(e -> e.topic() == Topic.USAGE)
            .toList();
    assertThat(usage).hasSize(1);
    UsageEvent listened = (UsageEvent) usage.get(0).record();
    assertThat(listened.getEventType()).isEqualTo(UsageEventType.FEATURE_USED);
    assertThat(listened.getFeature()).isEqualTo("listening");
    assertThat(listened.getQuantity()).isEqualTo(14_657L);
    assertThat(listened.getEventTime()).isEqualTo(at(2017, 3, 2, 20));
  }

  @Test
  void usersWithoutLabelOrTransaction_areNotReplayed_oddRowsAreMapped(@TempDir Path dir)
      throws IOException {
    Files.writeString(
        dir.resolve(KkboxDataset.TRAIN),
        "msno,is_churn\r\na,1\r\nb,0\r\nd,0\r\n"); // b: no transaction
    Files.writeString(
        dir.resolve(KkboxDataset.TRANSACTIONS),
        "msno,payment_method_id,payment_plan_days,plan_list_price,actual_amount_paid,"
            + "is_auto_renew,transaction_date,membership_expire_date,is_cancel\r\n"
            + "a,41,30,99,0,1,20170301,20170331,0\r\n" // free: no invoice
            + "c,41,-1,x,99,1,20170301,20170331,0\r\n" // c: no label, not read further
            + "d,41,0,0,149,1,20150512,20180811,0\r\n"); // a plan without days: MRR not said
    Files.writeString(
        dir.resolve(KkboxDataset.USER_LOGS),
        "msno,date,num_25,num_50,num_75,num_985,num_100,num_unq,total_secs\r\n"
            + "a,20170302,1,0,0,0,1,2,-9223372036854775.808\r\n"
            + "c,20170302,1,0,0,0,1,2,300\r\n");
    List<GeneratedEvent> events = dataset.events(dir, ZONE);
    assertThat(events.stream().filter(e -> e.customerId().equals("a")))
        .extracting(GeneratedEvent::topic)
        .containsExactly(Topic.SUBSCRIPTIONS, Topic.USAGE);
    // an absurd negative total: the day counts, its amount is left out
    assertThat(
            events.stream()
                .filter(e -> e.topic() == Topic.USAGE)
                .map(e -> ((UsageEvent) e.record()).getQuantity()))
        .containsExactly((Long) null);
    SubscriptionEvent undated = (SubscriptionEvent) events.get(0).record();
    assertThat(undated.getCustomerId()).isEqualTo("d");
    assertThat(undated.getPlanId()).isEqualTo("0d-0");
    assertThat(undated.getMrrMinor()).isNull();
    assertThat(events.stream().filter(e -> e.customerId().equals("d"))).hasSize(3);
    assertThat(events).extracting(GeneratedEvent::customerId).containsOnly("a", "d");
    assertThat(dataset.outcomes(dir, ZONE))
        .extracting(ChurnOutcome::customerId, ChurnOutcome::churnedAt)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("a", at(2017, 4, 1, 0)),
            org.assertj.core.groups.Tuple.tuple("d", null));
  }

  @Test
  void aBadValue_isRefusedNamingItsFileAndRecord(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve(KkboxDataset.TRAIN), "msno,is_churn\r\na,1\r\n");
    Files.writeString(
        dir.resolve(KkboxDataset.TRANSACTIONS),
        "msno,payment_method_id,payment_plan_days,plan_list_price,actual_amount_paid,"
            + "is_auto_renew,transaction_date,membership_expire_date,is_cancel\r\n"
            + "a,41,30,99,99,yes,20170301,20170331,0\r\n");
    assertThatThrownBy(() -> dataset.outcomes(dir, ZONE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("transactions_sample.csv record 1: is_auto_renew is 'yes', not 0 or 1");
  }

  @Test
  void limitsStateTheCountsAndWhatIsDerived() {
    assertThat(dataset.limits()).contains("425", "41 churners", "derived", "no payment failures");
  }

  private List<GeneratedEvent> of(String user) throws IOException {
    return dataset.events(DIRECTORY, ZONE).stream()
        .filter(e -> e.customerId().equals(user))
        .toList();
  }

  private ChurnOutcome outcome(String user) throws IOException {
    Map<String, ChurnOutcome> outcomes =
        dataset.outcomes(DIRECTORY, ZONE).stream()
            .collect(Collectors.toMap(ChurnOutcome::customerId, Function.identity()));
    return outcomes.get(user);
  }

  private static Instant at(int year, int month, int day, int hour) {
    return Dataset.at(LocalDate.of(year, month, day), hour, ZONE);
  }
}
