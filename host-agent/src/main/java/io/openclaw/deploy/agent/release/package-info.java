/**
 * Releases: the {@code openclaw.yaml} manifest ({@link io.openclaw.deploy.agent.release.ManifestParser}), uploaded
 * artifacts by SHA-256 ({@link io.openclaw.deploy.agent.release.ArtifactStore}), safe unpacking into
 * {@code releases/<version>} ({@link io.openclaw.deploy.agent.release.ReleaseInstaller}) and the installed releases
 * ({@link io.openclaw.deploy.agent.release.ReleaseStore}). See {@code docs/release-format.md}.
 */
package io.openclaw.deploy.agent.release;
