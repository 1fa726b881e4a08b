package io.allkinds.config;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * The one reader of the process environment's settings: {@code KUBECONFIG} and {@code HOME}, {@code
 * ALLKINDS_STORE_*}, {@code ALLKINDS_HTTP_TOKENS}, {@code ALLKINDS_REPLICA_ID} and {@code
 * HOSTNAME}.
 */
public final class Environment {

  private final Map<String, String> env;

  /** The settings found in {@code env} (the process's is {@code System.getenv()}). */
  public Environment(Map<String, String> env) {
    this.env = env;
  }

  /** The store's URL, user and password from {@code ALLKINDS_STORE_*}, with the default URL. */
  /** The value of the environment variable {@code name}, or null. */
  String get(String name) {
    return env.get(name);
  }

  StoreConfig store() {
    return new StoreConfig(
        env.getOrDefault("ALLKINDS_STORE_URL", StoreConfig.DEFAULT_URL),
        env.get("ALLKINDS_STORE_USER"),
        env.get("ALLKINDS_STORE_PASSWORD"));
  }

  /**
   * Tokens from the file plus {@code ALLKINDS_HTTP_TOKENS} (comma-separated), so none need be
   * written in a file.
   */
  List<String> tokens(List<String> fromFile) {
    List<String> all = new ArrayList<>(fromFile);
    String fromEnv = env.get("ALLKINDS_HTTP_TOKENS");
    if (fromEnv != null) {
      for (String t : fromEnv.split(",", -1)) {
        if (!t.isBlank()) {
          all.add(t.trim());
        }
      }
    }
    for (String t : all) {
      if (t.length() < 16) {
        throw new ConfigException("http.tokens: every token must be at least 16 characters long");
      }
    }
    return all;
  }

  /**
   * {@code ALLKINDS_REPLICA_ID}, or the host name (a pod's name) with a random suffix, unique per
   * process.
   */
  String replicaId() {
    String id = env.get("ALLKINDS_REPLICA_ID");
    if (id != null && !id.isBlank()) {
      return id;
    }
    String host = env.getOrDefault("HOSTNAME", "allkinds");
    return host + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffL);
  }

  /**
   * The kubeconfig files to read: those {@code KUBECONFIG} lists, or {@code ~/.kube/config} when it
   * is unset.
   */
  List<Path> kubeconfigPaths() {
    String value = env.get("KUBECONFIG");
    List<Path> paths = new ArrayList<>();
    if (value != null && !value.isBlank()) {
      for (String p : value.split(Pattern.quote(File.pathSeparator), -1)) {
        if (!p.isBlank()) {
          paths.add(Path.of(p));
        }
      }
    } else {
      paths.add(
          Path.of(env.getOrDefault("HOME", System.getProperty("user.home")), ".kube", "config"));
    }
    return paths;
  }

  /**
   * True when neither {@code $KUBECONFIG} names a readable file nor {@code ~/.kube/config} exists.
   */
  public boolean noKubeconfig() {
    return kubeconfigPaths().stream().noneMatch(Files::isReadable);
  }
}
