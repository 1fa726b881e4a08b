package io.allkinds.app;

import io.allkinds.config.AllKindsConfig;
import io.allkinds.config.ConfigException;
import io.allkinds.config.ConfigLoader;
import io.allkinds.config.Environment;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The command line entry point: {@code java -jar allkinds.jar [--config FILE]}. */
@Command(
    name = "allkinds",
    mixinStandardHelpOptions = true,
    subcommands = {CopyStoreCommand.class, KubeconfigCommand.class},
    description =
        "Watches every Kubernetes object of every kind in many clusters and serves inventory and history.")
public final class Main implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "YAML configuration (see config/allkinds.yaml). Without it, every context of $KUBECONFIG "
              + "or ~/.kube/config is watched.")
  private Path config;

  @Option(names = "--port", paramLabel = "PORT", description = "Overrides http.port.")
  private Integer port;

  /** The {@code --config} file given, or null. */
  Path config() {
    return config;
  }

  /**
   * True when neither {@code $KUBECONFIG} names a readable file nor {@code ~/.kube/config} exists.
   */
  static boolean noKubeconfig(Map<String, String> env) {
    return new Environment(env).noKubeconfig();
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new Main()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    if (config == null && noKubeconfig(System.getenv())) {
      System.err.println(
          "allkinds: no --config and no kubeconfig to read ($KUBECONFIG unset or missing, no "
              + "~/.kube/config); pass --config FILE, or try deploy/run.sh --demo for three local clusters with live data");
      return 2;
    }
    AllKindsConfig cfg;
    try {
      ConfigLoader loader = new ConfigLoader(System.getenv());
      cfg = config == null ? loader.defaults() : loader.load(config);
    } catch (ConfigException e) {
      System.err.println("allkinds: " + e.getMessage());
      return 2;
    }
    if (port != null) {
      cfg =
          new AllKindsConfig(
              cfg.source(),
              cfg.clusters(),
              cfg.store(),
              cfg.http().withPort(port),
              cfg.sync(),
              cfg.retention(),
              cfg.sharding(),
              cfg.sinks());
    }
    AllKinds app = AllKinds.start(cfg);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  LOG.info("shutting down");
                  app.close();
                  stopped.countDown();
                },
                "allkinds-shutdown"));
    stopped.await();
    return 0;
  }
}
