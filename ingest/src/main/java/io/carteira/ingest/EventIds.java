package io.carteira.ingest;

/**
 * Carteira event ids from the provider's: the provider's event id as is when a delivery maps to one
 * event, {@code <id>:<n>} (from 1, in the mapping's fixed order) when it maps to several. A
 * repeated delivery therefore produces the same ids, and the job's deduplication absorbs it.
 */
public final class EventIds {

  private EventIds() {}

  /** The id of the {@code index}-th (from 0) of {@code count} events of delivery {@code id}. */
  public static String of(String id, int index, int count) {
    return count == 1 ? id : id + ":" + (index + 1);
  }
}
