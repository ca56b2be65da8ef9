/**
 * The agent's control API as seen on the wire: immutable JSON records (camelCase) and {@link
 * io.openclaw.deploy.protocol.AgentClient}, the Netty client that the CLI and the Jenkins plugin use.
 *
 * <p>This module knows nothing of Jenkins nor of the agent's internals; both depend on it, never the reverse.
 */
package io.openclaw.deploy.protocol;
