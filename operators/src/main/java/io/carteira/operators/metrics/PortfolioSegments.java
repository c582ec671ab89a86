package io.carteira.operators.metrics;

import io.carteira.schemas.MovementTotals;
import io.carteira.schemas.PortfolioFact;
import io.carteira.schemas.PortfolioSlice;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The segment dimensions of the portfolio metrics and the slices of the portfolio a fact counts in.
 * A customer's segment in a dimension must not move while it holds a balance there (MRR, open
 * invoices), or the slice's balances would drift from its movements. So each dimension is pinned:
 *
 * <ul>
 *   <li>{@value #ACQUISITION_CHANNEL}: how the customer was acquired, fixed when it first pays. Its
 *       slices carry the MRR family: MRR and its movements, customers, churn and retention rates,
 *       ARPA, LTV, CAC, payback and revenue concentration.
 *   <li>{@value #PAYMENT_BEHAVIOUR}: the customer's payment behaviour from its payment history
 *       ({@code PUNCTUAL}, {@code OCCASIONALLY_LATE}, {@code CHRONICALLY_LATE}, {@code UNKNOWN}
 *       before any invoice is paid) when an invoice is issued, kept by that invoice for its life.
 *       Its slices carry the receivables family (open and past-due receivables, aging, recoveries)
 *       and the payments family (attempts and failures on the invoice, refunds: the behaviour at
 *       the event when no open invoice is named).
 * </ul>
 *
 * Plain Java, free of Flink.
 */
public final class PortfolioSegments {

  public static final String ACQUISITION_CHANNEL = "acquisition_channel";
  public static final String PAYMENT_BEHAVIOUR = "payment_behaviour";

  /** The segment of a customer or invoice whose dimension value is not known. */
  public static final String UNKNOWN = "unknown";

  private PortfolioSegments() {}

  /** The families of metrics a slice reports. */
  public enum Families {
    ALL(true, true),
    MRR(true, false),
    RECEIVABLES_AND_PAYMENTS(false, true);

    public final boolean mrr;
    public final boolean receivablesAndPayments;

    Families(boolean mrr, boolean receivablesAndPayments) {
      this.mrr = mrr;
      this.receivablesAndPayments = receivablesAndPayments;
    }
  }

  /**
   * The metric families of a slice: all for the whole portfolio, those its dimension carries for a
   * segment.
   */
  public static Families familiesOf(String dimension) {
    if (dimension == null) {
      return Families.ALL;
    }
    return switch (dimension) {
      case ACQUISITION_CHANNEL -> Families.MRR;
      case PAYMENT_BEHAVIOUR -> Families.RECEIVABLES_AND_PAYMENTS;
      default -> throw new IllegalArgumentException("no segment dimension " + dimension);
    };
  }

  /**
   * A slice of the portfolio: the whole of one currency ({@code dimension} null), or one segment of
   * it. Its key is the currency alone for the whole portfolio (the key before segments existed, so
   * the state of a savepoint taken then still applies), else currency, dimension and segment.
   */
  public record Slice(String currency, String dimension, String segment) {

    public static Slice of(PortfolioSlice slice) {
      return new Slice(slice.getCurrency(), slice.getDimension(), slice.getSegment());
    }

    public String key() {
      return dimension == null ? currency : currency + '/' + dimension + '=' + segment;
    }

    /**
     * The dimensions its metric records name (besides their own breakdown, such as the aging
     * bucket).
     */
    public Map<String, String> dimensions() {
      return dimension == null ? Map.of() : Map.of(dimension, segment);
    }

    public Families families() {
      return familiesOf(dimension);
    }

    /** An empty sum of this slice's facts of one day. */
    public PortfolioSlice empty(int day) {
      return PortfolioSlice.newBuilder()
          .setCurrency(currency)
          .setDimension(dimension)
          .setSegment(segment)
          .setTotals(MovementTotals.newBuilder().setDay(day).build())
          .build();
    }
  }

  /** The slices a fact counts in: its currency's whole portfolio, and each segment it names. */
  public static List<Slice> slicesOf(PortfolioFact fact) {
    List<Slice> slices = new ArrayList<>(1 + fact.getSegments().size());
    slices.add(new Slice(fact.getCurrency(), null, null));
    for (Map.Entry<String, String> segment : fact.getSegments().entrySet()) {
      slices.add(new Slice(fact.getCurrency(), segment.getKey(), segment.getValue()));
    }
    return slices;
  }

  /** The key of the slice a sum belongs to. */
  public static String keyOf(PortfolioSlice slice) {
    return Slice.of(slice).key();
  }
}
