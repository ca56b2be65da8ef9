package io.openclaw.deploy.agent.supervisor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Puts the agent's children back at normal CPU priority on Linux when the agent runs above it. The service unit starts
 * the agent at {@code Nice=-10} so that a restart is not starved by its own saturated loops and router (the start is
 * class loading and JIT, all CPU); children inherit the nice value, and the data plane and the loops must not take
 * that advantage over the host's other work. {@code nice -n N} replaces itself with the command ({@code exec}), so the
 * process keeps its pid and start time, which adoption relies on. Raising the nice value needs no privilege.
 *
 * <p>Windows needs none of this: a child of an {@code ABOVE_NORMAL_PRIORITY_CLASS} process is created at
 * {@code NORMAL_PRIORITY_CLASS} unless asked otherwise.
 */
public final class NormalPriority implements UnaryOperator<List<String>> {
    private static final Path NICE = Path.of("/usr/bin/nice");

    private final int agentNice;
    private final Path niceTool;

    /** @param agentNice the nice value the agent runs at; children are launched {@code -agentNice} lower when below 0 */
    NormalPriority(int agentNice, Path niceTool) {
        this.agentNice = agentNice;
        this.niceTool = niceTool;
    }

    /** For this process: its nice value from {@code /proc/self/stat}; none (unchanged commands) where that is absent. */
    public static NormalPriority ofThisProcess() {
        return new NormalPriority(ownNice().orElse(0), NICE);
    }

    /** For the agent's log: at which priority the agent and its children run. */
    public String describe() {
        return agentNice < 0
                ? "nice " + agentNice + ", loops and router launched at nice 0"
                : "nice " + agentNice + " (the systemd unit sets -10), loops and router launched at the same";
    }

    @Override
    public List<String> apply(List<String> command) {
        if (agentNice >= 0 || command.isEmpty() || !Files.isExecutable(niceTool)) {
            return command;
        }
        List<String> lowered = new ArrayList<>(command.size() + 3);
        lowered.add(niceTool.toString());
        lowered.add("-n");
        lowered.add(Integer.toString(-agentNice));
        lowered.addAll(command);
        return List.copyOf(lowered);
    }

    static Optional<Integer> ownNice() {
        try {
            return niceOf(Files.readString(Path.of("/proc/self/stat")));
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.empty();
        }
    }

    /**
     * The nice value in a {@code /proc/<pid>/stat} line: field 19, counted after the command name, which is in
     * parentheses and may itself hold spaces and parentheses (hence the last ')').
     */
    static Optional<Integer> niceOf(String stat) {
        int end = stat.lastIndexOf(')');
        if (end < 0) {
            return Optional.empty();
        }
        String[] fields = stat.substring(end + 1).trim().split(" +");
        // fields[0] is field 3 (state); field 19 is at index 16.
        if (fields.length < 17) {
            return Optional.empty();
        }
        try {
            return Optional.of(Integer.parseInt(fields[16]));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
