package io.allkinds.testing;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a process on this (Linux) machine holds, read from /proc: its established TCP connections to
 * a port, its threads and its open file descriptors.
 */
public final class ProcessSockets {

  private static final String ESTABLISHED = "01";
  private static final Pattern SPACES = Pattern.compile("\\s+");

  private ProcessSockets() {}

  /**
   * Established TCP connections (IPv4 and IPv6) from process {@code pid} to remote {@code port}.
   */
  public static int established(long pid, int port) throws IOException {
    Set<String> inodes = socketInodes(pid);
    int n = 0;
    for (String table : List.of("tcp", "tcp6")) {
      Path file = Path.of("/proc", String.valueOf(pid), "net", table);
      if (!Files.exists(file)) {
        continue;
      }
      List<String> lines = Files.readAllLines(file);
      for (String line : lines.subList(1, lines.size())) {
        String[] f = SPACES.split(line.trim(), -1);
        // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode
        String remote = f[2];
        int remotePort = Integer.parseInt(remote.substring(remote.indexOf(':') + 1), 16);
        if (remotePort == port && f[3].equals(ESTABLISHED) && inodes.contains(f[9])) {
          n++;
        }
      }
    }
    return n;
  }

  /** The process's thread count. */
  public static int threads(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
      if (line.startsWith("Threads:")) {
        return Integer.parseInt(line.substring("Threads:".length()).trim());
      }
    }
    throw new IOException("no Threads line in /proc/" + pid + "/status");
  }

  /** The process's open file descriptors. */
  public static int descriptors(long pid) throws IOException {
    int n = 0;
    try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc", "" + pid, "fd"))) {
      for (Path ignored : fds) {
        n++;
      }
    }
    return n;
  }

  private static Set<String> socketInodes(long pid) throws IOException {
    Set<String> out = new HashSet<>();
    try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc", "" + pid, "fd"))) {
      for (Path fd : fds) {
        String target;
        try {
          target = Files.readSymbolicLink(fd).toString();
        } catch (IOException e) {
          continue; // closed meanwhile
        }
        if (target.startsWith("socket:[")) {
          out.add(target.substring("socket:[".length(), target.length() - 1));
        }
      }
    }
    return out;
  }
}
