package io.carteira.ingest;

import java.util.ArrayList;
import java.util.List;

/** A sink that keeps what it is sent, or refuses all of it while {@link #down} is set. */
public final class RecordingSink implements EventSink {

  public final List<Outgoing> sent = new ArrayList<>();
  public volatile boolean down;

  @Override
  public synchronized void send(List<Outgoing> records) throws Unavailable {
    if (down) {
      throw new Unavailable("down", null);
    }
    sent.addAll(records);
  }

  @Override
  public boolean ready() {
    return !down;
  }

  @Override
  public void close() {}
}
