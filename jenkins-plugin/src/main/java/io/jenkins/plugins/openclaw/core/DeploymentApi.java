package io.jenkins.plugins.openclaw.core;

import io.openclaw.deploy.protocol.AgentClient;
import io.openclaw.deploy.protocol.AgentClientException;
import io.openclaw.deploy.protocol.AgentStatus;
import io.openclaw.deploy.protocol.DeployRequest;
import io.openclaw.deploy.protocol.Deployment;
import io.openclaw.deploy.protocol.DeploymentEvent;
import io.openclaw.deploy.protocol.ResumingFollower;
import io.openclaw.deploy.protocol.RollbackRequest;
import java.io.InputStream;
import java.util.function.Consumer;

/**
 * The agent calls the plugin makes, as an interface so the step logic (upload, follow, re-attach) can be exercised
 * without a network. {@link #of(AgentClient)} is the production implementation.
 */
public interface DeploymentApi extends ResumingFollower.Source {
    AgentStatus status() throws AgentClientException;

    boolean hasArtifact(String sha256) throws AgentClientException;

    void uploadArtifact(String sha256, long size, InputStream content) throws AgentClientException;

    Deployment deploy(DeployRequest request, String idempotencyKey) throws AgentClientException;

    @Override
    Deployment deployment(String id) throws AgentClientException;

    @Override
    long followEvents(String id, long afterSeq, Consumer<DeploymentEvent> sink) throws AgentClientException;

    Deployment rollback(RollbackRequest request) throws AgentClientException;

    Deployment control(String id, ControlAction action, String reason) throws AgentClientException;

    static DeploymentApi of(AgentClient client) {
        return new DeploymentApi() {
            @Override
            public AgentStatus status() throws AgentClientException {
                return client.status();
            }

            @Override
            public boolean hasArtifact(String sha256) throws AgentClientException {
                return client.hasArtifact(sha256);
            }

            @Override
            public void uploadArtifact(String sha256, long size, InputStream content) throws AgentClientException {
                client.uploadArtifact(sha256, size, content);
            }

            @Override
            public Deployment deploy(DeployRequest request, String idempotencyKey) throws AgentClientException {
                return client.deploy(request, idempotencyKey);
            }

            @Override
            public Deployment deployment(String id) throws AgentClientException {
                return client.deployment(id);
            }

            @Override
            public long followEvents(String id, long afterSeq, Consumer<DeploymentEvent> sink)
                    throws AgentClientException {
                return client.followEvents(id, afterSeq, sink);
            }

            @Override
            public Deployment rollback(RollbackRequest request) throws AgentClientException {
                return client.rollback(request);
            }

            @Override
            public Deployment control(String id, ControlAction action, String reason) throws AgentClientException {
                return switch (action) {
                    case PROMOTE -> client.promote(id);
                    case PAUSE -> client.pause(id);
                    case RESUME -> client.resume(id);
                    case ABORT -> client.abort(id, reason);
                };
            }
        };
    }
}
