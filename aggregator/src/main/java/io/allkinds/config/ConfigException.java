package io.allkinds.config;

/**
 * A configuration problem, worded so that the user can fix it: it names the file, the key and what
 * was expected.
 */
public class ConfigException extends RuntimeException {

  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
