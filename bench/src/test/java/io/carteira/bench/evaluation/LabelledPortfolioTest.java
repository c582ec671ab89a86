package io.carteira.bench.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import io.carteira.embedded.generator.GeneratedEvent;
import io.carteira.embedded.replay.ChurnOutcome;
import io.carteira.embedded.replay.LabelledDataset;
import io.carteira.schemas.ChurnType;
import io.carteira.schemas.UsageEvent;
import io.carteira.schemas.UsageEventType;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class LabelledPortfolioTest {

  private static final ZoneId ZONE = ZoneId.of("America/Sao_Paulo");
  private static final Instant FIRST = Instant.parse("2017-01-02T12:00:00Z");
  private static final Instant LAST = Instant.parse("2017-03-31T23:00:00Z");
  private static final Instant AFTER_LAST = Instant.parse("2017-04-01T03:00:00Z");

  /** Two logins, and three outcomes: one churn after the last event, one of no type, one stay. */
  private static final LabelledDataset DATASET =
      new LabelledDataset() {
        @Override
        public String name() {
          return "tiny";
        }

        @Override
        public String limits() {
          return "a test";
        }

        @Override
        public List<GeneratedEvent> events(Path directory, ZoneId zone) {
          return List.of(login("c1", FIRST), login("c2", LAST));
        }

        @Override
        public List<ChurnOutcome> outcomes(Path directory, ZoneId zone) {
          return List.of(
              new ChurnOutcome("c1", AFTER_LAST, ChurnType.INVOLUNTARY, "lapsed"),
              new ChurnOutcome("c2", Instant.parse("2017-02-01T03:00:00Z"), null, "unknown"),
              ChurnOutcome.stayed("c3", "renewed"));
        }
      };

  private static GeneratedEvent login(String customer, Instant at) {
    UsageEvent login =
        UsageEvent.newBuilder()
            .setEventId("login-" + customer)
            .setCustomerId(customer)
            .setEventTime(at)
            .setEventType(UsageEventType.LOGIN)
            .build();
    return new GeneratedEvent(GeneratedEvent.Topic.USAGE, customer, at, login);
  }

  @Test
  void aDataSetIsObservedFromItsFirstEventUntilItsLastEventOrItsLatestChurn() throws Exception {
    LabelledPortfolio portfolio = LabelledPortfolio.of(DATASET, Path.of("unused"), ZONE);

    assertThat(portfolio.observedFrom()).isEqualTo(FIRST);
    // the churn dated after the last event is inside the observation
    assertThat(portfolio.observedUntil()).isEqualTo(AFTER_LAST);
  }

  @Test
  void aChurnOfNoTypeKeepsNoKindButStillCountsAsAChurn() throws Exception {
    LabelledPortfolio portfolio = LabelledPortfolio.of(DATASET, Path.of("unused"), ZONE);

    assertThat(portfolio.labels())
        .containsExactly(
            new ChurnLabel("c1", AFTER_LAST, ChurnKind.INVOLUNTARY),
            new ChurnLabel("c2", Instant.parse("2017-02-01T03:00:00Z"), null),
            ChurnLabel.stayed("c3"));
    assertThat(portfolio.labels().get(1).churned()).isTrue();
    assertThat(portfolio.summary())
        .contains("0 voluntary, 1 involuntary and 1 churners of unknown type");
  }
}
