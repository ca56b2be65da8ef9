package io.openclaw.deploy.agent.journal;

/** Which version, in which slot, takes a loop's traffic. */
public record LoopAssignment(String loop, String version, String slot, String strategy) {}
