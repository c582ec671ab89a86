package io.carteira.operators.customer;

import io.carteira.operators.metrics.PortfolioSegments;
import io.carteira.operators.model.InvoiceBook;
import io.carteira.operators.model.Subscriptions;
import io.carteira.operators.model.UsageHistory;
import io.carteira.schemas.CustomerActivity;
import io.carteira.schemas.CustomerEvent;
import io.carteira.schemas.CustomerState;
import io.carteira.schemas.EvidenceEvent;
import io.carteira.schemas.FailureCodes;
import io.carteira.schemas.OpenInvoice;
import io.carteira.schemas.PaymentEvent;
import io.carteira.schemas.SubscriptionEvent;
import io.carteira.schemas.SubscriptionEventType;
import io.carteira.schemas.UsageEvent;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How one event changes a customer's state: plan and MRR, open invoices and balance, payment
 * history, activity, support load. Plain Java, free of Flink, so every rule is tested directly.
 */
public final class CustomerStateFold {

  private final ZoneId zone;

  public CustomerStateFold(ZoneId zone) {
    this.zone = zone;
  }

  /** A customer seen for the first time. */
  public static CustomerState newCustomer(CustomerEvent first) {
    return CustomerState.newBuilder()
        .setCustomerId(first.getCustomerId())
        .setFirstEventTime(first.getEventTime())
        .setLastEventTime(first.getEventTime())
        .build();
  }

  /** A customer's activity record, before its first login. */
  public static CustomerActivity newActivity() {
    return new CustomerActivity(null, null, new ArrayList<>());
  }

  /** Applies {@code event} to {@code state} and {@code activity} in place. */
  public void apply(CustomerState state, CustomerActivity activity, CustomerEvent event) {
    if (event.getPayment() != null) {
      applyPayment(state, event.getPayment());
    } else if (event.getUsage() != null) {
      applyUsage(state, activity, event.getUsage());
    } else if (event.getSubscription() != null) {
      applySubscription(state, event.getSubscription());
      if (event.getSubscription().getEventType() == SubscriptionEventType.RESUMED
          && (activity.getLastActivityAt() == null
              || event.getEventTime().isAfter(activity.getLastActivityAt()))) {
        // back from a pause: silence is counted from the resume, not from before the pause
        activity.setLastActivityAt(event.getEventTime());
      }
    }
    if (event.getEventTime().isAfter(state.getLastEventTime())) {
      state.setLastEventTime(event.getEventTime());
    }
  }

  private void applyPayment(CustomerState state, PaymentEvent payment) {
    String invoiceId = payment.getInvoiceId();
    switch (payment.getEventType()) {
      case PAYMENT_SUCCEEDED -> {
        if (state.getLastPaymentAt() == null
            || payment.getEventTime().isAfter(state.getLastPaymentAt())) {
          state.setLastPaymentAt(payment.getEventTime());
        }
        state.setHardDecline(null);
        state.setChargeback(null);
      }
      case PAYMENT_FAILED -> {
        if (FailureCodes.isHardDecline(payment.getFailureCode())) {
          state.setHardDecline(
              evidence(
                  payment.getEventId(),
                  "PAYMENT_FAILED",
                  payment.getEventTime(),
                  payment.getFailureCode()));
        }
      }
      case PAYMENT_METHOD_UPDATED -> state.setHardDecline(null);
      case CHARGEBACK ->
          state.setChargeback(
              evidence(
                  payment.getEventId(),
                  "CHARGEBACK",
                  payment.getEventTime(),
                  payment.getAmountMinor() == null
                      ? null
                      : String.valueOf(payment.getAmountMinor())));
      default -> {}
    }
    InvoiceBook<OpenInvoice> invoices = InvoiceBook.of(state, zone);
    switch (payment.getEventType()) {
      case INVOICE_ISSUED -> {
        if (!invoices.opens(invoiceId)) {
          return;
        }
        List<OpenInvoice> open = state.getOpenInvoices();
        open.add(
            OpenInvoice.newBuilder()
                .setInvoiceId(invoiceId)
                .setAmountMinor(payment.getAmountMinor())
                .setCurrency(payment.getCurrency())
                .setDueDate(payment.getDueDate())
                .setIssuedAt(payment.getEventTime())
                .setMethod(payment.getMethod())
                .build());
        open.sort(CustomerStateFold::compareDue);
      }
      case PAYMENT_SUCCEEDED -> {
        InvoiceBook.Payment<OpenInvoice> paid =
            invoices.pay(invoiceId, payment.getAmountMinor(), payment.getEventTime());
        if (paid.paidOnTime()) {
          state.setInvoicesPaidOnTime(state.getInvoicesPaidOnTime() + 1);
        } else if (paid.paidLate()) {
          state.setInvoicesPaidLate(state.getInvoicesPaidLate() + 1);
        }
      }
      case PAYMENT_FAILED -> {
        state.setFailedPayments(state.getFailedPayments() + 1);
        OpenInvoice invoice = invoices.find(invoiceId);
        if (invoice != null) {
          invoice.setFailedAttempts(invoice.getFailedAttempts() + 1);
          invoice.setLastFailureCode(payment.getFailureCode());
        }
      }
      case REFUNDED, CHARGEBACK, PAYMENT_METHOD_UPDATED -> {
        // recorded by later operators (risk patterns, metrics); no change to the invoices here
      }
    }
  }

