package io.allkinds.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * One real Kubernetes control plane on loopback: an etcd process and a kube-apiserver process (and,
 * when asked, a kube-controller-manager), each on free ports in its own temporary directory.
 */
public final class KubeCluster implements AutoCloseable {

  public static final String ADMIN_TOKEN_PREFIX = "admin-";

  private final String name;
  private final Path dir;
  private final boolean watchCache;
  private int etcdPort;
  private int etcdPeerPort;
  private final int apiPort;
  private final String adminToken = ADMIN_TOKEN_PREFIX + UUID.randomUUID();
  private final String viewerToken = "viewer-" + UUID.randomUUID();
  private Process etcd;
  private Process apiServer;
  private Process controllerManager;

  private KubeCluster(String name, Path dir, boolean watchCache) throws IOException {
    this.name = name;
    this.dir = dir;
    this.watchCache = watchCache;
    this.etcdPort = freePort();
    this.etcdPeerPort = freePort();
    this.apiPort = freePort();
  }

  /** Starts etcd and the API server and waits until {@code /readyz} answers ok. */
  public static KubeCluster start(String name, boolean watchCache) throws Exception {
    KubeCluster cluster = create(name, watchCache);
    try {
      cluster.startAll();
      return cluster;
    } catch (Exception e) {
      cluster.close();
      throw e;
    }
  }

  /**
   * Chooses ports and writes credentials without starting anything, so that a kubeconfig can point
   * at a cluster that is not up yet.
   */
  public static KubeCluster create(String name, boolean watchCache) throws Exception {
    Path dir = Files.createTempDirectory("allkinds-cluster-" + name + "-");
    KubeCluster cluster = new KubeCluster(name, dir, watchCache);
    cluster.writeCredentials();
    return cluster;
  }

  /** Starts etcd, then the API server. */
  public void startAll() throws Exception {
    startEtcd();
    startApiServer();
  }

  /**
   * A kubeconfig for the read-only "viewer" user, who has no permissions until a test grants some.
   */
  public Path viewerKubeconfig() throws IOException {
    return kubeconfig("viewer", viewerToken);
  }

  /**
   * Compacts etcd at its current revision, so that watches from older resourceVersions get 410
   * Gone.
   */
  public void compactEtcd() throws Exception {
    Process get =
        new ProcessBuilder(
                "etcdctl", "--endpoints=" + etcdEndpoint(), "endpoint", "status", "-w", "json")
            .redirectErrorStream(true)
            .start();
    String out = new String(get.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    get.waitFor(30, TimeUnit.SECONDS);
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"revision\":(\\d+)").matcher(out);
    if (!m.find()) {
      throw new IllegalStateException("no revision in etcdctl output: " + out);
    }
    Process compact =
        new ProcessBuilder("etcdctl", "--endpoints=" + etcdEndpoint(), "compact", m.group(1))
            .redirectErrorStream(true)
            .start();
    String result = new String(compact.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!compact.waitFor(30, TimeUnit.SECONDS) || compact.exitValue() != 0) {
      throw new IllegalStateException("etcdctl compact failed: " + result);
    }
  }

  public String name() {
    return name;
  }

  public String server() {
    return "https://127.0.0.1:" + apiPort;
  }

  public String etcdEndpoint() {
    return "http://127.0.0.1:" + etcdPort;
  }

  public Path dir() {
    return dir;
  }

  /**
   * The process ids of the running etcd and kube-apiserver (and kube-controller-manager when
   * started), by name, for benchmarks' figures.
   */
  public java.util.Map<String, Long> pids() {
    java.util.Map<String, Long> pids = new java.util.TreeMap<>();
    pids.put("etcd", etcd.pid());
    pids.put("kube-apiserver", apiServer.pid());
    if (controllerManager != null) {
      pids.put("kube-controller-manager", controllerManager.pid());
    }
    return java.util.Map.copyOf(pids);
  }

  /** The cluster-admin user's bearer token. */
  public String adminToken() {
    return adminToken;
  }

  /** A kubeconfig for the cluster-admin user. */
  public Path adminKubeconfig() throws IOException {
    return kubeconfig("admin", adminToken);
  }

