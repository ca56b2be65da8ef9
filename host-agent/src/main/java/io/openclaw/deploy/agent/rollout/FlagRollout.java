package io.openclaw.deploy.agent.rollout;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.openclaw.deploy.agent.OperationException;
import io.openclaw.deploy.agent.config.RolloutConfig;
import io.openclaw.deploy.agent.dataplane.FlagTargeting;
import io.openclaw.deploy.agent.dataplane.FlagVersionChooser;
import io.openclaw.deploy.agent.flags.Flag;
import io.openclaw.deploy.agent.flags.FlagParser;
import io.openclaw.deploy.agent.flags.FlagService;
import io.openclaw.deploy.agent.flags.FlagState;
import io.openclaw.deploy.protocol.EventTypes;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A flag-driven release ({@code strategy: feature-flag}, spec 2.2): the loop's new version runs beside the old one
 * and the router asks the loop's release flag {@code release.<loop>} for every request ({@link FlagVersionChooser}).
 * It rides on the canary procedure ({@link CanaryRollout}) through {@link RampHooks}: each phase sets the flag's
 * rollout percentage, a rollback turns the flag off before anything else, and the promotion retires (deletes) it.
 * Every change is a flag revision by the deployment's id.
 *
 * <p>The flag's rules come from the flag if it already exists (agent.yaml {@code feature_flags}, the release's
 * {@code flags.yaml} or the API); otherwise the canary's {@code segment} becomes an {@code in} rule on the header's
 * attribute. The targeting key is the canary's {@code sticky_header}, else {@code X-OpenClaw-User}.
 */
final class FlagRollout implements RampHooks {
    static final String FLAG_PREFIX = "release.";

    private final FlagService flags;
    private final Fleet fleet;
    private final Set<String> loops;
    private final RolloutConfig.Canary canary;
    private final FlagTargeting targeting;

    /** @param loops the loops of the group that are released by flag (the others ramp as plain canaries) */
    FlagRollout(FlagService flags, Fleet fleet, Set<String> loops, RolloutConfig.Canary canary) {
        this.flags = flags;
        this.fleet = fleet;
        this.loops = Set.copyOf(loops);
        this.canary = canary;
        this.targeting = new FlagTargeting(canary.stickyHeader());
    }

    static String flagName(String loop) {
        return FLAG_PREFIX + loop;
    }

    @Override
    public boolean releasedByFlag(String loop) {
        return loops.contains(loop);
    }

    @Override
    public void beforeShare(List<LoopMove> moves, int percent, DeploymentLog log) {
        for (LoopMove m : flagged(moves)) {
            String name = flagName(m.loop());
            Flag flag = current(name).orElseGet(() -> created(m, log)).withEnabled(true).withRolloutPercentage(percent);
            FlagState now = flags.set(flag, log.id());
            // Registered after the flag exists, so the first table that routes the new version already asks it.
            fleet.chooseBy(m.loop(), new FlagVersionChooser(flags.evaluator(), name, m.release().version(), targeting));
            Map<String, Object> data = flagData(name, now, percent);
            data.put("loops", List.of(m.loop())); // as in a canary's weights-changed event
            log.info(EventTypes.WEIGHTS_CHANGED, "release flag " + name + " at " + percent + "% (revision "
                    + now.revision() + ")", data);
        }
    }

    @Override
    public void stopNewVersion(List<LoopMove> moves, String reason, DeploymentLog log) {
        for (LoopMove m : flagged(moves)) {
            String name = flagName(m.loop());
            long t0 = System.nanoTime();
            Flag flag = current(name).orElse(null);
            if (flag == null) {
                continue;
            }
            FlagState now = flags.set(flag.withEnabled(false), log.id());
            Map<String, Object> data = flagData(name, now, flag.rolloutPercentage());
            data.put("enabled", false);
            data.put("flagOffMicros", (System.nanoTime() - t0) / 1_000);
            data.put("reason", reason);
            log.info(EventTypes.ROLLBACK_STARTED, "release flag " + name + " turned off (" + reason + ")", data);
        }
    }

    @Override
    public void promoted(List<LoopMove> moves, DeploymentLog log) {
        for (LoopMove m : flagged(moves)) {
            String name = flagName(m.loop());
            fleet.chooseBy(m.loop(), null);
            if (current(name).isPresent()) {
                int revision = flags.delete(name, log.id()).revision();
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("flag", name);
                data.put("revision", revision);
                data.put("retired", true);
                log.info(EventTypes.INFO, "release flag " + name + " retired: " + m.release().version()
                        + " serves every request of " + m.loop(), data);
            }
        }
    }

    /** Whatever happened, the router stops asking the flags of this group. */
    void end() {
        loops.forEach(loop -> fleet.chooseBy(loop, null));
    }

    /**
     * After an agent restart in the middle of a flag-driven release (the old version is being restored): the release
     * flags that deployment left on go off, so the loops reading them over OFREP agree with the routing.
     *
     * @param flags null when the agent has no flags (nothing to do)
     */
    static void switchOffLeftovers(FlagService flags, DeploymentLog log) {
        if (flags == null) {
            return;
        }
        for (FlagState state : flags.list()) {
            Flag flag = state.flag();
            if (flag.name().startsWith(FLAG_PREFIX) && flag.enabled() && log.id().equals(state.updatedBy())) {
                FlagState now = flags.set(flag.withEnabled(false), log.id());
                Map<String, Object> data = flagData(flag.name(), now, flag.rolloutPercentage());
                data.put("enabled", false);
                log.info(EventTypes.ROLLBACK_STARTED, "release flag " + flag.name() + " turned off", data);
            }
        }
    }

    private List<LoopMove> flagged(List<LoopMove> moves) {
        return moves.stream().filter(m -> loops.contains(m.loop())).toList();
    }

    private Optional<Flag> current(String name) {
        try {
            return Optional.of(flags.get(name).flag());
        } catch (OperationException notFound) {
            return Optional.empty();
        }
    }

    /** A new release flag: off for everyone but the canary's segment, which becomes a rule. */
    private Flag created(LoopMove m, DeploymentLog log) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode json = f.objectNode();
        json.put("name", flagName(m.loop()));
        json.put("description", "release of " + m.loop() + " " + m.release().version() + " by deployment " + log.id());
        json.put("enabled", true);
        json.put("rollout_percentage", 0);
        String attribute = canary.segmentHeader() == null ? null : FlagTargeting.attributeOf(canary.segmentHeader());
        if (attribute != null) {
            ObjectNode condition = f.objectNode().put("property", attribute).put("operator", "in");
            canary.segmentValues().forEach(condition.putArray("value")::add);
            ObjectNode rule = f.objectNode().put("name", "segment " + canary.segmentHeader()).put("action", "enable");
            rule.putArray("conditions").add(condition);
            json.putArray("rules").add(rule);
        } else if (canary.segmentHeader() != null) {
            log.info(EventTypes.INFO, "canary segment header " + canary.segmentHeader() + " is not an X-OpenClaw-*"
                    + " header, so the release flag cannot see it; define the rule in the flag instead", Map.of());
        }
        return FlagParser.parse(json, null);
    }

    private static Map<String, Object> flagData(String name, FlagState state, double percent) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("flag", name);
        data.put("revision", state.revision());
        data.put("percentage", RampWording.percent(percent));
        return data;
    }
}
