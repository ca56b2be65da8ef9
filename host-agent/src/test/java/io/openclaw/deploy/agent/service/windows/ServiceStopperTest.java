package io.openclaw.deploy.agent.service.windows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.jna.platform.win32.WinError;
import io.openclaw.deploy.agent.service.ServiceCommandException;
import io.openclaw.deploy.agent.service.ServiceState;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code service stop} against a fake SCM that refuses controls while the service is pending (issue 15, item 11). */
class ServiceStopperTest {
    private final FakeService service = new FakeService();
    private final List<Duration> pauses = new ArrayList<>();
    private final ServiceStopper stopper = new ServiceStopper(service, pauses::add);

    @Test
    void aStopAskedForDuringTheStartWaitsUntilTheServiceRunsThenStopsIt() throws Exception {
        service.states(ServiceState.START_PENDING, ServiceState.START_PENDING, ServiceState.RUNNING);

        stopper.stop("OpenClawAgent", Duration.ofSeconds(180));

        assertThat(service.calls).containsExactly("state START_PENDING", "state START_PENDING", "state RUNNING", "stop",
                "state STOP_PENDING", "state STOPPED");
    }

    @Test
    void aRefusalBecauseTheServiceIsPendingIsLookedAtAgainNotReportedAsAFailure() throws Exception {
        // RUNNING when queried, START_PENDING again when asked (a restart by the failure actions in between).
        service.states(ServiceState.RUNNING, ServiceState.RUNNING);
        service.refuseNextStopWith = WinError.ERROR_SERVICE_CANNOT_ACCEPT_CTRL;

        stopper.stop("OpenClawAgent", Duration.ofSeconds(180));

        assertThat(service.calls).containsExactly("state RUNNING", "stop refused 1061", "state RUNNING", "stop",
                "state STOP_PENDING", "state STOPPED");
    }

    @Test
    void aServiceThatStaysStartingTimesOutSayingSo() {
        service.states(ServiceState.START_PENDING);
        service.stayInLastState = true;

        ServiceCommandException e = catchThrowableOfType(ServiceCommandException.class,
                () -> stopper.stop("OpenClawAgent", Duration.ofSeconds(5)));

        assertThat(e.kind().exitCode()).isEqualTo(6);
        assertThat(e.getMessage()).isEqualTo("the service OpenClawAgent was still starting, so it could not be asked to"
                + " stop, within 5 s");
        assertThat(service.calls).doesNotContain("stop");
        assertThat(pauses).hasSize(10);
    }

    @Test
    void aStoppedServiceIsNothingToDoAndAccessDeniedIsNotElevated() throws Exception {
        service.states(ServiceState.STOPPED);
        stopper.stop("OpenClawAgent", Duration.ofSeconds(5));
        assertThat(service.calls).containsExactly("state STOPPED");

        FakeService denied = new FakeService();
        denied.states(ServiceState.RUNNING);
        denied.refuseNextStopWith = WinError.ERROR_ACCESS_DENIED;
        assertThat(catchThrowableOfType(ServiceCommandException.class,
                () -> new ServiceStopper(denied, pauses::add).stop("OpenClawAgent", Duration.ofSeconds(5)))
                .kind().exitCode()).isEqualTo(3);
    }

    /** Goes through the given states one query at a time; a STOP it accepts leads to STOP_PENDING, then STOPPED. */
    private static final class FakeService implements ServiceStopper.Control {
        final List<String> calls = new ArrayList<>();
        final Deque<ServiceState> upcoming = new ArrayDeque<>();
        ServiceState last;
        boolean stayInLastState;
        int refuseNextStopWith;

        void states(ServiceState... states) {
            upcoming.addAll(List.of(states));
        }

        @Override
        public void sendStop() throws ScmRegistry.ScmError {
            if (refuseNextStopWith != 0) {
                int code = refuseNextStopWith;
                refuseNextStopWith = 0;
                calls.add("stop refused " + code);
                throw new ScmRegistry.ScmError("ControlService(STOP)", code);
            }
            calls.add("stop");
            upcoming.clear();
            upcoming.addAll(List.of(ServiceState.STOP_PENDING, ServiceState.STOPPED));
        }

        @Override
        public int state() {
            if (upcoming.size() > 1 || (upcoming.size() == 1 && !stayInLastState)) {
                last = upcoming.poll();
            } else if (upcoming.size() == 1) {
                last = upcoming.peek();
            }
            calls.add("state " + last.name());
            return last.code();
        }
    }
}
