package io.openclaw.deploy.demo;

import io.openclaw.deploy.protocol.Deployment;
import io.openclaw.deploy.protocol.DeploymentState;
import io.openclaw.deploy.sample.Traffic;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * What the flag part showed.
 *
 * @param phases         the observed shares on the new version while each flag percentage held, then after promotion
 * @param flagRetired    the deployment reported the flag retired and the agent no longer has it
 * @param revisions      the flag's history, one entry per revision
 * @param routerFailures failed requests of the keyed callers
 */
record FlagFigures(Deployment deployment, List<PhaseShares> phases, boolean flagRetired, List<String> revisions,
        long routerFailures) implements ReportSection {

    /**
     * Requests answered by the new version in one phase, in percent of each kind of caller's requests, and the keyed
     * users that the new version answered.
     */
    record PhaseShares(String phase, long requests, double betaPercent, double keyedPercent, int keyedUsersOnNew,
            int keyedUsers, double anonymousPercent) {

        static PhaseShares of(String phase, String newVersion, List<Traffic.Answer> answers) {
            Predicate<Traffic.Answer> beta = a -> a.caller().tier() != null;
            Predicate<Traffic.Answer> keyed = a -> a.caller().tier() == null && a.caller().user() != null;
            Predicate<Traffic.Answer> anonymous = a -> a.caller().user() == null;
            List<Traffic.Answer> keyedAnswers = answers.stream().filter(keyed).toList();
            Set<String> users = keyedAnswers.stream().map(a -> a.caller().user()).collect(Collectors.toSet());
            Set<String> usersOnNew = keyedAnswers.stream().filter(a -> a.version().equals(newVersion))
                    .map(a -> a.caller().user()).collect(Collectors.toSet());
            return new PhaseShares(phase, answers.size(), percentOnNew(answers, beta, newVersion),
                    percentOnNew(answers, keyed, newVersion), usersOnNew.size(), users.size(),
                    percentOnNew(answers, anonymous, newVersion));
        }

        private static double percentOnNew(List<Traffic.Answer> answers, Predicate<Traffic.Answer> kind,
                String newVersion) {
            List<Traffic.Answer> of = answers.stream().filter(kind).toList();
            return of.isEmpty() ? Double.NaN
                    : 100.0 * of.stream().filter(a -> a.version().equals(newVersion)).count() / of.size();
        }
    }

    @Override
    public boolean asExpected() {
        return deployment.state() == DeploymentState.SUCCEEDED && flagRetired && routerFailures == 0;
    }

    @Override
    public void print(PrintStream out) {
        out.printf(Locale.ROOT, "  flag release         %s of %s %s; flag %s %s%n", deployment.version(),
                FlagDemo.LOOP, deployment.state(), FlagDemo.FLAG, flagRetired ? "retired" : "NOT retired");
        if (deployment.state() != DeploymentState.SUCCEEDED) {
            out.println("  reason               " + deployment.reason());
        }
        out.println("  flag revisions       " + String.join(" -> ", revisions));
        out.printf(Locale.ROOT, "  keyed callers failed %d%n", routerFailures);
        out.printf(Locale.ROOT, "  %-21s%-10s %9s %6s %16s %10s%n", "shares on " + deployment.version(), "phase",
                "requests", "beta", "keyed (users)", "no key");
        for (PhaseShares p : phases) {
            out.printf(Locale.ROOT, "                       %-10s %9d %5.0f%% %5.0f%% (%3d/%3d) %9.0f%%%n", p.phase(),
                    p.requests(), p.betaPercent(), p.keyedPercent(), p.keyedUsersOnNew(), p.keyedUsers(),
                    p.anonymousPercent());
        }
        out.printf(Locale.ROOT, "                       (requests of each kind of caller answered by %s; users: keyed"
                + " users it answered / keyed users seen)%n", deployment.version());
    }
}
