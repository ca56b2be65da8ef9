package io.openclaw.deploy.agent.rollout;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What the events of a ramp say, for a group whose loops are released by weight (canary) or by their release flag
 * ({@link FlagRollout}): a flag-driven loop gets no canary weight, so its texts name the flag and what it does.
 */
final class RampWording {
    private final List<String> byWeight;
    private final List<String> byFlag;
    private final RampHooks hooks;

    RampWording(List<LoopMove> moves, RampHooks hooks) {
        this.hooks = hooks;
        this.byWeight = moves.stream().map(LoopMove::loop).filter(loop -> !hooks.releasedByFlag(loop))
                .toList();
        this.byFlag = moves.stream().map(LoopMove::loop).filter(hooks::releasedByFlag).toList();
    }

    /** The loops whose new version takes a weighted share (the others follow their flag). */
    List<String> byWeight() {
        return byWeight;
    }

    /** The state event of a phase, e.g. {@code release flag release.identity_manager at 20%: 2.0.0 takes ...}. */
    String share(String version, int percent) {
        String weighted = byWeight.isEmpty() ? null
                : "canary " + version + " takes " + percent + "% of the traffic of " + byWeight;
        String flagged = byFlag.isEmpty() ? null : flags() + " at " + percent + "%: " + version
                + " takes the requests " + (byFlag.size() == 1 ? "it turns" : "they turn") + " on";
        return join(weighted, flagged, "; ");
    }

    /** The analysis event of one loop, e.g. {@code identity_manager 2.0.0 by release flag at 20%: pass ...}. */
    String analysis(CanaryAnalysis check, int percent) {
        return check.loop() + (hooks.releasedByFlag(check.loop()) ? " " + check.version() + " by release flag at "
                : " canary " + check.version() + " at ") + percent + "%: " + check.summary();
    }

    /** Why the deployment rolls back after a failed check. */
    String failed(CanaryAnalysis check, int percent) {
        return hooks.releasedByFlag(check.loop())
                ? check.loop() + " " + check.version() + " failed the analysis with release flag "
                        + FlagRollout.flagName(check.loop()) + " at " + percent + "%: " + check.summary()
                : check.loop() + " canary failed the analysis at " + percent + "%: " + check.summary();
    }

    /**
     * Why a phase is over without a passing check, per loop whose last check was inconclusive, e.g. {@code
     * identity_manager 2.0.0 by release flag at 20%: no passing check in the phase's 4 s, the last inconclusive: 0
     * canary requests, 5 needed (...)}.
     */
    String inconclusive(List<CanaryAnalysis> checks, int percent, Duration phase) {
        return checks.stream().map(check -> check.loop() + (hooks.releasedByFlag(check.loop())
                        ? " " + check.version() + " by release flag at " : " canary " + check.version() + " at ")
                        + percent + "%: no passing check in the phase's " + duration(phase) + ", the last "
                        + check.summary())
                .collect(Collectors.joining("; "));
    }

    /** A duration as people write it: {@code 4 s}, {@code 30 min}, {@code 24 h}, {@code 1500 ms}. */
    static String duration(Duration d) {
        if (d.toMillis() % 1000 != 0) {
            return d.toMillis() + " ms";
        }
        long seconds = d.toSeconds();
        if (seconds % 3600 == 0 && seconds > 0) {
            return seconds / 3600 + " h";
        }
        return seconds % 60 == 0 && seconds > 0 ? seconds / 60 + " min" : seconds + " s";
    }

    /** The new version left the routing table of every loop of the group. */
    String stopped(String version, String reason) {
        String weighted = byWeight.isEmpty() ? null
                : "canary traffic stopped" + (byFlag.isEmpty() ? "" : " for " + byWeight);
        String flagged = byFlag.isEmpty() ? null : version + " out of the routing of " + byFlag;
        return join(weighted, flagged, ", ") + " (" + reason + ")";
    }

    /** The new version took all the traffic of the group. */
    String promoted(String version) {
        if (byFlag.isEmpty()) {
            return "canary promoted: " + byWeight + " now run " + version;
        }
        if (byWeight.isEmpty()) {
            return "release by flag complete: " + byFlag + " now run " + version + " for every request";
        }
        return "canary promoted: " + byWeight + " and flag-released " + byFlag + " now run " + version;
    }

    /** A percentage for event data: an integer when it is one (as a canary phase's), else as it is. */
    static Number percent(double value) {
        return value == Math.rint(value) && Math.abs(value) <= Integer.MAX_VALUE ? (Number) (int) value : value;
    }

    private String flags() {
        return (byFlag.size() == 1 ? "release flag " : "release flags ")
                + byFlag.stream().map(FlagRollout::flagName).collect(Collectors.joining(", "));
    }

    private static String join(String first, String second, String separator) {
        if (first == null) {
            return second;
        }
        return second == null ? first : first + separator + second;
    }
}
