package io.openclaw.deploy.agent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.openclaw.deploy.protocol.AgentClient;
import io.openclaw.deploy.protocol.AgentProblemException;
import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code flags ...}: the agent's feature flags through the admin API ({@code /v1/flags}). */
@Command(
        name = "flags",
        mixinStandardHelpOptions = true,
        description = "Feature flags the loops read over OFREP: list, inspect, change, evaluate, and roll back.",
        subcommands = {
            FlagsCommand.ListFlags.class,
            FlagsCommand.GetFlag.class,
            FlagsCommand.SetFlag.class,
            FlagsCommand.DeleteFlag.class,
            FlagsCommand.EvalFlag.class,
            FlagsCommand.History.class,
            FlagsCommand.Rollback.class
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  openclaw-agent flags list --home C:\\OpenClaw",
            "  openclaw-agent flags set agent_loop_gmail_v2 --home C:\\OpenClaw --enabled true --rollout 25",
            "  openclaw-agent flags set agent_loop_gmail_v2 --home C:\\OpenClaw --file gmail_v2.yaml",
            "  openclaw-agent flags eval agent_loop_gmail_v2 --home C:\\OpenClaw --key user-42 --attr user_tier=beta",
            "  openclaw-agent flags rollback agent_loop_gmail_v2 --home C:\\OpenClaw --revision 3"
        })
final class FlagsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    static void printState(PrintWriter out, JsonNode state) {
        JsonNode flag = state.get("flag");
        out.printf(Locale.ROOT, "%-32s %-8s %6s%% %2d rule(s)  rev %d by %s at %s%n",
                flag.get("name").asText(),
                flag.get("enabled").asBoolean() ? "enabled" : "disabled",
                flag.get("rollout_percentage").asText(),
                flag.get("rules").size(),
                state.get("revision").asInt(),
                state.get("updated_by").asText(),
                state.get("updated_at").asText());
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Every flag with its state and revision.")
    static final class ListFlags extends ClientCommand {
        @Override
        int run(AgentClient client) throws Exception {
            JsonNode answer = client.flags();
            return answer(answer, () -> {
                if (answer.get("flags").isEmpty()) {
                    out().println("no flags");
                }
                answer.get("flags").forEach(s -> printState(out(), s));
            });
        }
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "One flag's full definition (YAML, or JSON with --json).")
    static final class GetFlag extends ClientCommand {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        int run(AgentClient client) throws Exception {
            JsonNode state = client.flag(name);
            return answer(state, () -> {
                printState(out(), state);
                out().print(YAML.writeValueAsString(state.get("flag")));
            });
        }
    }

    @Command(name = "set", mixinStandardHelpOptions = true, description = {
        "Create or change a flag.",
        "Either a whole definition from --file (YAML or JSON, spec 7.2 shape), or the current flag",
        "(a new one if absent) with --enabled/--rollout/--description changed."
    })
    static final class SetFlag extends ClientCommand {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Option(names = "--file", paramLabel = "FILE", description = "The flag's full definition.")
        Path file;

        @Option(names = "--enabled", paramLabel = "true|false", arity = "1")
        Boolean enabled;

        @Option(names = "--rollout", paramLabel = "PERCENT", description = "Rollout percentage, 0-100 (two decimals).")
        BigDecimal rollout;

        @Option(names = "--description", paramLabel = "TEXT")
        String description;

        @Override
        int run(AgentClient client) throws Exception {
            ObjectNode definition;
            if (file != null) {
                definition = readDefinition(file);
            } else {
                definition = current(client);
            }
            if (enabled != null) {
                definition.put("enabled", enabled);
            }
            if (rollout != null) {
                definition.put("rollout_percentage", rollout);
            }
            if (description != null) {
                definition.put("description", description);
            }
            JsonNode state = client.putFlag(name, definition);
            return answer(state, () -> printState(out(), state));
        }

