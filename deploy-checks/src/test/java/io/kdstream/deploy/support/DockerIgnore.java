package io.kdstream.deploy.support;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The rules of a {@code .dockerignore} file: which context paths never reach the build.
 *
 * <p>Follows Docker's semantics: one pattern per line, {@code #} comments, a leading {@code /}
 * ignored, {@code *} and {@code ?} within one path segment, {@code **} across segments, {@code !}
 * re-includes, the last matching rule wins, and a rule that matches a folder excludes everything
 * below it.
 */
public final class DockerIgnore {

    private record Rule(Pattern pattern, boolean exclude, String text) {}

    private final List<Rule> rules;

    private DockerIgnore(List<Rule> rules) {
        this.rules = rules;
    }

    /**
     * Parses the text of a .dockerignore file.
     *
     * @param text the file's text, or an empty string when there is none
     * @return the rules
     */
    public static DockerIgnore parse(String text) {
        List<Rule> rules = new ArrayList<>();
        for (String raw : text.split("\r?\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            boolean exclude = true;
            if (line.startsWith("!")) {
                exclude = false;
                line = line.substring(1).strip();
            }
            line = line.replaceAll("^/+", "").replaceAll("/+$", "");
            rules.add(new Rule(Pattern.compile(toRegex(line)), exclude, raw.strip()));
        }
        return new DockerIgnore(rules);
    }

    /**
     * Tells whether a context path is excluded.
     *
     * @param path a path relative to the context root, with {@code /} separators
     * @return the rule that excludes it, or {@code null} if it is sent to the build
     */
    public String excludedBy(String path) {
        String clean = path.replaceAll("^\\./", "").replaceAll("/+$", "");
        String verdict = null;
        for (Rule rule : rules) {
            if (matchesItselfOrParent(rule.pattern(), clean)) {
                verdict = rule.exclude() ? rule.text() : null;
            }
        }
        return verdict;
    }

    private static boolean matchesItselfOrParent(Pattern pattern, String path) {
        String candidate = path;
        while (true) {
            if (pattern.matcher(candidate).matches()) {
                return true;
            }
            int slash = candidate.lastIndexOf('/');
            if (slash < 0) {
                return false;
            }
            candidate = candidate.substring(0, slash);
        }
    }

    static String toRegex(String glob) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                i++;
                if (i + 1 < glob.length() && glob.charAt(i + 1) == '/') {
                    i++;
                    out.append("(?:.*/)?");
                } else {
                    out.append(".*");
                }
            } else if (c == '*') {
                out.append("[^/]*");
            } else if (c == '?') {
                out.append("[^/]");
            } else if (c == '[') {
                int end = glob.indexOf(']', i);
                if (end < 0) {
                    out.append("\\[");
                } else {
                    out.append('[').append(glob, i + 1, end).append(']');
                    i = end;
                }
            } else if (c == '\\' && i + 1 < glob.length()) {
                out.append(Pattern.quote(String.valueOf(glob.charAt(++i))));
            } else {
                out.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return out.toString();
    }
}
