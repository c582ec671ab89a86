package io.carteira.ingest.asaas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.carteira.ingest.Delivery;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AsaasTokenTest {

  private final AsaasToken check = new AsaasToken("a-long-token-chosen-in-asaas");

  private static Delivery with(Map<String, String> headers) {
    return new Delivery(headers, new byte[0], Instant.EPOCH);
  }

  @Test
  void theConfiguredTokenPasses() {
    assertThat(check.refusal(with(Map.of("asaas-access-token", "a-long-token-chosen-in-asaas"))))
        .isNull();
  }

  @Test
  void anotherTokenOrNoneIsRefused() {
    assertThat(check.refusal(with(Map.of("asaas-access-token", "a-long-token-chosen-in-asaaS"))))
        .isEqualTo("bad_token");
    assertThat(check.refusal(with(Map.of("asaas-access-token", "short")))).isEqualTo("bad_token");
    assertThat(check.refusal(with(Map.of()))).isEqualTo("no_token");
  }

  @Test
  void aBlankTokenIsNoConfiguration() {
    assertThatThrownBy(() -> new AsaasToken(" ")).isInstanceOf(IllegalArgumentException.class);
  }
}
