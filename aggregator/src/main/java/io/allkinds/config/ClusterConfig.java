package io.allkinds.config;

import java.nio.file.Path;

/** One cluster to watch: a display name, the kubeconfig file that reaches it, and an optional context. */
public record ClusterConfig(String name, Path kubeconfig, String context) {}