  /** Writes a kubeconfig that authenticates with {@code token}. */
  public Path kubeconfig(String user, String token) throws IOException {
    Path file = dir.resolve("kubeconfig-" + user + ".yaml");
    Files.writeString(
        file,
        """
        apiVersion: v1
        kind: Config
        clusters:
        - name: %1$s
          cluster:
            server: %2$s
            insecure-skip-tls-verify: true
        users:
        - name: %3$s
          user:
            token: %4$s
        contexts:
        - name: %1$s
          context:
            cluster: %1$s
            user: %3$s
        current-context: %1$s
        """
            .formatted(name, server(), user, token));
    return file;
  }

  private void writeCredentials() throws Exception {
    KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
    gen.initialize(2048);
    KeyPair pair = gen.generateKeyPair();
    Files.writeString(dir.resolve("sa.key"), pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
    Files.writeString(dir.resolve("sa.pub"), pem("PUBLIC KEY", pair.getPublic().getEncoded()));
    writeTokens();
  }

  private void writeTokens() throws IOException {
    Files.write(
        dir.resolve("tokens.csv"),
        List.of(adminToken + ",admin,admin,system:masters", viewerToken + ",viewer,viewer"));
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }

  /**
   * Starts etcd; when another process took one of its ports between choosing and binding (another
   * test or suite on the machine), tries again on new ports, up to three times in all.
   */
  private void startEtcd() throws Exception {
    for (int attempt = 1; ; attempt++) {
      try {
        startEtcdOnce();
        return;
      } catch (IllegalStateException e) {
        boolean taken =
            etcd != null
                && !etcd.isAlive()
                && tail(dir.resolve("etcd.log")).contains("address already in use");
        if (!taken || attempt == 3) {
          throw e;
        }
        etcdPort = freePort();
        etcdPeerPort = freePort();
      }
    }
  }

  private void startEtcdOnce() throws Exception {
    String peer = "http://127.0.0.1:" + etcdPeerPort;
    etcd =
        launch(
            "etcd",
            List.of(
                TestBinaries.etcd().toString(),
                "--name",
                "default",
                "--data-dir",
                dir.resolve("etcd").toString(),
                "--listen-client-urls",
                etcdEndpoint(),
                "--advertise-client-urls",
                etcdEndpoint(),
                "--listen-peer-urls",
                peer,
                "--initial-advertise-peer-urls",
                peer,
                "--initial-cluster",
                "default=" + peer));
    await(
        "etcd of " + name,
        Duration.ofSeconds(30),
        () -> get(etcdEndpoint() + "/health", null) == 200);
  }

  /**
   * Starts (or restarts) the API server on the same port and etcd, and waits until it is ready and
   * has its namespace default.
   */
  public void startApiServer() throws Exception {
    apiServer =
        launch(
            "kube-apiserver",
            List.of(
                TestBinaries.kubeApiServer().toString(),
                "--etcd-servers=" + etcdEndpoint(),
                "--bind-address=127.0.0.1",
                "--secure-port=" + apiPort,
                "--insecure-port=0",
                "--cert-dir=" + dir.resolve("certs"),
                "--token-auth-file=" + dir.resolve("tokens.csv"),
                "--authorization-mode=RBAC",
                "--service-account-key-file=" + dir.resolve("sa.pub"),
                "--service-account-signing-key-file=" + dir.resolve("sa.key"),
                "--service-account-issuer=https://kubernetes.default.svc",
                "--service-cluster-ip-range=10.0.0.0/24",
                "--disable-admission-plugins=ServiceAccount",
                "--enable-priority-and-fairness=false",
                "--profiling=false",
                "--watch-cache=" + watchCache,
                // Room to resume watches after an aggregator restart in the middle of a burst.
                "--default-watch-cache-size=2000"));
    await(
        "kube-apiserver of " + name,
        Duration.ofSeconds(90),
        () -> get(server() + "/readyz", adminToken) == 200);
    // Ready can come a moment before the API server's own controller has made the namespace
    // "default", where tests create objects.
    await(
        "the namespace default of " + name,
        Duration.ofSeconds(30),
        () -> get(server() + "/api/v1/namespaces/default", adminToken) == 200);
  }

  /**
   * Starts the real kube-controller-manager with every controller (Deployments get ReplicaSets,
   * ReplicaSets get Pods, namespaces get their service account and root CA ConfigMap), no cloud
   * provider and no leader election, serving its health on a free loopback port; waits until it
   * answers {@code /healthz}. Pods stay Pending: there is no scheduler and no kubelet. {@link
   * #close()} stops it.
   */
  public void startControllerManager() throws Exception {
    if (controllerManager != null && controllerManager.isAlive()) {
      throw new IllegalStateException("the controller manager of " + name + " already runs");
    }
    int port = freePort();
    controllerManager =
        launch(
            "kube-controller-manager",
            List.of(
                TestBinaries.kubeControllerManager().toString(),
                "--kubeconfig=" + adminKubeconfig(),
                "--leader-elect=false",
                "--controllers=*",
                "--service-account-private-key-file=" + dir.resolve("sa.key"),
                "--use-service-account-credentials=false",
                "--root-ca-file=" + dir.resolve("certs").resolve("apiserver.crt"),
                "--bind-address=127.0.0.1",
                "--secure-port=" + port,
                "--port=0",
                "--cert-dir=" + dir.resolve("kcm-certs"),
                "--authentication-skip-lookup=true",
                "--profiling=false"));
    await(
        "kube-controller-manager of " + name,
        Duration.ofSeconds(60),
        () -> get("https://127.0.0.1:" + port + "/healthz", null) == 200);
  }

  /** Kills the API server with SIGKILL, leaving etcd running. */
  public void killApiServer() throws InterruptedException {
    stop(apiServer, true);
    apiServer = null;
  }

  private Process launch(String what, List<String> command) throws IOException {
    Path log = dir.resolve(what + ".log");
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
  }

  private void await(String what, Duration timeout, CheckedCondition condition) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        if (condition.holds()) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      if ((apiServer != null && !apiServer.isAlive())
          || (etcd != null && !etcd.isAlive())
          || (controllerManager != null && !controllerManager.isAlive())) {
        break;
      }
      Thread.sleep(200); // polling interval of a deadline-bounded wait
    }
    throw new IllegalStateException(
        what
            + " did not become ready within "
            + timeout
            + "; logs in "
            + dir
            + ":\n"
            + tail(dir.resolve("kube-apiserver.log"))
            + tail(dir.resolve("etcd.log"))
            + tail(dir.resolve("kube-controller-manager.log")));
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size())) + "\n";
    } catch (IOException e) {
      return "";
    }
  }

  private static int get(String url, String token) throws IOException, InterruptedException {
    HttpRequest.Builder req =
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5));
    if (token != null) {
      req.header("Authorization", "Bearer " + token);
    }
    return INSECURE.send(req.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static void stop(Process p, boolean kill) throws InterruptedException {
    if (p == null || !p.isAlive()) {
      return;
    }
    if (kill) {
      p.destroyForcibly();
    } else {
      p.destroy();
    }
    if (!p.waitFor(15, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      p.waitFor(15, TimeUnit.SECONDS);
    }
  }

  /** Stops the processes (the controller manager first) and deletes the directory. */
  @Override
  public void close() throws Exception {
    stop(controllerManager, false);
    stop(apiServer, false);
    stop(etcd, false);
    TestFiles.deleteTree(dir);
  }

  @FunctionalInterface
  private interface CheckedCondition {
    boolean holds() throws Exception;
  }

  private static final HttpClient INSECURE = insecureClient();

  private static HttpClient insecureClient() {
    try {
      SSLContext ssl = SSLContext.getInstance("TLS");
      ssl.init(
          null,
          new TrustManager[] {
            new X509TrustManager() {
              @Override
              public void checkClientTrusted(X509Certificate[] chain, String authType) {}

              @Override
              public void checkServerTrusted(X509Certificate[] chain, String authType) {}

              @Override
              public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
              }
            }
          },
          new SecureRandom());
      return HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(5)).build();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
