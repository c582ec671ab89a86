package io.carteira.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** No main source file of the console module is over 400 lines: classes stay small. */
class SourceSizeTest {

  private static final int MAX_LINES = 400;

  @Test
  void everyMainSourceFileIsAtMost400Lines() throws IOException {
    Path main = Path.of("src", "main", "java");
    assertThat(main).isDirectory();
    List<String> tooLong;
    try (Stream<Path> files = Files.walk(main)) {
      tooLong =
          files
              .filter(file -> file.toString().endsWith(".java"))
              .filter(SourceSizeTest::tooLong)
              .map(file -> main.relativize(file) + " (" + lines(file) + " lines)")
              .toList();
    }
    assertThat(tooLong).isEmpty();
  }

  private static boolean tooLong(Path file) {
    return lines(file) > MAX_LINES;
  }

  private static long lines(Path file) {
    try (Stream<String> lines = Files.lines(file)) {
      return lines.count();
    } catch (IOException e) {
      throw new IllegalStateException(file.toString(), e);
    }
  }
}
