package io.carteira.operators.model;

import io.carteira.schemas.CustomerState;
import io.carteira.schemas.DunningBook;
import io.carteira.schemas.InvoiceLadder;
import io.carteira.schemas.OpenInvoice;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * The lifecycle of a customer's invoices, one definition for every operator that keeps them (the
 * customer's state and the dunning ladder): an invoice is issued once, a payment below the amount
 * due leaves the rest open, a full payment closes it on time or late, and a payment read before its
 * invoice is remembered so that invoice never opens.
 *
 * <p>Works in place on the open invoices and the remembered paid ids of a state record; both lists
 * must be modifiable.
 *
 * @param <I> the state record of an open invoice
 */
public final class InvoiceBook<I> {

  /** How many paid invoice ids are remembered, so a payment read before its invoice is matched. */
  public static final int PAID_INVOICES_REMEMBERED = 12;

  /** How the book reads and changes one open invoice record. */
  public interface Fields<I> {
    String invoiceId(I invoice);

    long amountMinor(I invoice);

    void setAmountMinor(I invoice, long amountMinor);

    LocalDate dueDate(I invoice);
  }

  /** What a payment did to the book. */
  public enum Settlement {
    /** No open invoice of that id: its id is remembered as paid. */
    NOT_OPEN,
    /** Less than the amount due: the rest stays open. */
    PART_PAID,
    /** Paid in full: the invoice is closed. */
    PAID
  }

  /**
   * @param invoice the open invoice paid; null when {@link Settlement#NOT_OPEN}
   * @param daysLate days after the due date it was paid in full; 0 or less is on time
   */
  public record Payment<I>(Settlement settlement, I invoice, int daysLate) {
    public boolean paidOnTime() {
      return settlement == Settlement.PAID && daysLate <= 0;
    }

    public boolean paidLate() {
      return settlement == Settlement.PAID && daysLate > 0;
    }
  }

  private static final Fields<OpenInvoice> OPEN_INVOICE =
      new Fields<>() {
        @Override
        public String invoiceId(OpenInvoice invoice) {
          return invoice.getInvoiceId();
        }

        @Override
        public long amountMinor(OpenInvoice invoice) {
          return invoice.getAmountMinor();
        }

        @Override
        public void setAmountMinor(OpenInvoice invoice, long amountMinor) {
          invoice.setAmountMinor(amountMinor);
        }

        @Override
        public LocalDate dueDate(OpenInvoice invoice) {
          return invoice.getDueDate();
        }
      };

  private static final Fields<InvoiceLadder> INVOICE_LADDER =
      new Fields<>() {
        @Override
        public String invoiceId(InvoiceLadder invoice) {
          return invoice.getInvoiceId();
        }

        @Override
        public long amountMinor(InvoiceLadder invoice) {
          return invoice.getAmountMinor();
        }

        @Override
        public void setAmountMinor(InvoiceLadder invoice, long amountMinor) {
          invoice.setAmountMinor(amountMinor);
        }

        @Override
        public LocalDate dueDate(InvoiceLadder invoice) {
          return invoice.getDueDate();
        }
      };

  private final List<I> open;
  private final List<String> paidIds;
  private final Fields<I> fields;
  private final ZoneId zone;

  public InvoiceBook(List<I> open, List<String> paidIds, Fields<I> fields, ZoneId zone) {
    this.open = open;
    this.paidIds = paidIds;
    this.fields = fields;
    this.zone = zone;
  }

  /** The open invoices of a customer's state (its lists replaced by modifiable copies). */
  public static InvoiceBook<OpenInvoice> of(CustomerState state, ZoneId zone) {
    state.setOpenInvoices(new ArrayList<>(state.getOpenInvoices()));
    state.setRecentlyPaidInvoices(new ArrayList<>(state.getRecentlyPaidInvoices()));
    return new InvoiceBook<>(
        state.getOpenInvoices(), state.getRecentlyPaidInvoices(), OPEN_INVOICE, zone);
  }

  /** The invoices on a dunning book's ladders; its lists must be modifiable. */
  public static InvoiceBook<InvoiceLadder> of(DunningBook book, ZoneId zone) {
    return new InvoiceBook<>(book.getInvoices(), book.getPaidInvoices(), INVOICE_LADDER, zone);
  }

  /** The customer's open invoice {@code invoiceId}; null when it is not open. */
  public static OpenInvoice findOpen(CustomerState state, String invoiceId) {
    return find(state.getOpenInvoices(), invoiceId, OPEN_INVOICE);
  }

  /** The open invoice {@code invoiceId}; null when it is not open. */
  public I find(String invoiceId) {
    return find(open, invoiceId, fields);
  }

  /**
   * Whether an invoice issued as {@code invoiceId} opens: not when it is open already (a repeat)
   * nor when it was paid already (its payment was read first).
   */
  public boolean opens(String invoiceId) {
    return !paidIds.contains(invoiceId) && find(invoiceId) == null;
  }

  /** Applies a payment of {@code amountMinor} (null: in full) made at {@code paidAt}. */
  public Payment<I> pay(String invoiceId, Long amountMinor, Instant paidAt) {
    I invoice = find(invoiceId);
    if (invoice == null) {
      rememberPaid(invoiceId);
      return new Payment<>(Settlement.NOT_OPEN, null, 0);
    }
    long due = fields.amountMinor(invoice);
    if (amountMinor != null && amountMinor < due) {
      fields.setAmountMinor(invoice, due - amountMinor);
      return new Payment<>(Settlement.PART_PAID, invoice, 0);
    }
    open.removeIf(it -> fields.invoiceId(it).equals(invoiceId));
    rememberPaid(invoiceId);
    LocalDate dueDate = fields.dueDate(invoice);
    int daysLate =
        dueDate == null
            ? 0
            : (int) ChronoUnit.DAYS.between(dueDate, paidAt.atZone(zone).toLocalDate());
    return new Payment<>(Settlement.PAID, invoice, daysLate);
  }

  private void rememberPaid(String invoiceId) {
    paidIds.remove(invoiceId);
    paidIds.add(invoiceId);
    while (paidIds.size() > PAID_INVOICES_REMEMBERED) {
      paidIds.remove(0);
    }
  }

  private static <I> I find(List<I> invoices, String invoiceId, Fields<I> fields) {
    for (I invoice : invoices) {
      if (fields.invoiceId(invoice).equals(invoiceId)) {
        return invoice;
      }
    }
    return null;
  }
}
