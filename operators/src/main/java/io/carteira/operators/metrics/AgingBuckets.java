package io.carteira.operators.metrics;

import java.util.List;

/** The delinquency aging buckets of the collections trade, by days past due. */
public final class AgingBuckets {

  /** The buckets, youngest first. */
  public static final List<String> ALL = List.of("1-15", "16-30", "31-60", "61-90", "90+");

  private AgingBuckets() {}

  /** The bucket of an invoice {@code daysPastDue} days past due; null when it is not past due. */
  public static String of(long daysPastDue) {
    if (daysPastDue <= 0) {
      return null;
    }
    if (daysPastDue <= 15) {
      return "1-15";
    }
    if (daysPastDue <= 30) {
      return "16-30";
    }
    if (daysPastDue <= 60) {
      return "31-60";
    }
    return daysPastDue <= 90 ? "61-90" : "90+";
  }
}
