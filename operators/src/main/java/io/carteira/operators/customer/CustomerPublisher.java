package io.carteira.operators.customer;

import io.carteira.operators.metrics.MrrMovements;
import io.carteira.operators.metrics.PortfolioFacts;
import io.carteira.operators.metrics.PortfolioSegments;
import io.carteira.operators.model.Standing;
import io.carteira.operators.policy.Policy;
import io.carteira.operators.risk.ChurnConditions;
import io.carteira.operators.risk.RiskWatch;
import io.carteira.operators.segment.ValueTiers;
import io.carteira.schemas.ChurnSignal;
import io.carteira.schemas.CustomerActivity;
import io.carteira.schemas.CustomerEvent;
import io.carteira.schemas.CustomerHealth;
import io.carteira.schemas.CustomerState;
import io.carteira.schemas.DunningEvent;
import io.carteira.schemas.MrrMovement;
import io.carteira.schemas.OpenInvoice;
import io.carteira.schemas.PaymentBehaviour;
import io.carteira.schemas.PortfolioFact;
import io.carteira.schemas.RiskSignal;
import io.carteira.schemas.ValueTier;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;

/**
 * What a customer's change publishes, as plain Java: the event folded into the state, the dunning
 * ladder's input, the portfolio facts (a payment, an MRR movement), the health snapshot when it
 * changed, the risk signals, and the instant of the customer's next timer. {@link
 * CustomerStateFunction} loads the state, calls this and stores and emits what comes out.
 */
final class CustomerPublisher {

  /** Where the outputs go, in the order they are published. */
  interface Outputs {
    void dunningEvent(DunningEvent event);

    void portfolioFact(PortfolioFact fact);

    void snapshot(CustomerHealth snapshot);

    void churnSignal(ChurnSignal signal);

    void riskSignal(RiskSignal signal);

    /** A new event-time timer for the customer. */
    void timer(Instant at);
  }

  private final ZoneId zone;
  private final CustomerStateFold fold;
  private final PortfolioFacts facts;
  private final SnapshotFingerprint fingerprint = new SnapshotFingerprint();
  private final RiskWatch riskWatch;

  CustomerPublisher(ZoneId zone) {
    this.zone = zone;
    this.fold = new CustomerStateFold(zone);
    this.facts = new PortfolioFacts(zone);
    this.riskWatch = new RiskWatch(zone);
  }

  /**
   * Folds {@code event} into the customer's state; a payment's portfolio fact goes out at once.
   *
   * @param policyBefore the policy that judged the customer before the event (read for payments)
   */
  void fold(
      CustomerState state,
      CustomerActivity uses,
      CustomerEvent event,
      Policy policyBefore,
      Outputs out) {
    Map<String, OpenInvoice> openBefore = null;
    PaymentBehaviour behaviourBefore = null;
    if (event.getPayment() != null) {
      openBefore = PortfolioFacts.openInvoices(state);
      behaviourBefore = Standing.paymentHistory(state, policyBefore.punctuality());
    }
    fold.apply(state, uses, event);
    if (event.getPayment() != null) {
      PortfolioFact fact = facts.ofPayment(event.getPayment(), openBefore, state, behaviourBefore);
      if (fact != null) {
        out.portfolioFact(fact);
      }
    }
  }

