package io.carteira.schemas;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/** One fully populated record of every contract, for round trips. */
public final class SampleRecords {

  public static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

  private SampleRecords() {}

  public static SegmentSnapshot segment() {
    return SegmentSnapshot.newBuilder()
        .setValueTier(ValueTier.KEY_ACCOUNT)
        .setPaymentBehaviour(PaymentBehaviour.OCCASIONALLY_LATE)
        .setEngagement(Engagement.LOW)
        .setLifecycle(Lifecycle.PAST_DUE)
        .build();
  }

  public static PaymentEvent payment() {
    return PaymentEvent.newBuilder()
        .setEventId("pay-1")
        .setCustomerId("c-1")
        .setEventTime(T0)
        .setEventType(PaymentEventType.PAYMENT_FAILED)
        .setInvoiceId("inv-1")
        .setAmountMinor(19_990L)
        .setCurrency("BRL")
        .setDueDate(LocalDate.of(2026, 3, 10))
        .setMethod(PaymentMethod.CARD)
        .setFailureCode("insufficient_funds")
        .setAttempt(2)
        .setCardExpiresOn(LocalDate.of(2027, 1, 31))
        .build();
  }

  public static UsageEvent usage() {
    return UsageEvent.newBuilder()
        .setEventId("use-1")
        .setCustomerId("c-1")
        .setEventTime(T0)
        .setEventType(UsageEventType.SURVEY_SCORE)
        .setUserId("u-7")
        .setFeature("reports")
        .setQuantity(3L)
        .setScore(4)
        .setSurvey(SurveyKind.NPS)
        .setTicketId("t-9")
        .build();
  }

  public static SubscriptionEvent subscription() {
    return SubscriptionEvent.newBuilder()
        .setEventId("sub-1")
        .setCustomerId("c-1")
        .setEventTime(T0)
        .setEventType(SubscriptionEventType.STARTED)
        .setSubscriptionId("s-1")
        .setPlanId("pro")
        .setMrrMinor(49_900L)
        .setCurrency("BRL")
        .setContractEndDate(LocalDate.of(2027, 2, 28))
        .setCancelReason(null)
        .setPlanLimit(10L)
        .setAttributes(Map.of("city", "Recife", "account_owner", "ana@carteira.io"))
        .setPreferredChannel(Channel.WHATSAPP)
        .setAcquisitionCostMinor(120_000L)
        .setCustomerName("Padaria Boa Vista")
        .build();
  }

  public static PolicyDocument policy() {
    return PolicyDocument.newBuilder()
        .setSegment("default")
        .setVersion(3L)
        .setPublishedAt(T0)
        .setPublishedBy("ops")
        .setBody("{\"grace_days\": 3}")
        .build();
  }

  public static CustomerHealth customerHealth() {
    return CustomerHealth.newBuilder()
        .setCustomerId("c-1")
        .setCustomerName("Padaria Boa Vista")
        .setPlanId("pro")
        .setMrrMinor(49_900L)
        .setCurrency("BRL")
        .setLifecycle(Lifecycle.PAST_DUE)
        .setPortfolioStatus(PortfolioStatus.ACTIVE)
        .setSegment(segment())
        .setHealthScore(41)
        .setHealthBand(HealthBand.AT_RISK)
        .setContributions(List.of(new HealthContribution("days_past_due", -30, "12 days past due")))
        .setDaysPastDue(12)
        .setOpenBalanceMinor(49_900L)
        .setOpenInvoices(1)
        .setOpenAlerts(1)
        .setUsageTrend(0.4)
        .setPaymentPunctuality(0.75)
        .setLastActivityAt(T0)
        .setAccountOwner("ana@carteira.io")
        .setPreferredChannel(Channel.EMAIL)
        .setPolicyVersion(3L)
        .setAsOf(T0)
        .setLastEventId("pay-1")
        .build();
  }

  public static RiskAlert riskAlert() {
    return RiskAlert.newBuilder()
        .setAlertId("alert-1")
        .setCustomerId("c-1")
        .setPattern("failed_payment_streak")
        .setChurnType(ChurnType.INVOLUNTARY)
        .setSeverity(Severity.HIGH)
        .setRiskScore(82)
        .setStatus(AlertStatus.OPEN)
        .setMrrAtRiskMinor(49_900L)
        .setCurrency("BRL")
        .setSegment(segment())
        .setAccountOwner("ana@carteira.io")
        .setEvidence(
            List.of(new EvidenceEvent("pay-1", "PAYMENT_FAILED", T0, "insufficient_funds")))
        .setWindowStart(T0.minusSeconds(864_000))
        .setWindowEnd(T0)
        .setThreshold("3 failures in 10 days")
        .setReasons(List.of("3 failed payments in 10 days"))
        .setRecommendedAction("call the customer")
        .setPolicyVersion(3L)
        .setEventTime(T0)
        .setDetectedAt(T0)
        .build();
  }

