package io.carteira.bench;

import java.io.PrintStream;

/** A one-line progress bar on stderr. */
final class Progress {

  private static final PrintStream OUT = System.err;

  private Progress() {}

  static void bar(String label, long done, long total) {
    int width = 30;
    double share = total <= 0 ? 0 : Math.min(1.0, (double) done / total);
    int filled = (int) Math.round(share * width);
    OUT.printf(
        "\r  %-44s [%s%s] %3d%%  %,d/%,d   ",
        label,
        "#".repeat(filled),
        "-".repeat(width - filled),
        Math.round(share * 100),
        done,
        total);
    OUT.flush();
  }

  static void done(String line) {
    OUT.printf("\r  %-110s%n", line);
    OUT.flush();
  }

  static void phase(String line) {
    OUT.println(line);
    OUT.flush();
  }
}