  /**
   * Publishes the customer as of {@code asOf}.
   *
   * @param cause the event id, or the timer that woke the customer
   * @param event the event just folded in; null on a timer
   * @param mrrBefore, seatsBefore the customer's MRR and seats before that event
   * @param tier the customer's value tier now, and {@code policy} that tier's policy
   * @param watermark the operator's current watermark
   * @return whether the snapshot changed
   */
  boolean publish(
      CustomerState state,
      CustomerActivity uses,
      Instant asOf,
      String cause,
      CustomerEvent event,
      long mrrBefore,
      Long seatsBefore,
      ValueTier tier,
      Policy policy,
      long watermark,
      Outputs out) {
    if (event != null && (event.getPayment() != null || event.getSubscription() != null)) {
      out.dunningEvent(dunningEvent(state, event, ValueTiers.segmentOf(tier), policy));
    }
    if (event != null && event.getSubscription() != null && mrrBefore != state.getMrrMinor()) {
      out.portfolioFact(mrrMovement(state, event, mrrBefore, tier, policy));
    }
    CustomerHealth snapshot =
        CustomerSnapshots.snapshot(state, uses, asOf, policy, zone, tier, cause);
    int print = fingerprint.of(snapshot);
    boolean changed = print != state.getSnapshotFingerprint();
    if (changed) {
      state.setSnapshotFingerprint(print);
      state.setValueTier(tier);
      state.setPolicyVersion(policy.version());
      out.snapshot(snapshot);
    }
    RiskWatch.Published risk =
        riskWatch.publish(
            state, uses, snapshot, asOf, event, mrrBefore, seatsBefore, policy, watermark);
    String segment = ValueTiers.segmentOf(tier);
    for (ChurnSignal signal : risk.churnSignals()) {
      signal.setPolicySegment(segment); // the sequences read this segment's policy in force
      out.churnSignal(signal);
    }
    if (risk.context() != null) {
      out.riskSignal(risk.context());
    }
    Instant next = nextTimer(state, uses, asOf, risk.judgedAt(), policy);
    // One live timer per customer. A later boundary keeps the pending, earlier timer: it fires,
    // finds nothing changed and sets the next one. Only an earlier boundary registers anew (the
    // old timer, no longer the pending one, is then ignored when it fires): no delete per event.
    Instant pending = state.getSnapshotTimerAt();
    if (pending == null || next.isBefore(pending)) {
      state.setSnapshotTimerAt(next);
      out.timer(next);
    }
    return changed;
  }

  /**
   * The earliest of: the snapshot changes with time alone, a condition starts, the state's
   * retention ends.
   */
  private Instant nextTimer(
      CustomerState state, CustomerActivity uses, Instant asOf, Instant judgedAt, Policy policy) {
    Instant next = CustomerSnapshots.nextChange(state, uses, asOf, policy, zone);
    Instant conditionStarts = ChurnConditions.nextChange(state, uses, judgedAt, policy, zone);
    if (conditionStarts != null && (next == null || conditionStarts.isBefore(next))) {
      next = conditionStarts;
    }
    Instant retention = CustomerSnapshots.retentionEnds(state, uses, policy);
    return next == null || retention.isBefore(next) ? retention : next;
  }

  /** The MRR movement of a subscription event, as a portfolio fact; pins the channel. */
  private PortfolioFact mrrMovement(
      CustomerState state, CustomerEvent event, long mrrBefore, ValueTier tier, Policy policy) {
    LocalDate today = event.getEventTime().atZone(zone).toLocalDate();
    boolean involuntary =
        state.getHardDecline() != null
            || Standing.daysPastDue(state, today) >= ChurnConditions.ladderEnd(state, policy);
    MrrMovement movement =
        MrrMovements.of(
            state.getCustomerId(),
            event.getEventId(),
            event.getEventTime(),
            mrrBefore,
            state.getMrrMinor(),
            state.getMrrChurned(),
            involuntary,
            state.getCurrency(),
            mrrBefore > 0 ? state.getValueTier() : tier);
    if (state.getMrrMinor() == 0) {
      state.setMrrChurned(true);
    }
    if (state.getAcquisitionChannel() == null) {
      state.setAcquisitionChannel(
          PortfolioSegments.UNKNOWN); // pays without one stated: pinned as unknown
    }
    return PortfolioFacts.ofSubscription(
        event.getSubscription(), movement, state.getAcquisitionChannel());
  }

  /**
   * The dunning ladder's input: the payment or subscription event and what is known of the
   * customer.
   */
  private static DunningEvent dunningEvent(
      CustomerState state, CustomerEvent event, String segment, Policy policy) {
    return DunningEvent.newBuilder()
        .setCustomerId(state.getCustomerId())
        .setEventTime(event.getEventTime())
        .setPayment(event.getPayment())
        .setSubscription(event.getSubscription())
        .setPolicySegment(segment)
        .setPaymentHistory(Standing.paymentHistory(state, policy.punctuality()))
        .setCustomerName(state.getCustomerName())
        .setPreferredChannel(state.getPreferredChannel())
        .setAccountOwner(state.getAccountOwner())
        .setContractEndDate(state.getContractEndDate())
        .setSubscribed(state.getSubscribed())
        .setCancellationRequested(state.getCancellationRequested())
        .build();
  }
}
