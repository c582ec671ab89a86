package io.carteira.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code carteira console}'s refusals come before it reads anything, in one line. */
class ConsoleCommandTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return CarteiraCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  @Test
  void bindingBeyondLocalhostWithoutATokenIsRefused() {
    assertThat(run("console", "--bind", "0.0.0.0", "-b", "127.0.0.1:1"))
        .isEqualTo(CarteiraCli.FAILED);
    assertThat(err.toString().trim())
        .isEqualTo(
            "carteira: error: binding the console to 0.0.0.0 needs a token: --token-file FILE or"
                + " CARTEIRA_CONSOLE_TOKEN");
  }

  @Test
  void aStartThatIsNotOneIsRefused() {
    assertThat(run("console", "--from", "yesterday")).isEqualTo(CarteiraCli.FAILED);
    assertThat(err.toString()).contains("--from: 'yesterday' is not a start");
  }

  @Test
  void theTokenComesFromItsFile_elseFromTheEnvironment(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("token");
    Files.writeString(file, "  from-the-file\n");
    assertThat(ConsoleCommand.token(file, "from-the-environment")).isEqualTo("from-the-file");
    assertThat(ConsoleCommand.token(null, "from-the-environment"))
        .isEqualTo("from-the-environment");
    assertThat(ConsoleCommand.token(null, " ")).isNull();
    Files.writeString(file, "\n");
    assertThatThrownBy(() -> ConsoleCommand.token(file, null)).hasMessageContaining("is empty");
  }
}
