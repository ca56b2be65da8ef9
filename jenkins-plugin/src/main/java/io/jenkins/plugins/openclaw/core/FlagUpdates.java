package io.jenkins.plugins.openclaw.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.openclaw.deploy.protocol.AgentClient;
import io.openclaw.deploy.protocol.AgentClientException;
import io.openclaw.deploy.protocol.AgentProblemException;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Clock;

/**
 * Applies one {@link FlagArguments} through the agent's admin API ({@code /v1/flags}), the way {@code openclaw-agent
 * flags set|delete|rollback} does: a set reads the current definition (or starts a new one), changes only the given
 * fields, and puts the whole definition back, so variants and fields not mentioned are kept. The agent validates the
 * definition and refuses a bad one with a problem naming the field; that refusal reaches the caller unchanged.
 */
public final class FlagUpdates {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AgentClient client;
    private final Clock clock;

    public FlagUpdates(AgentClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    public FlagChange apply(FlagArguments args) throws AgentClientException {
        return switch (args.kind()) {
            case SET -> changed(args, "set", client.putFlag(args.name(), definition(current(args.name()), args)));
            case DELETE -> new FlagChange(args.agent(), args.name(), "deleted",
                    client.deleteFlag(args.name()).get("revision").asInt(), null, null, clock.millis());
            case ROLLBACK -> changed(args, "rolled back to revision " + args.rollbackToRevision(),
                    client.rollbackFlag(args.name(), args.rollbackToRevision()));
        };
    }

    /** The definition to PUT: {@code current} (null for a new flag) with the given fields replaced. */
    public static ObjectNode definition(ObjectNode current, FlagArguments args) {
        ObjectNode flag = current == null ? JSON.createObjectNode().put("name", args.name()) : current.deepCopy();
        if (args.enabled() != null) {
            flag.put("enabled", args.enabled());
        }
        if (args.rolloutPercentage() != null) {
            flag.put("rollout_percentage", args.rolloutPercentage());
        }
        if (args.description() != null) {
            flag.put("description", args.description());
        }
        if (args.rulesJson() != null) {
            try {
                flag.set("rules", JSON.readTree(args.rulesJson()));
            } catch (IOException e) {
                throw new IllegalStateException("rules were checked as JSON before", e);
            }
        }
        return flag;
    }

    private ObjectNode current(String name) throws AgentClientException {
        try {
            return (ObjectNode) client.flag(name).get("flag");
        } catch (AgentProblemException e) {
            if (e.problem().status() == 404) {
                return null;
            }
            throw e;
        }
    }

    private FlagChange changed(FlagArguments args, String change, JsonNode state) {
        JsonNode flag = state.get("flag");
        return new FlagChange(args.agent(), args.name(), change, state.get("revision").asInt(),
                flag.get("enabled").asBoolean(), new BigDecimal(flag.get("rollout_percentage").asText()),
                clock.millis());
    }
}
