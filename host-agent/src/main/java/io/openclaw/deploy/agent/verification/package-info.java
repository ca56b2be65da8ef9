/**
 * The release verification checklist (spec 10.1, 10.2): after every deployment, after every rollback and on demand,
 * each item is measured, judged against its threshold from agent.yaml's {@code verification:} and recorded with its
 * figures. One small class per item; {@link io.openclaw.deploy.agent.verification.Verifier} runs them in parallel.
 * It reads the router, the supervisor's snapshots and logs, and the resource figures; it decides nothing about
 * deployments (the {@code rollout} package turns a failed report into a rollback).
 */
package io.openclaw.deploy.agent.verification;