  private void applyUsage(CustomerState state, CustomerActivity activity, UsageEvent usage) {
    switch (usage.getEventType()) {
      case LOGIN, FEATURE_USED -> UsageHistory.record(activity, usage.getEventTime(), zone);
      case SUPPORT_TICKET_OPENED -> state.setOpenTickets(state.getOpenTickets() + 1);
      case SUPPORT_TICKET_CLOSED -> state.setOpenTickets(Math.max(0, state.getOpenTickets() - 1));
      case SURVEY_SCORE -> {
        if (usage.getScore() != null) {
          state.setLastSurveyScore(usage.getScore());
        }
      }
      case SEATS_CHANGED -> {
        if (usage.getQuantity() != null) {
          state.setSeatsInUse(usage.getQuantity());
        }
      }
    }
  }

  private static void applySubscription(CustomerState state, SubscriptionEvent subscription) {
    if (subscription.getCustomerName() != null) {
      state.setCustomerName(subscription.getCustomerName());
    }
    String owner = subscription.getAttributes().get("account_owner");
    if (owner != null) {
      state.setAccountOwner(owner);
    }
    if (subscription.getPreferredChannel() != null) {
      state.setPreferredChannel(subscription.getPreferredChannel());
    }
    String channel = subscription.getAttributes().get(PortfolioSegments.ACQUISITION_CHANNEL);
    if (state.getAcquisitionChannel() == null && channel != null && !channel.isBlank()) {
      state.setAcquisitionChannel(
          channel); // the first stated; pinned for good when the customer first pays
    }
    Map<String, Long> running = new HashMap<>(state.getSubscriptions());
    Subscriptions.apply(running, subscription);
    switch (subscription.getEventType()) {
      case STARTED -> {
        state.setSubscribed(true);
        state.setChurned(false);
        state.setChurnedAt(null);
        state.setPaused(false);
        state.setPause(null);
        state.setCancellationRequested(false);
        state.setCancellationRequest(null);
        if (state.getStartedAt() == null) {
          state.setStartedAt(subscription.getEventTime());
        }
        takePlan(state, subscription);
      }
      case PLAN_CHANGED -> takePlan(state, subscription);
      case RENEWED -> {
        state.setCancellationRequested(false);
        state.setCancellationRequest(null);
        takePlan(state, subscription);
      }
      case CANCELLATION_REQUESTED -> {
        state.setCancellationRequested(true);
        state.setCancellationRequest(
            evidence(
                subscription.getEventId(),
                "CANCELLATION_REQUESTED",
                subscription.getEventTime(),
                subscription.getCancelReason()));
      }
      case CANCELLED -> {
        if (running.isEmpty()) {
          // the last subscription ended: the customer churns
          state.setSubscribed(false);
          state.setChurned(true);
          state.setChurnedAt(subscription.getEventTime());
          state.setEverChurned(true);
          state.setCancellationRequested(false);
          state.setCancellationRequest(null);
          state.setPaused(false);
          state.setPause(null);
        }
      }
      case PAUSED -> {
        state.setPaused(true);
        state.setPause(
            evidence(subscription.getEventId(), "PAUSED", subscription.getEventTime(), null));
      }
      case RESUMED -> {
        state.setPaused(false);
        state.setPause(null);
      }
      case PROFILE_UPDATED -> {
        // name, owner and channel taken above
      }
    }
    state.setSubscriptions(running);
    state.setMrrMinor(Subscriptions.mrr(running));
  }

  private static void takePlan(CustomerState state, SubscriptionEvent subscription) {
    if (subscription.getSubscriptionId() != null) {
      state.setSubscriptionId(subscription.getSubscriptionId());
    }
    if (subscription.getPlanId() != null) {
      state.setPlanId(subscription.getPlanId());
    }
    if (subscription.getMrrMinor() != null) {
      state.setCurrency(subscription.getCurrency());
    }
    if (subscription.getContractEndDate() != null) {
      state.setContractEndDate(subscription.getContractEndDate());
    }
    if (subscription.getPlanLimit() != null) {
      state.setPlanLimit(subscription.getPlanLimit());
    }
  }

  static EvidenceEvent evidence(String eventId, String type, Instant at, String value) {
    return new EvidenceEvent(eventId, type, at, value);
  }

  private static int compareDue(OpenInvoice a, OpenInvoice b) {
    LocalDate da = a.getDueDate() == null ? LocalDate.MAX : a.getDueDate();
    LocalDate db = b.getDueDate() == null ? LocalDate.MAX : b.getDueDate();
    int byDue = da.compareTo(db);
    return byDue != 0 ? byDue : a.getIssuedAt().compareTo(b.getIssuedAt());
  }
}
