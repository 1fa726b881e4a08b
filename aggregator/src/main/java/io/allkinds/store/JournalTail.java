package io.allkinds.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongConsumer;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The signal live feeds wait on: the writer reports each new high-water mark of the journal, and
 * every subscriber is told; subscribers then read the new rows with {@link ChangeQueries}, so a
 * reconnecting client resumes by sequence number and nothing but the journal is shared.
 */
public final class JournalTail {

  private static final Logger LOG = LoggerFactory.getLogger(JournalTail.class);

  private final List<LongConsumer> subscribers = new CopyOnWriteArrayList<>();
  private volatile long latest;
  private boolean pollFailing;

  /** Connects the tail to the writer. */
  public JournalTail(ChangeWriter writer) {
    latest = writer.lastSeq();
    writer.onCommit(this::committed);
  }

  /**
   * Reads the journal head that every replica's writer advances and tells subscribers of rows other
   * replicas committed; blocking, call it off the event loop.
   */
  public void poll(DataSource dataSource) {
    try (Connection c = dataSource.getConnection()) {
      committed(JournalHead.lastSeq(c));
      if (pollFailing) {
        LOG.info("journal tail: the journal head is readable again");
        pollFailing = false;
      }
    } catch (SQLException e) {
      if (!pollFailing) {
        LOG.warn("journal tail: cannot read the journal head; live feeds wait for it", e);
        pollFailing = true;
      }
    }
  }

  private synchronized void committed(long seq) {
    if (seq <= latest) {
      return;
    }
    latest = seq;
    for (LongConsumer s : subscribers) {
      s.accept(seq);
    }
  }

  /** The newest sequence number in the journal. */
  public long latest() {
    return latest;
  }

  /**
   * Tells {@code subscriber} each new high-water mark, on the writer's thread: it must only hand
   * off.
   */
  public AutoCloseable subscribe(LongConsumer subscriber) {
    subscribers.add(subscriber);
    return () -> subscribers.remove(subscriber);
  }
}
