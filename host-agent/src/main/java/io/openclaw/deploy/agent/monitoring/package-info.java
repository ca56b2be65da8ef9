/**
 * Spec 11: the figures the agent adds to its {@code /metrics} for Prometheus (fleet, traffic split, availability,
 * deployments, rollback time), and the availability figure of {@code status}. It reads the router through its public
 * methods and is told of deployments through {@link io.openclaw.deploy.agent.rollout.DeploymentObserver}; the alert
 * and recording rules that use these figures are in {@code docs/monitoring/alerts.yml} (docs/monitoring.md).
 */
package io.openclaw.deploy.agent.monitoring;
