package io.carteira.embedded.replay;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import org.apache.commons.csv.CSVRecord;

/**
 * One row of KKBox's {@code transactions_sample.csv}: a membership bought, renewed or cancelled.
 * Prices are whole New Taiwan dollars.
 *
 * @param msno the user
 * @param paymentMethodId KKBox's payment method code, opaque (no table says which method it is)
 * @param planDays days of membership the plan gives (0 on some rows: not said)
 * @param listPrice the plan's list price
 * @param paid what the user paid
 * @param autoRenew whether the membership renews by itself
 * @param date the transaction's date
 * @param expires the membership's expiry date after this transaction
 * @param cancel the user cancelled the membership in this transaction
 */
record KkboxTransaction(
    String msno,
    String paymentMethodId,
    int planDays,
    long listPrice,
    long paid,
    boolean autoRenew,
    LocalDate date,
    LocalDate expires,
    boolean cancel) {

  /** A user's transactions in the order they happened: by date, then by expiry. */
  static final Comparator<KkboxTransaction> IN_ORDER =
      Comparator.comparing((KkboxTransaction t) -> t.date()).thenComparing(t -> t.expires());

  static KkboxTransaction of(CSVRecord row) {
    try {
      int planDays = Integer.parseInt(row.get("payment_plan_days").trim());
      if (planDays < 0) {
        throw new IllegalArgumentException("payment_plan_days " + planDays + " is negative");
      }
      return new KkboxTransaction(
          row.get("msno").trim(),
          row.get("payment_method_id").trim(),
          planDays,
          nonNegative(row.get("plan_list_price"), "plan_list_price"),
          nonNegative(row.get("actual_amount_paid"), "actual_amount_paid"),
          KkboxTransaction.flag(row.get("is_auto_renew"), "is_auto_renew"),
          KkboxTransaction.date(row.get("transaction_date")),
          KkboxTransaction.date(row.get("membership_expire_date")),
          KkboxTransaction.flag(row.get("is_cancel"), "is_cancel"));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          KkboxDataset.TRANSACTIONS + " record " + row.getRecordNumber() + ": " + e.getMessage(),
          e);
    }
  }

  /** The plan as Carteira names it: days and list price, e.g. {@code 30d-149}. */
  String planId() {
    return planDays + "d-" + listPrice;
  }

  /**
   * The plan's list price over 30 days, in minor units (the MRR the membership renews at); null for
   * the rows whose plan has no days (KKBox's data has some, with a list price of 0), whose MRR the
   * row does not say.
   */
  Long monthlyListPriceMinor() {
    return planDays == 0 ? null : Math.round(listPrice * 100.0 * 30 / planDays);
  }

  static LocalDate date(String yyyymmdd) {
    return LocalDate.parse(yyyymmdd.trim(), DateTimeFormatter.BASIC_ISO_DATE);
  }

  /** A KKBox flag, {@code 0} or {@code 1}. */
  static boolean flag(String value, String column) {
    return switch (value.trim()) {
      case "1" -> true;
      case "0" -> false;
      default -> throw new IllegalArgumentException(column + " is '" + value + "', not 0 or 1");
    };
  }

  private static long nonNegative(String value, String column) {
    long amount = Long.parseLong(value.trim());
    if (amount < 0) {
      throw new IllegalArgumentException(column + " " + amount + " is negative");
    }
    return amount;
  }
}
