package io.allkinds.cluster;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Shared instances per key, counted by their holders: an {@link #acquire} joins an instance of the
 * key that has fewer than {@code maxHolders} holders or creates one, each holder releases it once
 * through its {@link Lease}, and the last release closes it. Clusters that reach the same API
 * server with the same credentials hold one client this way (a few, when there are very many of
 * them), so they multiply streams, not connections.
 *
 * @param <K> what makes two holders share (a value with equals and hashCode)
 * @param <C> the shared thing
 */
public final class SharedClients<K, C extends AutoCloseable> {

  private final Map<K, List<Entry<C>>> entries = new HashMap<>();
  private final int maxHolders;

  /** Instances that at most {@code maxHolders} hold at once. */
  public SharedClients(int maxHolders) {
    if (maxHolders < 1) {
      throw new IllegalArgumentException("maxHolders must be at least 1");
    }
    this.maxHolders = maxHolders;
  }

  /**
   * A holder's share of one instance; {@link #close} releases it (once, however often called).
   *
   * @param <C> the shared thing
   */
  public static final class Lease<C extends AutoCloseable> implements AutoCloseable {
    private final Runnable release;
    private final C value;
    private final int holders;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Lease(C value, int holders, Runnable release) {
      this.value = value;
      this.holders = holders;
      this.release = release;
    }

    /** The shared instance; not to be closed by the holder. */
    public C get() {
      return value;
    }

    /** How many held this instance, this lease included, when it was acquired. */
    public int holdersAtAcquire() {
      return holders;
    }

    @Override
    public void close() {
      if (closed.compareAndSet(false, true)) {
        release.run();
      }
    }
  }

  private static final class Entry<C> {
    final C value;
    int holders;

    Entry(C value) {
      this.value = value;
    }
  }

  /**
   * A share of the instance for {@code key}, created by {@code create} when nobody holds one. May
   * block while {@code create} runs: call it off the event loop.
   */
  public synchronized Lease<C> acquire(K key, Supplier<? extends C> create) {
    List<Entry<C>> shared = entries.computeIfAbsent(key, k -> new ArrayList<>());
    Entry<C> entry = shared.stream().filter(e -> e.holders < maxHolders).findFirst().orElse(null);
    if (entry == null) {
      entry = new Entry<>(create.get());
      shared.add(entry);
    }
    entry.holders++;
    Entry<C> held = entry;
    return new Lease<>(entry.value, entry.holders, () -> release(key, held));
  }

  /** How many distinct instances are held now. */
  public synchronized int size() {
    return entries.values().stream().mapToInt(List::size).sum();
  }

  /** How many hold an instance for {@code key} now (0 when none is). */
  public synchronized int holders(K key) {
    return entries.getOrDefault(key, List.of()).stream().mapToInt(e -> e.holders).sum();
  }

  private void release(K key, Entry<C> entry) {
    synchronized (this) {
      entry.holders--;
      if (entry.holders > 0) {
        return;
      }
      List<Entry<C>> shared = entries.get(key);
      shared.remove(entry);
      if (shared.isEmpty()) {
        entries.remove(key);
      }
    }
    try {
      entry.value.close();
    } catch (Exception e) {
      throw new IllegalStateException("closing a shared client failed: " + e.getMessage(), e);
    }
  }
}
