package io.openclaw.deploy.agent.service;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Joins arguments into one Windows command line (the service's ImagePath) so that the C runtime's parser
 * ({@code CommandLineToArgvW} rules) gives back exactly the same arguments: an argument with a space, a tab or a quote
 * is enclosed in quotes, a quote inside is escaped with a backslash, and backslashes are doubled only where they come
 * before a quote (so {@code C:\Program Files\} stays a path and does not swallow the closing quote).
 */
public final class WindowsCommandLine {
    private WindowsCommandLine() {}

    public static String join(List<String> arguments) {
        return arguments.stream().map(WindowsCommandLine::quote).collect(Collectors.joining(" "));
    }

    public static String quote(String argument) {
        if (argument.contains("\0") || argument.contains("\n") || argument.contains("\r")) {
            throw new IllegalArgumentException("a command-line argument cannot contain NUL or line breaks: " + argument);
        }
        if (!argument.isEmpty() && argument.chars().noneMatch(c -> c == ' ' || c == '\t' || c == '"')) {
            return argument;
        }
        StringBuilder quoted = new StringBuilder("\"");
        int backslashes = 0;
        for (char c : argument.toCharArray()) {
            if (c == '\\') {
                backslashes++;
                continue;
            }
            if (c == '"') {
                quoted.append("\\".repeat(backslashes * 2 + 1)).append('"');
            } else {
                quoted.append("\\".repeat(backslashes)).append(c);
            }
            backslashes = 0;
        }
        quoted.append("\\".repeat(backslashes * 2)).append('"');
        return quoted.toString();
    }
}
