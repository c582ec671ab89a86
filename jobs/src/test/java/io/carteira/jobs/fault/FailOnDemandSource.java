package io.carteira.jobs.fault;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * The job's real source, whose readers throw when the test asks for a failure: the task fails, the
 * job restarts from its latest completed checkpoint, as after any crash of a task. The ask is a
 * static counter, shared with the MiniCluster that runs in the test's own JVM; one reader takes
 * each ask. An ask can also be kept for the readers of the next restore, to fail that attempt in
 * turn before it completes a checkpoint: the job then restores the same checkpoint twice.
 */
final class FailOnDemandSource<T, S extends SourceSplit, E>
    implements Source<T, S, E>, ResultTypeQueryable<T> {

  private static final AtomicInteger ASKED = new AtomicInteger();
  private static final AtomicInteger INJECTED = new AtomicInteger();
  private static final AtomicInteger READERS = new AtomicInteger();
  private static final AtomicInteger ASKED_OF_NEXT_READERS = new AtomicInteger();
  private static volatile int nextReadersAfter = Integer.MAX_VALUE;
  private static volatile long nextReadersPolls;

  /** The splits each reader was first given, with their starting offsets, by reader number. */
  private static final Map<Integer, Set<String>> FIRST_SPLITS = new ConcurrentSkipListMap<>();

  private final Source<T, S, E> source;

  FailOnDemandSource(Source<T, S, E> source) {
    this.source = source;
  }

  /** {@code source}, failing on demand. */
  static <T, S extends SourceSplit, E> Source<T, S, E> wrap(Source<T, S, E> source) {
    return new FailOnDemandSource<>(source);
  }

  /** Makes the next reader that polls throw. */
  static void failOnce() {
    ASKED.incrementAndGet();
  }

  /**
   * Makes one of the readers created from now on (those of the next restore) throw once it has been
   * polled {@code polls} times (a poll hands out a record at most), or at its first checkpoint if
   * that comes first: that attempt completes no checkpoint.
   */
  static void failOnceInNextReaders(long polls) {
    nextReadersPolls = polls;
    nextReadersAfter = READERS.get();
    ASKED_OF_NEXT_READERS.incrementAndGet();
  }

  /** Failures thrown so far. */
  static int injected() {
    return INJECTED.get();
  }

  static void reset() {
    ASKED.set(0);
    INJECTED.set(0);
    ASKED_OF_NEXT_READERS.set(0);
    nextReadersAfter = Integer.MAX_VALUE;
    FIRST_SPLITS.clear();
  }

  /**
   * Where each attempt created since {@link #failOnceInNextReaders} started reading: per attempt
   * (its {@code parallelism} readers in creation order), the splits its readers were first given,
   * with their starting offsets. A restored reader is given the splits of the checkpoint it
   * restores, so two attempts with equal entries restored the same source state.
   */
  static List<Set<String>> startingSplitsOfNextAttempts(int parallelism) {
    List<Set<String>> attempts = new ArrayList<>();
    FIRST_SPLITS.forEach(
        (number, splits) -> {
          if (number > nextReadersAfter) {
            int attempt = (number - nextReadersAfter - 1) / parallelism;
            while (attempts.size() <= attempt) {
              attempts.add(new TreeSet<>());
            }
            attempts.get(attempt).addAll(splits);
          }
        });
    return attempts;
  }

  private static boolean take(AtomicInteger asks) {
    int asked = asks.get();
    return asked > 0 && asks.compareAndSet(asked, asked - 1);
  }

  @Override
  @SuppressWarnings("unchecked")
  public TypeInformation<T> getProducedType() {
    return ((ResultTypeQueryable<T>) source).getProducedType();
  }

  @Override
  public Boundedness getBoundedness() {
    return source.getBoundedness();
  }

  @Override
  public SplitEnumerator<S, E> createEnumerator(SplitEnumeratorContext<S> context)
      throws Exception {
    return source.createEnumerator(context);
  }

  @Override
  public SplitEnumerator<S, E> restoreEnumerator(SplitEnumeratorContext<S> context, E checkpoint)
      throws Exception {
    return source.restoreEnumerator(context, checkpoint);
  }

  @Override
  public SimpleVersionedSerializer<S> getSplitSerializer() {
    return source.getSplitSerializer();
  }

  @Override
  public SimpleVersionedSerializer<E> getEnumeratorCheckpointSerializer() {
    return source.getEnumeratorCheckpointSerializer();
  }

  @Override
  public SourceReader<T, S> createReader(SourceReaderContext context) throws Exception {
    SourceReader<T, S> reader = source.createReader(context);
    int number = READERS.incrementAndGet();
    return new SourceReader<>() {
      private long polls;

      @Override
      public void start() {
        reader.start();
      }

      @Override
      public InputStatus pollNext(ReaderOutput<T> output) throws Exception {
        if (take(ASKED)
            || (number > nextReadersAfter
                && polls >= nextReadersPolls
                && take(ASKED_OF_NEXT_READERS))) {
          INJECTED.incrementAndGet();
          throw new IllegalStateException("failure injected by the test");
        }
        polls++;
        return reader.pollNext(output);
      }

      @Override
      public CompletableFuture<Void> isAvailable() {
        return reader.isAvailable();
      }

      @Override
      public List<S> snapshotState(long checkpointId) {
        if (number > nextReadersAfter && take(ASKED_OF_NEXT_READERS)) {
          // the restored attempt must fail before it completes a checkpoint, however slowly it
          // polls
          INJECTED.incrementAndGet();
          throw new IllegalStateException(
              "failure injected by the test, at the restored attempt's first checkpoint");
        }
        return reader.snapshotState(checkpointId);
      }

      @Override
      public void addSplits(List<S> splits) {
        FIRST_SPLITS.computeIfAbsent(
            number,
            n ->
                splits.stream()
                    .map(Object::toString)
                    .collect(Collectors.toCollection(TreeSet::new)));
        reader.addSplits(splits);
      }

      @Override
      public void notifyNoMoreSplits() {
        reader.notifyNoMoreSplits();
      }

      @Override
      public void handleSourceEvents(SourceEvent event) {
        reader.handleSourceEvents(event);
      }

      @Override
      public void pauseOrResumeSplits(Collection<String> toPause, Collection<String> toResume) {
        reader.pauseOrResumeSplits(toPause, toResume);
      }

      @Override
      public void notifyCheckpointComplete(long checkpointId) throws Exception {
        reader.notifyCheckpointComplete(checkpointId);
      }

      @Override
      public void notifyCheckpointAborted(long checkpointId) throws Exception {
        reader.notifyCheckpointAborted(checkpointId);
      }

      @Override
      public void close() throws Exception {
        reader.close();
      }
    };
  }
}
