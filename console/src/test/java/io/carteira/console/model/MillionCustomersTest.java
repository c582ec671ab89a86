package io.carteira.console.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.carteira.schemas.CustomerHealth;
import io.carteira.schemas.HealthBand;
import io.carteira.schemas.Lifecycle;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A million customers in {@code customer-health}: what a page asks of the book (a search, a page of
 * the at-risk list deep down, the counts per status and segment) answers in milliseconds, since
 * none of it walks the whole portfolio.
 */
class MillionCustomersTest {

  private static final int CUSTOMERS = 1_000_000;
  private static final String[] WORDS = {"Padaria", "Oficina", "Estúdio", "Clínica", "Loja"};

  @Test
  void searchesPagesAndCountsStayFastWithAMillionCustomers() {
    CustomerBook book = new CustomerBook();
    byte[] wire = new byte[0];
    CustomerHealth h = Records.health("x", "x", 0, Lifecycle.ACTIVE, HealthBand.HEALTHY, 90);
    for (int i = 0; i < CUSTOMERS; i++) {
      boolean atRisk = i % 10 == 0;
      h.setCustomerId(String.format("cus-%07d", i));
      h.setCustomerName(WORDS[i % WORDS.length] + " Nº " + i);
      h.setMrrMinor(1_000L + (i % 997) * 100L);
      h.setHealthBand(atRisk ? HealthBand.AT_RISK : HealthBand.HEALTHY);
      h.setHealthScore(atRisk ? 40 : 90);
      book.apply(h, wire);
    }
    assertThat(book.size()).isEqualTo(CUSTOMERS);

    long took = time(() -> assertThat(book.search("cus-00042", 20)).hasSize(20));
    assertThat(took).as("search by id, ms").isLessThan(100);
    took = time(() -> assertThat(book.search("clínica nº 99", 20)).isNotEmpty());
    assertThat(took).as("search by name, ms").isLessThan(500);
    took = time(() -> assertThat(book.atRisk(90_000, 25).items()).hasSize(25));
    assertThat(took).as("a page of the at-risk list 90,000 rows down, ms").isLessThan(200);
    took =
        time(
            () -> {
              Map<String, Map<String, long[]>> tallies = book.tallies();
              assertThat(tallies.get("portfolio_status").get("ACTIVE")[0]).isEqualTo(CUSTOMERS);
              assertThat(tallies.get("health_band").get("AT_RISK")[0]).isEqualTo(CUSTOMERS / 10);
            });
    assertThat(took).as("counts per status and segment, ms").isLessThan(50);

    List<CustomerCard> first = book.atRisk(0, 3).items();
    assertThat(first.get(0).mrrMinor()).isGreaterThanOrEqualTo(first.get(2).mrrMinor());
  }

  private static long time(Runnable r) {
    r.run(); // once to warm up
    long start = System.nanoTime();
    r.run();
    return (System.nanoTime() - start) / 1_000_000;
  }
}
