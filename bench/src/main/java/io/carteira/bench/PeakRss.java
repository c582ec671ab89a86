package io.carteira.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/** The peak resident set size of this JVM (broker, registry and MiniCluster all live in it). */
final class PeakRss {

  private PeakRss() {}

  static long bytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (Exception e) {
      return -1;
    }
    return -1;
  }
}
