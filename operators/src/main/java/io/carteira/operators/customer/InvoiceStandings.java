package io.carteira.operators.customer;

import io.carteira.schemas.InvoiceStanding;
import io.carteira.schemas.OpenInvoice;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * A customer's unpaid invoices as its snapshot shows them: amount owed, due date, days past due as
 * of the snapshot's day and failed attempts, in the state's order (the earliest due first). One
 * small record per open invoice, from what the state already holds.
 */
final class InvoiceStandings {

  private InvoiceStandings() {}

  static List<InvoiceStanding> of(List<OpenInvoice> open, LocalDate today) {
    if (open.isEmpty()) {
      return List.of();
    }
    List<InvoiceStanding> standings = new ArrayList<>(open.size());
    for (OpenInvoice invoice : open) {
      standings.add(
          InvoiceStanding.newBuilder()
              .setInvoiceId(invoice.getInvoiceId())
              .setAmountMinor(invoice.getAmountMinor())
              .setCurrency(invoice.getCurrency())
              .setDueDate(invoice.getDueDate())
              .setDaysPastDue(daysPastDue(invoice.getDueDate(), today))
              .setFailedAttempts(invoice.getFailedAttempts())
              .build());
    }
    return standings;
  }

  /** Days past {@code due} on {@code today}: 0 until the day after it, and without a due date. */
  static int daysPastDue(LocalDate due, LocalDate today) {
    return due != null && today.isAfter(due) ? (int) ChronoUnit.DAYS.between(due, today) : 0;
  }
}
