package io.carteira.console.model;

import io.carteira.schemas.DunningAction;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The dunning actions read from {@code dunning-actions}, as the notification services receive them:
 * the latest {@value #KEPT} kept, newest first, and every one counted by type and channel.
 */
public final class CollectionsLog {

  static final int KEPT = 5_000;

  private final ArrayDeque<DunningAction> latest = new ArrayDeque<>();
  private final Map<String, Long> byType = new TreeMap<>();
  private final Map<String, Long> byChannel = new TreeMap<>();
  private long total;

  public synchronized void apply(DunningAction action) {
    total++;
    byType.merge(action.getActionType().name(), 1L, Long::sum);
    byChannel.merge(action.getChannel().name(), 1L, Long::sum);
    latest.addFirst(action);
    if (latest.size() > KEPT) {
      latest.removeLast();
    }
  }

  /** A page of the latest actions of a type and channel (null: any), newest first. */
  public synchronized Page<DunningAction> page(String type, String channel, int offset, int limit) {
    List<DunningAction> admitted = new ArrayList<>();
    for (DunningAction a : latest) {
      if ((type == null || type.equals(a.getActionType().name()))
          && (channel == null || channel.equals(a.getChannel().name()))) {
        admitted.add(a);
      }
    }
    return Page.of(admitted, admitted.size(), offset, limit);
  }

  public synchronized Map<String, Long> byType() {
    return new TreeMap<>(byType);
  }

  public synchronized Map<String, Long> byChannel() {
    return new TreeMap<>(byChannel);
  }

  public synchronized long total() {
    return total;
  }
}
