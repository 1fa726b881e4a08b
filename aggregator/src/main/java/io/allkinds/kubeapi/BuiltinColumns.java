package io.allkinds.kubeapi;

import io.allkinds.model.ResourceType;
import java.util.Map;
import java.util.Optional;

/**
 * The Table kube-apiserver's own printers make for the built-in kinds AllKinds knows, by
 * group-qualified resource; other built-in kinds get NAME and AGE.
 */
final class BuiltinColumns {

  private static final Map<String, TableLayout> TABLES =
      Map.ofEntries(
          Map.entry("pods", PodTable.TABLE),
          Map.entry("services", CoreTables.SERVICES),
          Map.entry("nodes", CoreTables.NODES),
          Map.entry("namespaces", CoreTables.NAMESPACES),
          Map.entry("configmaps", CoreTables.CONFIG_MAPS),
          Map.entry("secrets", CoreTables.SECRETS),
          Map.entry("serviceaccounts", CoreTables.SERVICE_ACCOUNTS),
          Map.entry("events", EventAndStorageTables.EVENTS),
          Map.entry("events.events.k8s.io", EventAndStorageTables.EVENTS),
          Map.entry("persistentvolumeclaims", EventAndStorageTables.CLAIMS),
          Map.entry("persistentvolumes", EventAndStorageTables.VOLUMES),
          Map.entry("ingresses.networking.k8s.io", EventAndStorageTables.INGRESSES),
          Map.entry("deployments.apps", WorkloadTables.DEPLOYMENTS),
          Map.entry("replicasets.apps", WorkloadTables.REPLICA_SETS),
          Map.entry("statefulsets.apps", WorkloadTables.STATEFUL_SETS),
          Map.entry("daemonsets.apps", WorkloadTables.DAEMON_SETS),
          Map.entry("jobs.batch", WorkloadTables.JOBS),
          Map.entry("cronjobs.batch", WorkloadTables.CRON_JOBS),
          Map.entry("endpoints", ScalingAndClassTables.ENDPOINTS),
          Map.entry("replicationcontrollers", ScalingAndClassTables.REPLICATION_CONTROLLERS),
          Map.entry(
              "horizontalpodautoscalers.autoscaling",
              ScalingAndClassTables.HORIZONTAL_POD_AUTOSCALERS),
          Map.entry("storageclasses.storage.k8s.io", ScalingAndClassTables.STORAGE_CLASSES));

  private BuiltinColumns() {}

  /** The Table of a built-in {@code type}, if it is one whose printer AllKinds has. */
  static Optional<TableLayout> of(ResourceType type) {
    return Optional.ofNullable(TABLES.get(type.groupResource()));
  }
}
