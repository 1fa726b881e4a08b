package io.allkinds.model;

/**
 * Where a diff's next page starts: the window as sequence numbers ({@code fromSeq}, {@code toSeq}]
 * fixed by the first page, so that later pages answer for the same window, and the sequence number
 * after which the scan for objects' last entries goes on.
 */
public record DiffCursor(long fromSeq, long toSeq, long afterSeq) {}
