package io.carteira.embedded.replay;

import io.carteira.embedded.generator.GeneratedEvent;
import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * A public data set turned into Carteira's input events, in time order (ties keep the file's
 * order), so that a replay reaches the job as the portfolio happened. Each data set names its
 * mapping; nothing is invented beyond what the mapping says.
 */
public interface Dataset {

  /** The data set's name on the command line. */
  String name();

  /** The events of the data set in {@code directory}, in time order. */
  List<GeneratedEvent> events(Path directory, ZoneId zone) throws IOException;

  /** The data sets Carteira can replay. */
  static List<Dataset> all() {
    return List.of(
        new AccountsReceivableDataset(),
        new RavenStackDataset(),
        new RavenStackChurnDataset(),
        new KkboxDataset());
  }

  /** The data set called {@code name}; an error naming the known ones otherwise. */
  static Dataset named(String name) {
    return all().stream()
        .filter(d -> d.name().equalsIgnoreCase(name))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "unknown data set '"
                        + name
                        + "'; known: "
                        + all().stream().map(Dataset::name).toList()));
  }

  // --- helpers shared by the mappings
  // -------------------------------------------------------------

  /** The rows of a CSV file with a header row. */
  static List<CSVRecord> rows(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new NoSuchFileException(file.toString(), null, "the data set file is missing");
    }
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return CSVFormat.RFC4180
          .builder()
          .setHeader()
          .setSkipHeaderRecord(true)
          .get()
          .parse(reader)
          .getRecords();
    }
  }

  /** An amount in currency units (e.g. {@code 55.94}) in minor units. */
  static long minor(String amount) {
    return new BigDecimal(amount.trim())
        .movePointRight(2)
        .setScale(0, RoundingMode.HALF_UP)
        .longValueExact();
  }

  /** A business date at a local time of day. */
  static Instant at(LocalDate date, int hour, ZoneId zone) {
    return date.atTime(LocalTime.of(hour, 0)).atZone(zone).toInstant();
  }

  static boolean yes(String flag) {
    return flag != null
        && (flag.trim().toLowerCase(Locale.ROOT).equals("true")
            || flag.trim().equalsIgnoreCase("yes"));
  }

  /**
   * Sorts by event time; the sort is stable, so events at one instant keep the order they were read
   * in.
   */
  static List<GeneratedEvent> inTimeOrder(List<GeneratedEvent> events) {
    List<GeneratedEvent> sorted = new ArrayList<>(events);
    sorted.sort(Comparator.comparing(GeneratedEvent::eventTime));
    return sorted;
  }
}
