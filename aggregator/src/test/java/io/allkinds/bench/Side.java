package io.allkinds.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One server a side-by-side benchmark lists from: its kubeconfig for kubectl, its URL and bearer
 * token (null for none) for curl, a home folder for kubectl's caches, and the server processes
 * whose CPU a run is charged with.
 */
record Side(
    String name,
    Path kubectl,
    Path kubeconfig,
    String server,
    String token,
    Path home,
    Map<String, Long> cpuPids) {

  Side {
    try {
      Files.createDirectories(home);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The command line of {@code kubectl get cm -A} with {@code args}, or of curl getting every
   * ConfigMap in one answer with {@code args}' first as its Accept header and the rest as options.
   */
  List<String> command(boolean curl, List<String> args) {
    List<String> c = new ArrayList<>();
    if (curl) {
      c.addAll(List.of("curl", "-sS", "-k", "--fail", "-H", "Accept: " + args.get(0)));
      if (token != null) {
        c.addAll(List.of("-H", "Authorization: Bearer " + token));
      }
      c.addAll(args.subList(1, args.size()));
      c.add(server + "/api/v1/configmaps");
    } else {
      c.addAll(
          List.of(
              kubectl.toString(),
              "--kubeconfig",
              kubeconfig.toString(),
              "--cache-dir=" + home.resolve("kube-cache"),
              "get",
              "cm",
              "-A"));
      c.addAll(args);
    }
    return c;
  }

  Map<String, String> env() {
    return Map.of("HOME", home.toString());
  }

  Path err() {
    return home.resolve("stderr.txt");
  }
}
