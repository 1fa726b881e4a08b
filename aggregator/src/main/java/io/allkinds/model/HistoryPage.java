package io.allkinds.model;

/**
 * How a streamed page of one object's journal ended: how many entries it had and the sequence
 * number to continue after ({@code next}), or null at the end.
 */
public record HistoryPage(int entries, Long next) {}
