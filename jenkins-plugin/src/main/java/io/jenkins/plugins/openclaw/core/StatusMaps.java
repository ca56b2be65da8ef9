package io.jenkins.plugins.openclaw.core;

import io.openclaw.deploy.protocol.AgentStatus;
import io.openclaw.deploy.protocol.InstanceStatus;
import io.openclaw.deploy.protocol.LoopStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code openclawStatus}'s answer: the agent status as nested maps and lists a Pipeline script can read. */
public final class StatusMaps {
    private StatusMaps() {}

    public static Map<String, Object> toMap(AgentStatus status) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("release", status.release());
        map.put("activeSlot", status.activeSlot());
        map.put("agentVersion", status.agentVersion());
        map.put("fingerprint", status.fingerprint());
        map.put("releases", new ArrayList<>(status.releases()));
        map.put("deployment", status.deployment() == null ? null : StepResults.toMap(status.deployment()));
        List<Map<String, Object>> loops = new ArrayList<>();
        int healthy = 0;
        int instances = 0;
        for (LoopStatus loop : status.loops()) {
            Map<String, Object> l = new LinkedHashMap<>();
            l.put("name", loop.name());
            l.put("strategy", loop.strategy());
            l.put("version", loop.version());
            List<Map<String, Object>> list = new ArrayList<>();
            for (InstanceStatus i : loop.instances()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", i.id());
                m.put("version", i.version());
                m.put("slot", i.slot());
                m.put("healthy", i.healthy());
                m.put("weight", i.weight());
                m.put("state", i.state());
                m.put("pid", i.pid());
                list.add(m);
                instances++;
                if (i.healthy()) {
                    healthy++;
                }
            }
            l.put("instances", list);
            loops.add(l);
        }
        map.put("loops", loops);
        map.put("healthyInstances", healthy);
        map.put("instances", instances);
        map.put("idle", status.deployment() == null || status.deployment().isFinished());
        return map;
    }
}
