package io.allkinds.model;

/**
 * One relationship between two nodes of a neighbourhood, in the direction it is stated: {@code
 * from} the object that names it (a Pod) {@code to} its target (its ReplicaSet owner, its Node);
 * {@code relation} an {@link EdgeRelation#stored()} name, or {@code selects} (a Service or a
 * PodDisruptionBudget's Pods) or {@code defines} (a CustomResourceDefinition's objects).
 */
public record RelationLink(String from, String to, String relation) {}
