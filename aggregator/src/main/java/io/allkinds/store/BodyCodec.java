package io.allkinds.store;

import java.io.ByteArrayOutputStream;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * Compresses object JSON for the BYTEA body columns (deflate, level 1: nearly the whole size gain
 * for a fraction of the time of higher levels) and restores it for readers.
 */
public final class BodyCodec {

  private static final int INITIAL_DECODE_BYTES = 64 * 1024;

  /**
   * One deflater and one inflater per thread, reset between uses. zlib's state for level 1 is some
   * 256 KB of native memory: one malloc and free per object (100,000 per large sync, on a dozen
   * threads) left glibc with 64 MB arenas, most of the process's resident memory beyond the heap.
   * Threads here are a fixed set of bounded pools, so this is a few MB at most.
   */
  private final ThreadLocal<Deflater> deflaters = ThreadLocal.withInitial(() -> new Deflater(1));

  private final ThreadLocal<Inflater> inflaters = ThreadLocal.withInitial(Inflater::new);

  /** Deflates UTF-8 JSON bytes. */
  public byte[] encode(byte[] json) {
    Deflater deflater = deflaters.get();
    try {
      deflater.setInput(json);
      deflater.finish();
      ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, json.length / 4));
      byte[] buf = new byte[8192];
      while (!deflater.finished()) {
        out.write(buf, 0, deflater.deflate(buf));
      }
      return out.toByteArray();
    } finally {
      deflater.reset();
    }
  }

  /** Inflates a stored body back to UTF-8 JSON bytes. */
  public byte[] decode(byte[] stored) {
    Inflater inflater = inflaters.get();
    try {
      inflater.setInput(stored);
      // Start small and grow: a guess of four times the stored size would, for a 150 KB body, ask
      // for one 600 KB array per read, which G1 allocates as a humongous object in a small heap;
      // many such reads at once fragment the heap into an OutOfMemoryError with little live data.
      ByteArrayOutputStream out =
          new ByteArrayOutputStream(Math.min(stored.length * 4, INITIAL_DECODE_BYTES));
      byte[] buf = new byte[8192];
      while (!inflater.finished()) {
        int n = inflater.inflate(buf);
        if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
          throw new IllegalStateException("truncated object body");
        }
        out.write(buf, 0, n);
      }
      return out.toByteArray();
    } catch (DataFormatException e) {
      throw new IllegalStateException("corrupt object body: " + e.getMessage(), e);
    } finally {
      inflater.reset();
    }
  }
}
