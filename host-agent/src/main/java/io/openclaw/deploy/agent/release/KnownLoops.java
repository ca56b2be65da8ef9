package io.openclaw.deploy.agent.release;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The 15 OpenClaw loops of spec 2.2, in the spec's order, with the release strategy the spec gives each. */
public final class KnownLoops {
    private static final Map<String, LoopStrategy> DEFAULTS = new LinkedHashMap<>();

    static {
        DEFAULTS.put("core_orchestrator", LoopStrategy.BLUE_GREEN);
        DEFAULTS.put("gmail_processor", LoopStrategy.ROLLING);
        DEFAULTS.put("browser_agent", LoopStrategy.CANARY);
        DEFAULTS.put("voice_handler", LoopStrategy.BLUE_GREEN);
        DEFAULTS.put("tts_engine", LoopStrategy.ROLLING);
        DEFAULTS.put("stt_engine", LoopStrategy.ROLLING);
        DEFAULTS.put("memory_manager", LoopStrategy.BLUE_GREEN);
        DEFAULTS.put("identity_manager", LoopStrategy.FEATURE_FLAG);
        DEFAULTS.put("cron_scheduler", LoopStrategy.ROLLING);
        DEFAULTS.put("heartbeat_monitor", LoopStrategy.BLUE_GREEN);
        DEFAULTS.put("user_system", LoopStrategy.BLUE_GREEN);
        DEFAULTS.put("system_controller", LoopStrategy.BLUE_GREEN);
        DEFAULTS.put("gpt_interface", LoopStrategy.CANARY);
        DEFAULTS.put("notification_router", LoopStrategy.ROLLING);
        DEFAULTS.put("logging_audit", LoopStrategy.ROLLING);
    }

    private KnownLoops() {}

    /** The 15 names in spec order. */
    public static List<String> names() {
        return List.copyOf(DEFAULTS.keySet());
    }

    /** Spec 2.2's strategy for a known loop; blue-green, the safest, for any other. */
    public static LoopStrategy defaultStrategy(String loopName) {
        return DEFAULTS.getOrDefault(loopName, LoopStrategy.BLUE_GREEN);
    }
}
