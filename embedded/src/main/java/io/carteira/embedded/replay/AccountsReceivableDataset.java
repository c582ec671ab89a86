package io.carteira.embedded.replay;

import io.carteira.embedded.generator.GeneratedEvent;
import io.carteira.schemas.PaymentEvent;
import io.carteira.schemas.PaymentEventType;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVRecord;

/**
 * IBM's accounts-receivable sample ({@code WA_Fn-UseC_-Accounts-Receivable.csv}): one row per
 * invoice. Each row becomes an {@code INVOICE_ISSUED} at 08:00 of {@code InvoiceDate} (invoice id
 * {@code invoiceNumber}, amount {@code InvoiceAmount}, due {@code DueDate}) and a {@code
 * PAYMENT_SUCCEEDED} of the full amount at 14:00 of {@code SettledDate}; the days past due at that
 * payment are the row's {@code DaysLate}. The sample names no currency: amounts are taken as
 * {@value #CURRENCY}. {@code Disputed} and {@code PaperlessBill} are not mapped.
 */
public final class AccountsReceivableDataset implements Dataset {

  public static final String FILE = "WA_Fn-UseC_-Accounts-Receivable.csv";
  public static final String CURRENCY = "USD";
  private static final DateTimeFormatter US_DATE = DateTimeFormatter.ofPattern("M/d/yyyy");

  @Override
  public String name() {
    return "ibm-accounts-receivable";
  }

  @Override
  public List<GeneratedEvent> events(Path directory, ZoneId zone) throws IOException {
    List<GeneratedEvent> events = new ArrayList<>();
    for (CSVRecord row : Dataset.rows(directory.resolve(FILE))) {
      String customer = row.get("customerID");
      String invoice = row.get("invoiceNumber");
      long amount = Dataset.minor(row.get("InvoiceAmount"));
      PaymentEvent issued =
          PaymentEvent.newBuilder()
              .setEventId("ar-issued-" + invoice)
              .setCustomerId(customer)
              .setEventTime(Dataset.at(date(row.get("InvoiceDate")), 8, zone))
              .setEventType(PaymentEventType.INVOICE_ISSUED)
              .setInvoiceId(invoice)
              .setAmountMinor(amount)
              .setCurrency(CURRENCY)
              .setDueDate(date(row.get("DueDate")))
              .build();
      PaymentEvent settled =
          PaymentEvent.newBuilder()
              .setEventId("ar-settled-" + invoice)
              .setCustomerId(customer)
              .setEventTime(Dataset.at(date(row.get("SettledDate")), 14, zone))
              .setEventType(PaymentEventType.PAYMENT_SUCCEEDED)
              .setInvoiceId(invoice)
              .setAmountMinor(amount)
              .setCurrency(CURRENCY)
              .build();
      events.add(
          new GeneratedEvent(
              GeneratedEvent.Topic.PAYMENTS, customer, issued.getEventTime(), issued));
      events.add(
          new GeneratedEvent(
              GeneratedEvent.Topic.PAYMENTS, customer, settled.getEventTime(), settled));
    }
    return Dataset.inTimeOrder(events);
  }

  static LocalDate date(String usDate) {
    return LocalDate.parse(usDate.trim(), US_DATE);
  }
}
