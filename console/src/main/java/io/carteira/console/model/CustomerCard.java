package io.carteira.console.model;

import io.carteira.schemas.CustomerHealth;
import java.time.Instant;

/**
 * What the console keeps of a customer's latest snapshot to count, sort and list it without
 * decoding: a few fields, with the snapshot's bytes kept apart for its page.
 */
public record CustomerCard(
    String id,
    String name,
    long mrrMinor,
    String currency,
    String lifecycle,
    String portfolioStatus,
    String valueTier,
    String paymentBehaviour,
    String engagement,
    String band,
    int score,
    int daysPastDue,
    long openBalanceMinor,
    int openInvoices,
    int openAlerts,
    String accountOwner,
    String policySegment,
    long policyVersion,
    Instant asOf) {

  static CustomerCard of(CustomerHealth h) {
    return new CustomerCard(
        h.getCustomerId(),
        h.getCustomerName(),
        h.getMrrMinor(),
        h.getCurrency(),
        h.getLifecycle().name(),
        h.getPortfolioStatus().name(),
        h.getSegment().getValueTier().name(),
        h.getSegment().getPaymentBehaviour().name(),
        h.getSegment().getEngagement().name(),
        h.getHealthBand().name(),
        h.getHealthScore(),
        h.getDaysPastDue(),
        h.getOpenBalanceMinor(),
        h.getOpenInvoices(),
        h.getOpenAlerts(),
        h.getAccountOwner(),
        h.getPolicySegment(),
        h.getPolicyVersion(),
        h.getAsOf());
  }

  /** Neither a prospect nor churned: a customer whose health counts. */
  public boolean live() {
    return !lifecycle.equals("PROSPECT") && !lifecycle.equals("CHURNED");
  }

  /** Live and in the at-risk or critical band. */
  public boolean atRisk() {
    return live() && (band.equals("AT_RISK") || band.equals("CRITICAL"));
  }

  /** The name as searched: lower case, or the id when the customer has no name. */
  String searchName() {
    return (name == null || name.isBlank() ? id : name).toLowerCase();
  }
}
