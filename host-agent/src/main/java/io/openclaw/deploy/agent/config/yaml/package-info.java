/**
 * Strict reading of YAML configuration files with positions: every error names the setting's path and its line and
 * column. Shared by {@code agent.yaml} and the release manifest.
 */
package io.openclaw.deploy.agent.config.yaml;
