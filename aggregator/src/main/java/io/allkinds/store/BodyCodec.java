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

  /** Deflates UTF-8 JSON bytes. */
  public byte[] encode(byte[] json) {
    Deflater deflater = new Deflater(1);
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
      deflater.end();
    }
  }

  /** Inflates a stored body back to UTF-8 JSON bytes. */
  public byte[] decode(byte[] stored) {
    Inflater inflater = new Inflater();
    try {
      inflater.setInput(stored);
      ByteArrayOutputStream out = new ByteArrayOutputStream(stored.length * 4);
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
      inflater.end();
    }
  }
}
