package io.carteira.embedded.generator;

import io.carteira.embedded.generator.CustomerProfile.Plan;
import io.carteira.embedded.replay.ChurnOutcome;
import io.carteira.schemas.Channel;
import io.carteira.schemas.ChurnType;
import io.carteira.schemas.PaymentMethod;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * A synthetic Brazilian subscription portfolio, simulated day by day: BRL plans, card, boleto and
 * PIX, decline codes, seats, logins, tickets and NPS, and cohorts that drift towards voluntary or
 * involuntary churn. Deterministic for a seed: the same seed gives the same events, byte for byte,
 * in the same order (each day's events sorted by time). The cohort of each customer is the ground
 * truth tests and reports compare detections with.
 */
public final class PortfolioGenerator {

  public static final LocalDate DEFAULT_START = LocalDate.of(2026, 1, 5);

  private static final String[] BUSINESS = {
    "Padaria",
    "Clínica",
    "Escola",
    "Academia",
    "Mercado",
    "Oficina",
    "Farmácia",
    "Pet Shop",
    "Restaurante",
    "Consultoria",
    "Transportadora",
    "Studio",
    "Colégio",
    "Loja",
    "Construtora",
    "Ótica"
  };
  private static final String[] NAME = {
    "São Jorge",
    "Boa Vista",
    "Aurora",
    "Nova Era",
    "Santa Luzia",
    "Primavera",
    "do Vale",
    "Central",
    "Horizonte",
    "Ipê",
    "Jacarandá",
    "Estrela",
    "Bom Jesus",
    "Atlântico",
    "Serra Azul",
    "Sabiá"
  };
  private static final String[] CITY = {
    "São Paulo",
    "Rio de Janeiro",
    "Belo Horizonte",
    "Recife",
    "Salvador",
    "Fortaleza",
    "Curitiba",
    "Porto Alegre",
    "Manaus",
    "Goiânia",
    "Campinas",
    "Florianópolis"
  };
  private static final String[] INDUSTRY = {
    "varejo", "saúde", "educação", "serviços", "alimentação", "logística", "tecnologia"
  };
  private static final String[] OWNER = {
    "ana.souza", "bruno.lima", "carla.mendes", "diego.alves", "elisa.rocha"
  };
  private final long seed;
  private final boolean noisy;
  private final int startSpreadDays;
  private final ZoneId zone;
  private final LocalDate start;
  private final List<CustomerProfile> profiles = new ArrayList<>();
  private final Map<String, SimulatedCustomer> simulated = new LinkedHashMap<>();
  private int nextDay;

  public PortfolioGenerator(long seed, int customers) {
    this(seed, customers, DEFAULT_START, ZoneId.of("America/Sao_Paulo"));
  }

  public PortfolioGenerator(long seed, int customers, LocalDate start, ZoneId zone) {
    this(seed, customers, start, zone, 45);
  }

  /** As above; customers start within the first {@code startSpreadDays} days (1: all on day 0). */
  public PortfolioGenerator(
      long seed, int customers, LocalDate start, ZoneId zone, int startSpreadDays) {
    this(seed, customers, start, zone, startSpreadDays, false);
  }

  /**
   * As above; {@code noisy} gives the evaluation profile: 15% of customers heading to churn instead
   * of 20%, and most customers who stay with the ordinary {@link Noise} of life (holidays, a late
   * boleto, a soft decline, a bad score, a seasonal pause, small accounts). Without it the
   * portfolio is the demo's.
   */
  public PortfolioGenerator(
      long seed, int customers, LocalDate start, ZoneId zone, int startSpreadDays, boolean noisy) {
    this.seed = seed;
    this.noisy = noisy;
    this.startSpreadDays = Math.max(1, startSpreadDays);
    this.zone = zone;
    this.start = start;
    for (int i = 0; i < customers; i++) {
      CustomerProfile profile = profile(i, startSpreadDays);
      Noise noise =
          noisy && profile.cohort() == Cohort.HEALTHY
              ? Noise.draw(seed, i, profile.method())
              : Noise.NONE;
      if (noise.has(Noise.Kind.SMALL_ACCOUNT)) {
        profile = smallAccount(profile, seed);
      }
      profiles.add(profile);
      simulated.put(profile.customerId(), new SimulatedCustomer(profile, noise, seed, start, zone));
    }
  }

  public List<CustomerProfile> customers() {
    return List.copyOf(profiles);
  }

  public Cohort cohortOf(String customerId) {
    SimulatedCustomer s = simulated.get(customerId);
    return s == null ? null : s.profile.cohort();
  }

  /** The noise of a customer (empty for one without, and for every customer of the demo's). */
  public Set<Noise.Kind> noiseOf(String customerId) {
    SimulatedCustomer s = simulated.get(customerId);
    return s == null ? Set.of() : s.noise.kinds();
  }

  /**
   * How every customer ended over the days simulated so far: the label an evaluation scores alerts
   * against. A customer churned at its cancellation, voluntary (asked to cancel) or involuntary
   * (cancelled for non-payment); every other customer stayed, including one still heading to churn.
   */
  public List<ChurnOutcome> outcomes() {
    List<ChurnOutcome> outcomes = new ArrayList<>();
    for (SimulatedCustomer s : simulated.values()) {
      String id = s.profile.customerId();
      Cohort cohort = s.profile.cohort();
      String evidence =
          "cohort " + cohort + (s.noise.kinds().isEmpty() ? "" : " " + s.noise.kinds());
      outcomes.add(
          s.churnedAt == null
              ? ChurnOutcome.stayed(id, evidence)
              : new ChurnOutcome(
                  id,
                  s.churnedAt,
                  cohort == Cohort.INVOLUNTARY_CHURN ? ChurnType.INVOLUNTARY : ChurnType.VOLUNTARY,
                  evidence));
    }
    return outcomes;
  }

  /**
   * The portfolio going on live from now on: the same customers, as the days simulated so far left
   * them, giving {@code eventsPerSecond} events a second stamped with {@code clock}.
   */
  public LiveFeed live(Clock clock, double eventsPerSecond) {
    return new LiveFeed(List.copyOf(simulated.values()), seed, start, zone, clock, eventsPerSecond);
  }

  /** The simulated date of day {@code day}. */
  public LocalDate date(int day) {
    return start.plusDays(day);
  }

  /** The next day to simulate. */
  public int nextDay() {
    return nextDay;
  }

  /** Simulates the next day and returns its events in time order. */
  public List<GeneratedEvent> nextDayEvents() {
    int day = nextDay++;
    List<GeneratedEvent> events = new ArrayList<>();
    for (SimulatedCustomer customer : simulated.values()) {
      customer.simulate(day, events);
    }
    events.sort(
        Comparator.comparing(GeneratedEvent::eventTime).thenComparing(GeneratedEvent::customerId));
    return events;
  }

  private CustomerProfile profile(int index, int startSpreadDays) {
    SplittableRandom r = new SplittableRandom(mix(seed, index, -1));
    String id = String.format("cus-%05d", index + 1);
    double roll = r.nextDouble();
    // the evaluation profile: 73% healthy, 12% late payers, 7.5% of each churn
    double[] upTo = noisy ? new double[] {0.73, 0.85, 0.925} : new double[] {0.68, 0.80, 0.90};
    Cohort cohort =
        roll < upTo[0]
            ? Cohort.HEALTHY
            : roll < upTo[1]
                ? Cohort.LATE_PAYER
                : roll < upTo[2] ? Cohort.INVOLUNTARY_CHURN : Cohort.VOLUNTARY_CHURN;
    double planRoll = r.nextDouble();
    Plan plan =
        planRoll < 0.45
            ? Plan.ESSENCIAL
            : planRoll < 0.80
                ? Plan.PROFISSIONAL
                : planRoll < 0.95 ? Plan.EMPRESARIAL : Plan.CORPORATIVO;
    double methodRoll = r.nextDouble();
    PaymentMethod method =
        methodRoll < 0.45
            ? PaymentMethod.CARD
            : methodRoll < 0.75 ? PaymentMethod.BOLETO : PaymentMethod.PIX;
    if (cohort == Cohort.INVOLUNTARY_CHURN) {
      method = r.nextDouble() < 0.7 ? PaymentMethod.CARD : PaymentMethod.BOLETO;
    }
    if (cohort == Cohort.LATE_PAYER && method == PaymentMethod.CARD) {
      method = PaymentMethod.BOLETO;
    }
    double channelRoll = r.nextDouble();
    Channel channel =
        channelRoll < 0.5 ? Channel.WHATSAPP : channelRoll < 0.85 ? Channel.EMAIL : Channel.SMS;
    String name = BUSINESS[r.nextInt(BUSINESS.length)] + " " + NAME[r.nextInt(NAME.length)];
    int startDay = r.nextInt(startSpreadDays);
    int driftDay = startDay + 20 + r.nextInt(60);
    int seats = 1 + r.nextInt((int) Math.max(1, plan.seatLimit * 0.8));
    return new CustomerProfile(
        id,
        index,
        name,
        CITY[r.nextInt(CITY.length)],
        INDUSTRY[r.nextInt(INDUSTRY.length)],
        plan,
        method,
        channel,
        OWNER[index % OWNER.length] + "@carteira.example",
        cohort,
        startDay,
        driftDay,
        seats);
  }

  /** A one- or two-seat account on the smallest plan. */
  private static CustomerProfile smallAccount(CustomerProfile p, long seed) {
    int seats = 1 + (int) (mix(seed, p.index(), -3) & 1);
    return new CustomerProfile(
        p.customerId(),
        p.index(),
        p.name(),
        p.city(),
        p.industry(),
        Plan.ESSENCIAL,
        p.method(),
        p.channel(),
        p.accountOwner(),
        p.cohort(),
        p.startDay(),
        p.driftDay(),
        seats);
  }

  /**
   * A boleto's digitable line or a PIX copy-and-paste code for an invoice (shaped like real ones;
   * not payable).
   */
  static String paymentReference(PaymentMethod method, String invoiceId, long amount) {
    long h = mix(invoiceId.hashCode(), (int) amount, 7) & Long.MAX_VALUE;
    return switch (method) {
      case BOLETO ->
          String.format(
              "34191.%05d %05d.%06d %05d.%06d %d %04d%010d",
              h % 100_000,
              (h / 7) % 100_000,
              (h / 11) % 1_000_000,
              (h / 13) % 100_000,
              (h / 17) % 1_000_000,
              1 + h % 9,
              1000 + (h / 19) % 9000,
              amount);
      case PIX ->
          "00020126580014br.gov.bcb.pix0136"
              + UUID.nameUUIDFromBytes(invoiceId.getBytes(StandardCharsets.UTF_8))
              + "52040000530398654"
              + pixField(String.format(Locale.ROOT, "%.2f", amount / 100.0))
              + "5802BR6304"
              + String.format("%04X", h % 65_536);
      default -> null;
    };
  }

  private static String pixField(String value) {
    return String.format("%02d", value.length()) + value;
  }

  static long mix(long seed, int customer, int day) {
    long h =
        seed * 0x9E3779B97F4A7C15L + customer * 0xC2B2AE3D27D4EB4FL + day * 0x165667B19E3779F9L;
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    return h;
  }
}
