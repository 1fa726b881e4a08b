package io.allkinds.store;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongConsumer;

/**
 * The signal live feeds wait on: the writer reports each new high-water mark of the journal, and
 * every subscriber is told; subscribers then read the new rows with {@link ChangeQueries}, so a
 * reconnecting client resumes by sequence number and nothing but the journal is shared.
 */
public final class JournalTail {

  private final List<LongConsumer> subscribers = new CopyOnWriteArrayList<>();
  private volatile long latest;

  /** Connects the tail to the writer. */
  public JournalTail(ChangeWriter writer) {
    latest = writer.lastSeq();
    writer.onCommit(this::committed);
  }

  private void committed(long seq) {
    latest = seq;
    for (LongConsumer s : subscribers) {
      s.accept(seq);
    }
  }

  /** The newest sequence number in the journal. */
  public long latest() {
    return latest;
  }

  /** Tells {@code subscriber} each new high-water mark, on the writer's thread: it must only hand off. */
  public AutoCloseable subscribe(LongConsumer subscriber) {
    subscribers.add(subscriber);
    return () -> subscribers.remove(subscriber);
  }
}
