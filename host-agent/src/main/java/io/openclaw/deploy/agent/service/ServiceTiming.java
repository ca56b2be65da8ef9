package io.openclaw.deploy.agent.service;

import java.time.Duration;

/**
 * How the service reports progress while it starts and stops.
 *
 * @param waitHint         sent with every pending report: the SCM waits this long for the next one
 * @param progressInterval how often the check point grows while a start or stop is in progress; well below waitHint
 * @param maxStart         after this the check point stops growing, so a start that hangs is timed out by the SCM
 *                         rather than hidden behind endless progress
 * @param maxStop          same for a stop (drain + loop stop timeouts + journal flush)
 */
public record ServiceTiming(Duration waitHint, Duration progressInterval, Duration maxStart, Duration maxStop) {
    public ServiceTiming {
        if (progressInterval.isZero() || progressInterval.isNegative() || progressInterval.compareTo(waitHint) >= 0) {
            throw new IllegalArgumentException("progress interval must be positive and below the wait hint");
        }
    }

    /** Defaults for the real agent: the stop budget covers draining and stopping loops with the given timeouts. */
    public static ServiceTiming forAgent(Duration drainTimeout, Duration loopStopTimeout) {
        return new ServiceTiming(Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofMinutes(5),
                drainTimeout.plus(loopStopTimeout).plus(Duration.ofSeconds(60)));
    }
}
