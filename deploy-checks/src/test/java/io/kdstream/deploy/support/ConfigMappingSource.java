package io.kdstream.deploy.support;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The configuration keys declared by {@code @ConfigMapping} interfaces, read from Java source.
 *
 * <p>Follows SmallRye Config's naming: a method {@code trainLimit()} of group {@code teacher} under
 * prefix {@code kd} is the key {@code kd.teacher.train-limit}; {@code @WithName} renames a segment,
 * {@code @WithParentName} removes it; a method returning a nested interface (directly or in an
 * {@code Optional}) is a group; a {@code Map} adds a wildcard segment ({@code *}). Groups are
 * followed among the interfaces of the same file and of the shared sources given (distill-core's
 * {@code io.kdstream.core.config}), which is how kd-stream writes them.
 */
public final class ConfigMappingSource {

    private static final Pattern MAPPING =
            Pattern.compile("@ConfigMapping\\s*\\(\\s*prefix\\s*=\\s*\"([^\"]+)\"[^)]*\\)");
    private static final Pattern INTERFACE =
            Pattern.compile("\\binterface\\s+([A-Za-z_][A-Za-z0-9_]*)[^{]*\\{");
    private static final Pattern METHOD =
            Pattern.compile(
                    "^((?:@[A-Za-z_.]+(?:\\s*\\([^)]*\\))?\\s*)*)([A-Za-z_][A-Za-z0-9_.<>, ?\\[\\]]*?)\\s+([a-z][A-Za-z0-9_]*)\\s*\\(\\s*\\)$",
                    Pattern.DOTALL);
    private static final Pattern WITH_NAME =
            Pattern.compile("@WithName\\s*\\(\\s*\"([^\"]+)\"\\s*\\)");

    private ConfigMappingSource() {}

    /**
     * Lists the keys of every {@code @ConfigMapping} in one Java source file.
     *
     * @param source the Java source
     * @return keys such as {@code kd.topics.prefix}; a {@code *} segment stands for any name
     */
    public static List<String> keys(String source) {
        return keys(source, List.of());
    }

    /**
     * Lists the keys of every {@code @ConfigMapping} in one Java source file, whose groups may be
     * interfaces of other files.
     *
     * @param source the Java source
     * @param groupSources Java sources of group interfaces shared between services
     * @return keys such as {@code kd.topics.prefix}; a {@code *} segment stands for any name
     */
    public static List<String> keys(String source, List<String> groupSources) {
        String code = stripComments(source);
        Map<String, String> bodies = new LinkedHashMap<>();
        groupSources.forEach(g -> collectInterfaces(stripComments(g), bodies));
        collectInterfaces(code, bodies);
        List<String> keys = new ArrayList<>();
        Matcher mapping = MAPPING.matcher(code);
        while (mapping.find()) {
            Matcher root = INTERFACE.matcher(code);
            if (!root.find(mapping.end())) {
                throw new IllegalArgumentException("@ConfigMapping without an interface");
            }
            walk(mapping.group(1), root.group(1), bodies, keys, 0);
        }
        return keys;
    }

    private static void walk(
            String prefix, String type, Map<String, String> bodies, List<String> keys, int depth) {
        if (depth > 10) {
            throw new IllegalArgumentException("config groups nest too deep at " + prefix);
        }
        String body = bodies.get(type);
        for (String declaration : topLevelDeclarations(body)) {
            Matcher m = METHOD.matcher(declaration.strip());
            if (!m.matches()) {
                continue; // constants, default methods
            }
            String annotations = m.group(1);
            String returnType = m.group(2).replaceAll("\\s+", "");
            String name = kebab(m.group(3));
            Matcher withName = WITH_NAME.matcher(annotations);
            if (withName.find()) {
                name = withName.group(1);
            }
            String key = annotations.contains("@WithParentName") ? prefix : prefix + "." + name;
            String element = returnType;
            Matcher generic =
                    Pattern.compile("^(?:java\\.util\\.)?(Optional|List|Set|Map)<(.*)>$")
                            .matcher(returnType);
            if (generic.matches()) {
                String kind = generic.group(1);
                element = generic.group(2);
                if (kind.equals("Map")) {
                    element = element.substring(element.indexOf(',') + 1);
                    key = key + ".*";
                }
            }
            String simple = element.substring(element.lastIndexOf('.') + 1);
            if (bodies.containsKey(simple)) {
                walk(key, simple, bodies, keys, depth + 1);
            } else {
                keys.add(key);
            }
        }
    }

    /**
     * Declarations at the top level of an interface body, nested types and method bodies removed.
     */
    private static List<String> topLevelDeclarations(String body) {
        StringBuilder flat = new StringBuilder();
        int depth = 0;
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '{') {
                if (depth == 0) {
                    // A nested type or a default method: its header ends a declaration.
                    flat.append(';');
                }
                depth++;
            } else if (c == '}') {
                depth--;
            } else if (depth == 0) {
                flat.append(c);
            }
        }
        List<String> out = new ArrayList<>();
        for (String part : flat.toString().split(";")) {
            if (!part.isBlank()
                    && !part.contains(" interface ")
                    && !part.strip().startsWith("interface")
                    && !part.contains("default ")
                    && !part.contains("static ")) {
                out.add(part);
            }
        }
        return out;
    }

    private static void collectInterfaces(String code, Map<String, String> bodies) {
        Matcher m = INTERFACE.matcher(code);
        while (m.find()) {
            int open = m.end() - 1;
            int close = matchingBrace(code, open);
            bodies.put(m.group(1), code.substring(open + 1, close));
        }
    }

    private static int matchingBrace(String code, int open) {
        int depth = 0;
        for (int i = open; i < code.length(); i++) {
            if (code.charAt(i) == '{') {
                depth++;
            } else if (code.charAt(i) == '}' && --depth == 0) {
                return i;
            }
        }
        throw new IllegalArgumentException("unbalanced braces");
    }

    /**
     * Removes comments, and blanks string literals except their quotes' content needed for
     * annotations.
     */
    private static String stripComments(String source) {
        StringBuilder out = new StringBuilder(source.length());
        int i = 0;
        while (i < source.length()) {
            char c = source.charAt(i);
            if (c == '"') {
                int end = i + 1;
                while (end < source.length() && source.charAt(end) != '"') {
                    end += source.charAt(end) == '\\' ? 2 : 1;
                }
                // Keep the literal but neutralise characters that would confuse the brace scan.
                out.append(
                        source.substring(i, Math.min(end + 1, source.length()))
                                .replace('{', '(')
                                .replace('}', ')')
                                .replace(';', ','));
                i = end + 1;
            } else if (source.startsWith("/*", i)) {
                int end = source.indexOf("*/", i + 2);
                i = end < 0 ? source.length() : end + 2;
                out.append(' ');
            } else if (source.startsWith("//", i)) {
                int end = source.indexOf('\n', i);
                i = end < 0 ? source.length() : end;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    /**
     * Converts a Java method name to SmallRye's kebab-case key segment.
     *
     * @param name e.g. {@code trainLimit}
     * @return e.g. {@code train-limit}
     */
    public static String kebab(String name) {
        return name.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }
}
