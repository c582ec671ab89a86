package io.carteira.schemas;

import java.util.List;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * How the job reads its own records. Avro's default reader interprets a resolution grammar symbol
 * by symbol for every field of every record; its fast reader ({@code FastReaderBuilder}, part of
 * Avro) builds a reader per writer and reader schema once and then calls it directly, with the same
 * results, the schema resolution of a savepoint written by an earlier build included. Every decode
 * of state, of a record crossing the network and of a validated input goes through one of the
 * models below, so switching it on here switches it on for the job.
 *
 * <p>Avro reads the switch from the system property {@code org.apache.avro.fastread} when a
 * generated class is loaded, which a Flink cluster's task managers do not set; the functions call
 * {@link #enableFastReading()} when they open, before their first read.
 */
public final class AvroModels {

  /** Every top-level record of the contracts and the state; nested records use their owner's. */
  static final List<Class<? extends SpecificRecordBase>> RECORDS =
      List.of(
          AlertBook.class,
          ChurnSignal.class,
          ControlMessage.class,
          CustomerActivity.class,
          CustomerEvent.class,
          CustomerHealth.class,
          CustomerState.class,
          DeadLetter.class,
          DunningAction.class,
          DunningBook.class,
          DunningEvent.class,
          InvoiceRecovery.class,
          MrrChange.class,
          MrrMovement.class,
          PaymentEvent.class,
          PolicyDocument.class,
          PortfolioFact.class,
          PortfolioMetric.class,
          PortfolioRunning.class,
          PortfolioSlice.class,
          RiskAlert.class,
          RiskSignal.class,
          SequenceBook.class,
          SubscriptionEvent.class,
          UsageEvent.class,
          ValueTierThresholds.class);

  private static volatile boolean fastReading;

  private AvroModels() {}

  /** Switches Avro's fast reader on for every record of the job; idempotent and cheap. */
  public static void enableFastReading() {
    if (fastReading) {
      return;
    }
    for (Class<? extends SpecificRecordBase> record : RECORDS) {
      SpecificData.getForClass(record).setFastReaderEnabled(true);
    }
    fastReading = true;
  }
}
