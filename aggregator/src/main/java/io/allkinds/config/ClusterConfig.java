package io.allkinds.config;

import java.nio.file.Path;

/**
 * One cluster to watch: a display name and either the kubeconfig file that reaches it (with an
 * optional context) or, with {@code inCluster}, the service account of the pod AllKinds runs in.
 */
public record ClusterConfig(String name, Path kubeconfig, String context, boolean inCluster) {

  public ClusterConfig(String name, Path kubeconfig, String context) {
    this(name, kubeconfig, context, false);
  }
}
