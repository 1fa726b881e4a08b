package io.allkinds.model;

/** Orders of an inventory listing: by identity key, by name, or newest change first. */
public enum ObjectSort {
  KEY,
  NAME,
  LAST_CHANGE
}
