package io.openclaw.deploy.agent.service.windows;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.jna.Native;
import com.sun.jna.platform.win32.WinError;
import com.sun.jna.platform.win32.Winsvc;
import io.openclaw.deploy.agent.service.ServiceControls;
import io.openclaw.deploy.agent.service.ServiceExitCode;
import io.openclaw.deploy.agent.service.ServiceState;
import io.openclaw.deploy.agent.service.ServiceStatus;
import io.openclaw.deploy.agent.supervisor.windows.JobObjectApi;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The native layouts and numbers the Windows code relies on, checked where they can be: on Linux, against JNA. */
class WinsvcLayoutTest {

    @Test
    void ourControlAndStateNumbersAreWinsvcs() {
        assertThat(ServiceControls.SERVICE_CONTROL_STOP).isEqualTo(Winsvc.SERVICE_CONTROL_STOP);
        assertThat(ServiceControls.SERVICE_CONTROL_SHUTDOWN).isEqualTo(Winsvc.SERVICE_CONTROL_SHUTDOWN);
        assertThat(ServiceControls.SERVICE_CONTROL_PRESHUTDOWN).isEqualTo(Winsvc.SERVICE_CONTROL_PRESHUTDOWN);
        assertThat(ServiceControls.SERVICE_CONTROL_INTERROGATE).isEqualTo(Winsvc.SERVICE_CONTROL_INTERROGATE);
        assertThat(ServiceControls.SERVICE_ACCEPT_STOP).isEqualTo(Winsvc.SERVICE_ACCEPT_STOP);
        assertThat(ServiceControls.SERVICE_ACCEPT_SHUTDOWN).isEqualTo(Winsvc.SERVICE_ACCEPT_SHUTDOWN);
        assertThat(ServiceControls.SERVICE_ACCEPT_PRESHUTDOWN).isEqualTo(Winsvc.SERVICE_ACCEPT_PRESHUTDOWN);
        assertThat(ServiceControls.NO_ERROR).isEqualTo(WinError.NO_ERROR);
        assertThat(ServiceControls.ERROR_CALL_NOT_IMPLEMENTED).isEqualTo(WinError.ERROR_CALL_NOT_IMPLEMENTED);
        assertThat(ServiceControls.ERROR_SERVICE_SPECIFIC_ERROR).isEqualTo(WinError.ERROR_SERVICE_SPECIFIC_ERROR);
        assertThat(ServiceState.STOPPED.code()).isEqualTo(Winsvc.SERVICE_STOPPED);
        assertThat(ServiceState.START_PENDING.code()).isEqualTo(Winsvc.SERVICE_START_PENDING);
        assertThat(ServiceState.STOP_PENDING.code()).isEqualTo(Winsvc.SERVICE_STOP_PENDING);
        assertThat(ServiceState.RUNNING.code()).isEqualTo(Winsvc.SERVICE_RUNNING);
    }

    @Test
    void configStructuresJnaLacksHaveWinsvcHLayouts() {
        assertThat(new WinsvcConfigInfo.SERVICE_DELAYED_AUTO_START_INFO(true).size()).isEqualTo(4);
        assertThat(new WinsvcConfigInfo.SERVICE_DELAYED_AUTO_START_INFO(true).fDelayedAutostart).isEqualTo(1);
        assertThat(new WinsvcConfigInfo.SERVICE_PRESHUTDOWN_INFO(180_000).size()).isEqualTo(4);
        assertThat(new WinsvcConfigInfo.SERVICE_PRESHUTDOWN_INFO(180_000).dwPreshutdownTimeout).isEqualTo(180_000);
        assertThat(new Winsvc.SERVICE_STATUS().size()).isEqualTo(28);
        assertThat(new Winsvc.SC_ACTION().size()).isEqualTo(8);
    }

    @Test
    void jobObjectStructuresMatchWinntHOn64Bit() {
        JobObjectApi.JOBOBJECT_BASIC_LIMIT_INFORMATION basic = new JobObjectApi.JOBOBJECT_BASIC_LIMIT_INFORMATION();
        JobObjectApi.JOBOBJECT_EXTENDED_LIMIT_INFORMATION extended =
                new JobObjectApi.JOBOBJECT_EXTENDED_LIMIT_INFORMATION();
        if (Native.POINTER_SIZE == 8) {
            assertThat(basic.size()).isEqualTo(64);
            assertThat(extended.size()).isEqualTo(144);
            assertThat(StructureLayout.offset(basic, "LimitFlags")).isEqualTo(16);
            assertThat(StructureLayout.offset(basic, "MinimumWorkingSetSize")).isEqualTo(24);
            assertThat(StructureLayout.offset(basic, "Affinity")).isEqualTo(48);
            assertThat(StructureLayout.offset(extended, "IoInfo")).isEqualTo(64);
            assertThat(StructureLayout.offset(extended, "ProcessMemoryLimit")).isEqualTo(112);
        }
        assertThat(JobObjectApi.JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE).isEqualTo(0x2000);
        assertThat(JobObjectApi.JOB_OBJECT_EXTENDED_LIMIT_INFORMATION_CLASS).isEqualTo(9);
    }

    @Test
    void failureActionsAreRestartsInMillisecondsWithTheResetInSeconds() {
        FailureActions actions = new FailureActions(
                List.of(Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60)), Duration.ofDays(1));

        assertThat(actions.actions()).extracting(a -> a.type).containsOnly(Winsvc.SC_ACTION_RESTART);
        assertThat(actions.actions()).extracting(a -> a.delay).containsExactly(10_000, 30_000, 60_000);
        assertThat(actions.resetPeriodSeconds()).isEqualTo(86_400);
    }

    @Test
    void statusReportsMapFieldByFieldOntoServiceStatus() {
        Winsvc.SERVICE_STATUS failed = WindowsServiceHost.toNative(new ServiceStatus(ServiceState.STOPPED, 0,
                WinError.ERROR_SERVICE_SPECIFIC_ERROR, ServiceExitCode.INSECURE_SECRETS.code(), 0, 0));
        assertThat(failed.dwServiceType).isEqualTo(0x10);
        assertThat(failed.dwCurrentState).isEqualTo(Winsvc.SERVICE_STOPPED);
        assertThat(failed.dwWin32ExitCode).isEqualTo(1066);
        assertThat(failed.dwServiceSpecificExitCode).isEqualTo(11);

        Winsvc.SERVICE_STATUS pending =
                WindowsServiceHost.toNative(new ServiceStatus(ServiceState.START_PENDING, 0, 0, 0, 3, 30_000));
        assertThat(pending.dwCheckPoint).isEqualTo(3);
        assertThat(pending.dwWaitHint).isEqualTo(30_000);
        assertThat(pending.dwControlsAccepted).isZero();
    }
}
