package io.openclaw.deploy.agent.service.windows;

import com.sun.jna.platform.win32.Winsvc;
import java.time.Duration;
import java.util.List;

/** The SCM's recovery settings for the agent: restart after each delay, the last repeating; reset after a quiet period. */
public record FailureActions(List<Duration> restartDelays, Duration resetPeriod) {
    public FailureActions {
        restartDelays = List.copyOf(restartDelays);
    }

    /** SC_ACTION entries for {@code W32Service.setFailureActions}; delays in milliseconds as the SCM wants them. */
    public List<Winsvc.SC_ACTION> actions() {
        return restartDelays.stream().map(delay -> {
            Winsvc.SC_ACTION action = new Winsvc.SC_ACTION();
            action.type = Winsvc.SC_ACTION_RESTART;
            action.delay = (int) Math.min(Integer.MAX_VALUE, delay.toMillis());
            return action;
        }).toList();
    }

    /** dwResetPeriod is in seconds. */
    public int resetPeriodSeconds() {
        return (int) Math.min(Integer.MAX_VALUE, resetPeriod.toSeconds());
    }
}
