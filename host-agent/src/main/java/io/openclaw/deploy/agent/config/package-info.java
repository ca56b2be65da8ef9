/**
 * The agent's home layout ({@link io.openclaw.deploy.agent.config.AgentHome}) and {@code conf/agent.yaml}
 * ({@link io.openclaw.deploy.agent.config.AgentConfigLoader}, one reader/writer class per section). See
 * {@code docs/configuration.md}.
 */
package io.openclaw.deploy.agent.config;
