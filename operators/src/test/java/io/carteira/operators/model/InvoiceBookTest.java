package io.carteira.operators.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.carteira.schemas.CustomerState;
import io.carteira.schemas.DunningBook;
import io.carteira.schemas.InvoiceLadder;
import io.carteira.schemas.OpenInvoice;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;

class InvoiceBookTest {

  private static final ZoneId ZONE = ZoneOffset.UTC;
  private static final LocalDate DUE = LocalDate.of(2026, 3, 10);

  private static CustomerState customer() {
    return CustomerState.newBuilder()
        .setCustomerId("c")
        .setFirstEventTime(Instant.EPOCH)
        .setLastEventTime(Instant.EPOCH)
        .build();
  }

  private static OpenInvoice open(String id, long amount) {
    return OpenInvoice.newBuilder()
        .setInvoiceId(id)
        .setAmountMinor(amount)
        .setDueDate(DUE)
        .setIssuedAt(Instant.EPOCH)
        .build();
  }

  private static Instant on(LocalDate day) {
    return day.atStartOfDay(ZONE).toInstant().plusSeconds(3600);
  }

  @Test
  void anInvoiceOpensOnceAndNotAfterItsPaymentWasRead() {
    CustomerState state = customer();
    InvoiceBook<OpenInvoice> book = InvoiceBook.of(state, ZONE);
    assertThat(book.opens("i1")).isTrue();
    state.getOpenInvoices().add(open("i1", 100));
    assertThat(book.opens("i1")).isFalse();

    assertThat(book.pay("i2", 50L, on(DUE)).settlement())
        .isEqualTo(InvoiceBook.Settlement.NOT_OPEN);
    assertThat(book.opens("i2")).isFalse();
  }

  @Test
  void aPartPaymentLeavesTheRestOpen() {
    CustomerState state = customer();
    InvoiceBook<OpenInvoice> book = InvoiceBook.of(state, ZONE);
    state.getOpenInvoices().add(open("i1", 100));

    InvoiceBook.Payment<OpenInvoice> part = book.pay("i1", 30L, on(DUE));
    assertThat(part.settlement()).isEqualTo(InvoiceBook.Settlement.PART_PAID);
    assertThat(InvoiceBook.findOpen(state, "i1").getAmountMinor()).isEqualTo(70);

    InvoiceBook.Payment<OpenInvoice> rest = book.pay("i1", 70L, on(DUE));
    assertThat(rest.settlement()).isEqualTo(InvoiceBook.Settlement.PAID);
    assertThat(state.getOpenInvoices()).isEmpty();
    assertThat(state.getRecentlyPaidInvoices()).containsExactly("i1");
  }

  @Test
  void onTimeUpToTheDueDateLateFromTheDayAfter() {
    for (int daysAfterDue = -1; daysAfterDue <= 1; daysAfterDue++) {
      CustomerState state = customer();
      InvoiceBook<OpenInvoice> book = InvoiceBook.of(state, ZONE);
      state.getOpenInvoices().add(open("i1", 100));
      InvoiceBook.Payment<OpenInvoice> paid = book.pay("i1", null, on(DUE.plusDays(daysAfterDue)));
      assertThat(paid.paidOnTime()).isEqualTo(daysAfterDue <= 0);
      assertThat(paid.paidLate()).isEqualTo(daysAfterDue > 0);
      assertThat(paid.daysLate()).isEqualTo(daysAfterDue);
    }
  }

  @Test
  void anInvoiceWithoutDueDateIsPaidOnTime() {
    CustomerState state = customer();
    InvoiceBook<OpenInvoice> book = InvoiceBook.of(state, ZONE);
    OpenInvoice noDue = open("i1", 100);
    noDue.setDueDate(null);
    state.getOpenInvoices().add(noDue);
    assertThat(book.pay("i1", 100L, on(DUE.plusDays(40))).paidOnTime()).isTrue();
  }

  @Test
  void remembersTheLastPaidIdsOnly() {
    DunningBook dunning =
        DunningBook.newBuilder()
            .setCustomerId("c")
            .setInvoices(new ArrayList<InvoiceLadder>())
            .setPaidInvoices(new ArrayList<>())
            .build();
    InvoiceBook<InvoiceLadder> book = InvoiceBook.of(dunning, ZONE);
    for (int i = 0; i <= InvoiceBook.PAID_INVOICES_REMEMBERED; i++) {
      book.pay("i" + i, null, on(DUE));
    }
    assertThat(dunning.getPaidInvoices()).hasSize(InvoiceBook.PAID_INVOICES_REMEMBERED);
    assertThat(book.opens("i0")).isTrue();
    assertThat(book.opens("i1")).isFalse();
    book.pay("i1", null, on(DUE));
    assertThat(dunning.getPaidInvoices()).endsWith("i1");
  }
}
