package io.openclaw.deploy.agent.router;

/** One version of one loop, as traffic is counted: {@code version} "" is what the router answered itself. */
public record LoopVersion(String loop, String version) {}
