package io.openclaw.deploy.agent.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.openclaw.deploy.agent.config.ConfigException;
import io.openclaw.deploy.protocol.AgentAuthenticationException;
import io.openclaw.deploy.protocol.AgentClient;
import io.openclaw.deploy.protocol.AgentClientException;
import io.openclaw.deploy.protocol.AgentProblemException;
import io.openclaw.deploy.protocol.AgentUnreachableException;
import io.openclaw.deploy.protocol.Json;
import io.openclaw.deploy.protocol.Problem;
import io.openclaw.deploy.protocol.ProblemTypes;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Base of the commands that call a running agent: picks the agent, opens the client, and turns every failure into
 * one line on stderr and an exit code (never a stack trace).
 */
abstract class ClientCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1", heading = "%nAgent (--home, or all of --agent, --token-file, --fingerprint):%n")
    AgentTarget target;

    @Option(names = "--json", description = "Print the API's JSON on stdout instead of text.")
    boolean json;

    /** Does the command's work; returns the exit code. */
    abstract int run(AgentClient client) throws Exception;

    @Override
    public final Integer call() {
        ClientWarmUp.await();
        try (AgentClient client = new AgentClient(target.endpoint())) {
            return run(client);
        } catch (CliException e) {
            return error(e.getMessage(), e.exitCode());
        } catch (AgentAuthenticationException e) {
            return error(e.getMessage() + " (check the token file)", ExitCodes.UNREACHABLE);
        } catch (AgentUnreachableException e) {
            return error(e.getMessage(), ExitCodes.UNREACHABLE);
        } catch (AgentProblemException e) {
            return error(describe(e.problem()), exitCode(e.problem()));
        } catch (AgentClientException e) {
            return error(e.getMessage(), ExitCodes.ERROR);
        } catch (ConfigException | IllegalArgumentException e) {
            return error(e.getMessage(), ExitCodes.USAGE);
        } catch (Exception e) {
            return error(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(), ExitCodes.ERROR);
        }
    }

    static int exitCode(Problem problem) {
        if (ProblemTypes.UNAUTHORIZED.equals(problem.type())) {
            return ExitCodes.UNREACHABLE;
        }
        if (ProblemTypes.DISK_FULL.equals(problem.type())) {
            return ExitCodes.DISK_FULL;
        }
        return ExitCodes.VALIDATION_PROBLEMS.contains(problem.type()) ? ExitCodes.USAGE : ExitCodes.ERROR;
    }

    private static String describe(Problem problem) {
        String text = problem.detail() != null ? problem.detail() : problem.title();
        if (problem.deploymentId() != null && !text.contains(problem.deploymentId())) {
            text += " (deployment " + problem.deploymentId() + ")";
        }
        return text + " [" + problem.type().replace("urn:openclaw:problem:", "") + ", HTTP " + problem.status() + "]";
    }

    int error(String message, int code) {
        PrintWriter err = spec.commandLine().getErr();
        err.println("openclaw-agent: error: " + message);
        err.flush();
        return code;
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** Prints the text form of an answer; may fail like the command itself. */
    @FunctionalInterface
    interface TextForm {
        void print() throws Exception;
    }

    /** A successful answer: the API's JSON with {@code --json}, its text form otherwise. */
    int answer(Object value, TextForm text) throws Exception {
        if (json) {
            printJson(value);
        } else {
            text.print();
            out().flush();
        }
        return ExitCodes.SUCCESS;
    }

    void printJson(Object value) {
        try {
            out().println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(value));
            out().flush();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot print JSON", e);
        }
    }

    /** One JSON document per line (for streams of events). */
    void printJsonLine(Object value) {
        try {
            out().println(Json.mapper().writeValueAsString(value));
            out().flush();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot print JSON", e);
        }
    }
}
