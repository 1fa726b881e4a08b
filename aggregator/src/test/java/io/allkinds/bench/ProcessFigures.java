package io.allkinds.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a running JVM on this Linux host holds, read from {@code /proc/<pid>} and {@code jcmd}:
 * resident memory, threads (grouped by name), descriptors, TCP connections by remote port, heap.
 */
record ProcessFigures(long pid) {

  private static final Pattern THREAD_LINE = Pattern.compile("^\"([^\"]*)\"");
  private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");
  private static final String TCP_LISTEN = "0A";

  private Path proc() {
    return Path.of("/proc", String.valueOf(pid));
  }

  /** A {@code /proc/<pid>/status} field in its unit (kB for memory), or -1. */
  long status(String field) throws IOException {
    for (String line : Files.readAllLines(proc().resolve("status"))) {
      if (line.startsWith(field + ":")) {
        return Long.parseLong(line.substring(field.length() + 1).replaceAll("\\D", ""));
      }
    }
    return -1;
  }

  /** Resident memory now, in kB. */
  long rssKb() throws IOException {
    return status("VmRSS");
  }

  /** The most resident memory since the process started, in kB. */
  long rssPeakKb() throws IOException {
    return status("VmHWM");
  }

  /** Live threads, as the kernel counts them (JVM-internal ones included). */
  long threads() throws IOException {
    return status("Threads");
  }

  /** Open file descriptors: files, sockets, pipes, epoll instances. */
  long openFiles() throws IOException {
    try (DirectoryStream<Path> fds = Files.newDirectoryStream(proc().resolve("fd"))) {
      long n = 0;
      for (Path ignored : fds) {
        n++;
      }
      return n;
    }
  }

  /** The soft limit on open files ({@code ulimit -n}) as the process has it. */
  String openFileLimit() throws IOException {
    for (String line : Files.readAllLines(proc().resolve("limits"))) {
      if (line.startsWith("Max open files")) {
        String[] parts = line.substring("Max open files".length()).trim().split("\\s+", -1);
        return parts[0] + " (hard " + parts[1] + ")";
      }
    }
    return "?";
  }

  /**
   * The process's TCP connections (listening sockets left out) by remote port: the socket inodes
   * among its descriptors matched against {@code /proc/<pid>/net/tcp} and {@code tcp6}.
   */
  Map<Integer, Integer> tcpByRemotePort() throws IOException {
    Set<String> inodes = new HashSet<>();
    try (DirectoryStream<Path> fds = Files.newDirectoryStream(proc().resolve("fd"))) {
      for (Path fd : fds) {
        String target;
        try {
          target = Files.readSymbolicLink(fd).toString();
        } catch (IOException e) {
          continue; // closed while we read
        }
        if (target.startsWith("socket:[")) {
          inodes.add(target.substring(8, target.length() - 1));
        }
      }
    }
    Map<Integer, Integer> byPort = new TreeMap<>();
    for (String table : List.of("tcp", "tcp6")) {
      List<String> lines = Files.readAllLines(proc().resolve("net").resolve(table));
      for (String line : lines.subList(1, lines.size())) {
        // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode ...
        String[] f = line.trim().split("\\s+", -1);
        if (f.length < 10 || f[3].equals(TCP_LISTEN) || !inodes.contains(f[9])) {
          continue;
        }
        String remote = f[2];
        int port = Integer.parseInt(remote.substring(remote.indexOf(':') + 1), 16);
        byPort.merge(port, 1, Integer::sum);
      }
    }
    return byPort;
  }

  /**
   * Java threads by name with every run of digits replaced by {@code #} (so that {@code
   * vert.x-eventloop-thread-3} counts as {@code vert.x-eventloop-thread-#}), from {@code jcmd
   * Thread.print}.
   */
  Map<String, Integer> threadGroups() throws IOException, InterruptedException {
    Map<String, Integer> groups = new TreeMap<>();
    for (String line : jcmd("Thread.print").lines().toList()) {
      Matcher m = THREAD_LINE.matcher(line);
      if (m.find()) {
        groups.merge(m.group(1).replaceAll("\\d+", "#"), 1, Integer::sum);
      }
    }
    return groups;
  }

  /**
   * Threads by their kernel name ({@code /proc/<pid>/task/<tid>/comm}: at most 15 characters), with
   * digits replaced by {@code #}; works when {@code jcmd} cannot attach (no descriptors left).
   */
  Map<String, Integer> kernelThreadGroups() throws IOException {
    Map<String, Integer> groups = new TreeMap<>();
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(proc().resolve("task"))) {
      for (Path task : tasks) {
        try {
          String name = Files.readString(task.resolve("comm")).strip();
          groups.merge(name.replaceAll("\\d+", "#"), 1, Integer::sum);
        } catch (IOException e) {
          // the thread ended while we read
        }
      }
    }
    return groups;
  }

  /** Heap in use right after a full GC ({@code jcmd GC.run}, then {@code GC.heap_info}), in kB. */
  long heapAfterFullGcKb() throws IOException, InterruptedException {
    jcmd("GC.run");
    Matcher m = HEAP_USED.matcher(jcmd("GC.heap_info"));
    return m.find() ? Long.parseLong(m.group(1)) : -1;
  }

  /** Runs {@code jcmd <pid> command} and returns what it printed. */
  String jcmd(String command) throws IOException, InterruptedException {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    Process p =
        new ProcessBuilder(jcmd.toString(), String.valueOf(pid), command)
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IOException("jcmd " + pid + " " + command + " failed: " + out);
    }
    return out;
  }
}