        private ObjectNode current(AgentClient client) throws Exception {
            try {
                return (ObjectNode) client.flag(name).get("flag");
            } catch (AgentProblemException e) {
                if (e.problem().status() == 404) {
                    ObjectNode fresh = YAML.createObjectNode();
                    fresh.put("name", name);
                    return fresh;
                }
                throw e;
            }
        }

        private static ObjectNode readDefinition(Path file) throws IOException {
            if (!Files.isRegularFile(file)) {
                throw new CliException(ExitCodes.USAGE, file + " is not a file");
            }
            JsonNode node = YAML.readTree(file.toFile());
            if (node == null || !node.isObject()) {
                throw new CliException(ExitCodes.USAGE, file + " must hold one flag definition (a mapping)");
            }
            return (ObjectNode) node;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a flag (its history stays; 'rollback' restores it).")
    static final class DeleteFlag extends ClientCommand {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        int run(AgentClient client) throws Exception {
            JsonNode revision = client.deleteFlag(name);
            return answer(revision, () ->
                    out().println("deleted " + name + " (revision " + revision.get("revision").asInt() + ")"));
        }
    }

    @Command(name = "eval", mixinStandardHelpOptions = true, description = "Evaluate a flag as a loop would (OFREP answer).")
    static final class EvalFlag extends ClientCommand {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Option(names = "--key", paramLabel = "TARGETING_KEY", description = "The user the percentage bucket sticks to.")
        String key;

        @Option(names = "--attr", paramLabel = "NAME=VALUE", description = "A context attribute (repeatable).")
        Map<String, String> attributes = new LinkedHashMap<>();

        @Override
        int run(AgentClient client) throws Exception {
            Map<String, Object> context = new LinkedHashMap<>(attributes);
            if (key != null) {
                context.put("targetingKey", key);
            }
            JsonNode answer = client.evaluateFlag(name, context);
            if (json) {
                printJson(answer);
                return answer.has("errorCode") ? ExitCodes.ERROR : ExitCodes.SUCCESS;
            }
            if (answer.has("errorCode")) {
                return error(answer.get("errorCode").asText() + ": " + answer.get("errorDetails").asText(), ExitCodes.ERROR);
            }
            out().println(answer.get("value") + " (variant " + answer.get("variant").asText() + ", reason "
                    + answer.get("reason").asText() + ")");
            out().flush();
            return ExitCodes.SUCCESS;
        }
    }

    @Command(name = "history", mixinStandardHelpOptions = true, description = "Every revision of a flag: who, when, what.")
    static final class History extends ClientCommand {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        int run(AgentClient client) throws Exception {
            JsonNode answer = client.flagRevisions(name);
            return answer(answer, () -> {
                out().printf(Locale.ROOT, "%-4s %-25s %-16s %-8s %s%n", "REV", "AT", "BY", "ORIGIN", "CHANGE");
                for (JsonNode r : answer.get("revisions")) {
                    JsonNode flag = r.get("flag");
                    String what = flag.isNull() ? "(deleted)"
                            : (flag.get("enabled").asBoolean() ? "enabled " : "disabled ") + flag.get("rollout_percentage").asText() + "%";
                    out().printf(Locale.ROOT, "%-4d %-25s %-16s %-8s %s: %s%n", r.get("revision").asInt(), r.get("at").asText(),
                            r.get("by").asText(), r.get("origin").asText(), r.get("change").asText(), what);
                }
            });
        }
    }

    @Command(name = "rollback", mixinStandardHelpOptions = true, description = "Make an earlier revision of a flag current again (as a new revision).")
    static final class Rollback extends ClientCommand {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Option(names = "--revision", paramLabel = "N", required = true, description = "The revision to return to (see 'flags history').")
        int revision;

        @Override
        int run(AgentClient client) throws Exception {
            JsonNode state = client.rollbackFlag(name, revision);
            return answer(state, () -> printState(out(), state));
        }
    }
}
