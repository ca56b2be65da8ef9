package io.openclaw.deploy.agent.cli;

import io.openclaw.deploy.protocol.AgentClient;
import io.openclaw.deploy.protocol.VerificationReport;
import picocli.CommandLine.Command;

@Command(
        name = "verify",
        mixinStandardHelpOptions = true,
        description = {
            "Run the release verification checklist now and print it: service health, every loop responding,",
            "dependencies reachable, error rate, p95 latency, CPU, memory, log output, metrics (spec 10.2).",
            "Exits 0 when it passed, 6 when an item failed (items set to warn only do not fail it)."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  openclaw-agent verify --home C:\\OpenClaw",
            "  openclaw-agent verify --home C:\\OpenClaw --json"
        })
final class VerifyCommand extends ClientCommand {
    @Override
    int run(AgentClient client) throws Exception {
        VerificationReport report = client.verify();
        if (json) {
            printJson(report);
        } else {
            Checklist.print(out(), report);
        }
        return report.passed() ? ExitCodes.SUCCESS : ExitCodes.VERIFICATION_FAILED;
    }
}