  public static DunningAction dunningAction() {
    return DunningAction.newBuilder()
        .setActionId("act-1")
        .setCustomerId("c-1")
        .setActionType(DunningActionType.OVERDUE_REMINDER)
        .setInvoiceId("inv-1")
        .setAmountMinor(19_990L)
        .setCurrency("BRL")
        .setDaysPastDue(5)
        .setDunningStep(2)
        .setChannel(Channel.SMS)
        .setLocale("pt-BR")
        .setPaymentMethod(PaymentMethod.BOLETO)
        .setAccountOwner("ana@carteira.io")
        .setScheduledFor(T0)
        .setPolicyVersion(3L)
        .setEventTime(T0)
        .build();
  }

  public static PortfolioMetric portfolioMetric() {
    return PortfolioMetric.newBuilder()
        .setMetric("nrr")
        .setWindowKind(MetricWindow.MONTH)
        .setWindowStart(T0)
        .setWindowEnd(T0.plusSeconds(86_400))
        .setDimensions(Map.of("value_tier", "KEY_ACCOUNT"))
        .setValue(1.04)
        .setValueMinor(null)
        .setCurrency("BRL")
        .setDefinitionVersion(1)
        .build();
  }

  public static DeadLetter deadLetter() {
    return DeadLetter.newBuilder()
        .setSourceTopic("payments")
        .setSourcePartition(1)
        .setSourceOffset(42L)
        .setSourceTimestamp(T0)
        .setKey(ByteBuffer.wrap(new byte[] {'c', '-', '1'}))
        .setValue(ByteBuffer.wrap(new byte[] {1, 2, 3}))
        .setErrorKind(DeadLetterKind.BAD_MAGIC_BYTE)
        .setErrorMessage("first byte is 0x01")
        .setSchemaId(null)
        .setEventId(null)
        .setCustomerId("c-1")
        .setEventTime(null)
        .build();
  }

  public static CustomerState customerState() {
    return CustomerState.newBuilder()
        .setCustomerId("c-1")
        .setCustomerName("Padaria Boa Vista")
        .setSubscriptionId("s-1")
        .setPlanId("pro")
        .setMrrMinor(49_900L)
        .setCurrency("BRL")
        .setSubscribed(true)
        .setStartedAt(T0)
        .setContractEndDate(LocalDate.of(2027, 2, 28))
        .setPlanLimit(10L)
        .setAccountOwner("ana@carteira.io")
        .setPreferredChannel(Channel.WHATSAPP)
        .setOpenInvoices(
            List.of(
                OpenInvoice.newBuilder()
                    .setInvoiceId("inv-1")
                    .setAmountMinor(19_990L)
                    .setDueDate(LocalDate.of(2026, 3, 10))
                    .setIssuedAt(T0)
                    .setMethod(PaymentMethod.BOLETO)
                    .build()))
        .setInvoicesPaidOnTime(4)
        .setInvoicesPaidLate(1)
        .setFailedPayments(2)
        .setOpenTickets(1)
        .setLastSurveyScore(6)
        .setFirstEventTime(T0)
        .setLastEventTime(T0)
        .build();
  }

  public static CustomerEvent customerEvent() {
    return CustomerEvent.newBuilder()
        .setEventId("pay-1")
        .setCustomerId("c-1")
        .setEventTime(T0)
        .setSourceTopic("payments")
        .setSourcePartition(0)
        .setSourceOffset(7L)
        .setPayment(payment())
        .build();
  }

  /** Every contract once, with the topic whose subject it is registered under. */
  public static Map<String, SpecificRecord> bySubject() {
    return Map.ofEntries(
        Map.entry("payments-value", payment()),
        Map.entry("usage-value", usage()),
        Map.entry("subscriptions-value", subscription()),
        Map.entry("policies-value", policy()),
        Map.entry("customer-health-value", customerHealth()),
        Map.entry("risk-alerts-value", riskAlert()),
        Map.entry("dunning-actions-value", dunningAction()),
        Map.entry("portfolio-metrics-value", portfolioMetric()),
        Map.entry("dead-letters-value", deadLetter()),
        Map.entry("customer-state-value", customerState()),
        Map.entry(
            "customer-activity-value",
            new CustomerActivity(T0, LocalDate.of(2026, 2, 23), List.of(5, 0, 7))),
        Map.entry("customer-event-value", customerEvent()));
  }
}
