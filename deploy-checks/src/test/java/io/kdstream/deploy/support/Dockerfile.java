package io.kdstream.deploy.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Dockerfile parsed the way BuildKit's frontend reads it, for the subset of syntax kd-stream
 * uses.
 *
 * <p>Handles parser directives, comments, line continuations, instruction flags ({@code --from=},
 * {@code --chown=}, {@code --mount=}), the exec (JSON) and shell forms, {@code ENV}/{@code ARG} and
 * variable substitution in {@code FROM}, {@code COPY} and {@code ADD}. Unknown instructions,
 * malformed JSON forms, a {@code COPY} without a destination, a duplicate stage name or a {@code
 * --from} naming a later or unknown stage are parse errors, as they are for {@code docker build}.
 */
public final class Dockerfile {

    private static final Set<String> INSTRUCTIONS =
            Set.of(
                    "FROM",
                    "RUN",
                    "CMD",
                    "LABEL",
                    "EXPOSE",
                    "ENV",
                    "ADD",
                    "COPY",
                    "ENTRYPOINT",
                    "VOLUME",
                    "USER",
                    "WORKDIR",
                    "ARG",
                    "ONBUILD",
                    "STOPSIGNAL",
                    "HEALTHCHECK",
                    "SHELL",
                    "MAINTAINER");
    private static final Pattern VAR =
            Pattern.compile(
                    "\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}|\\$([A-Za-z_][A-Za-z0-9_]*)");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One instruction: its keyword, flags, the raw arguments and the line it starts on. */
    public record Instruction(int line, String keyword, Map<String, String> flags, String args) {

        /** Arguments as a list: the JSON array of the exec form, or the words of the shell form. */
        public List<String> words() {
            return Dockerfile.words(args, line);
        }

        /** True if the arguments are in exec (JSON array) form. */
        public boolean execForm() {
            return args.startsWith("[");
        }
    }

    /** A build stage: {@code FROM image [AS name]} and what follows up to the next FROM. */
    public record Stage(int index, String name, String image, List<Instruction> instructions) {

        /** The instructions of one keyword, in order. */
        public List<Instruction> all(String keyword) {
            return instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
        }

        /** The last value of an ENV variable set in this stage. */
        public Optional<String> env(String name) {
            String value = null;
            for (Instruction i : all("ENV")) {
                Map<String, String> vars = keyValues(i);
                if (vars.containsKey(name)) {
                    value = vars.get(name);
                }
            }
            return Optional.ofNullable(value);
        }

        /** The working directory in force after the last WORKDIR, "/" if none. */
        public String workdir() {
            String dir = "/";
            for (Instruction i : all("WORKDIR")) {
                String next = i.args().trim();
                dir = next.startsWith("/") ? next : (dir.endsWith("/") ? dir : dir + "/") + next;
            }
            return dir;
        }
    }

    private final Map<String, String> directives;
    private final Map<String, String> globalArgs;
    private final List<Stage> stages;

    private Dockerfile(
            Map<String, String> directives, Map<String, String> globalArgs, List<Stage> stages) {
        this.directives = directives;
        this.globalArgs = globalArgs;
        this.stages = stages;
    }

    /** Parser directives ({@code # syntax=...}). */
    public Map<String, String> directives() {
        return directives;
    }

    /** The stages, in order. */
    public List<Stage> stages() {
        return stages;
    }

    /** The last stage: the image that is built. */
    public Stage finalStage() {
        return stages.get(stages.size() - 1);
    }

    /**
     * Finds a stage by name or index, as {@code COPY --from} names it.
     *
     * @param ref a stage name or index
     * @return the stage
     */
    public Optional<Stage> stage(String ref) {
        for (Stage s : stages) {
            if (ref.equals(s.name()) || ref.equals(String.valueOf(s.index()))) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /**
     * Substitutes {@code $VAR}, {@code ${VAR}} and {@code ${VAR:-default}} with the stage's ARG
     * defaults, the global ARGs and its ENV values.
     *
     * @param stage the stage whose variables apply
     * @param text the text
     * @return the text with known variables replaced
     */
    public String expand(Stage stage, String text) {
        Map<String, String> vars = new LinkedHashMap<>(globalArgs);
        for (Instruction i : stage.instructions()) {
            if (i.keyword().equals("ARG") || i.keyword().equals("ENV")) {
                vars.putAll(keyValues(i));
            }
        }
        return expand(text, vars);
    }

    private static String expand(String text, Map<String, String> vars) {
        Matcher m = VAR.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(3);
            String value = vars.get(name);
            if (value == null) {
                value = m.group(2) != null ? m.group(2) : m.group();
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    /**
     * Parses a Dockerfile.
     *
     * @param text the file's text
     * @return the parsed file
     * @throws IllegalArgumentException with the line number for a syntax error
     */
    public static Dockerfile parse(String text) {
        String[] lines = text.split("\r?\n", -1);
        Map<String, String> directives = new LinkedHashMap<>();
        int n = 0;
        // Parser directives: only at the very top, before any comment, blank line or instruction.
        Pattern directive = Pattern.compile("#\\s*([a-zA-Z]+)\\s*=\\s*(\\S+)\\s*");
        while (n < lines.length) {
            Matcher m = directive.matcher(lines[n]);
            if (!m.matches()) {
                break;
            }
            directives.put(m.group(1).toLowerCase(Locale.ROOT), m.group(2));
            n++;
        }
        char escape = directives.getOrDefault("escape", "\\").charAt(0);

        List<Instruction> instructions = new ArrayList<>();
        StringBuilder current = null;
        int start = 0;
        for (; n < lines.length; n++) {
            String line = lines[n];
            String trimmed = line.strip();
            if (trimmed.startsWith("#")) {
                continue; // comments, also inside a continued instruction
            }
            if (current == null) {
                if (trimmed.isEmpty()) {
                    continue;
                }
                current = new StringBuilder();
                start = n + 1;
            }
            if (!trimmed.isEmpty() && trimmed.charAt(trimmed.length() - 1) == escape) {
                current.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            current.append(trimmed);
            instructions.add(instruction(start, current.toString().strip()));
            current = null;
        }
        if (current != null) {
            instructions.add(instruction(start, current.toString().strip()));
        }

        Map<String, String> globalArgs = new LinkedHashMap<>();
        List<Stage> stages = new ArrayList<>();
        List<Instruction> body = null;
        for (Instruction i : instructions) {
            if (i.keyword().equals("FROM")) {
                List<String> words = i.words();
                String name = null;
                if (words.size() == 3 && words.get(1).equalsIgnoreCase("AS")) {
                    name = words.get(2).toLowerCase(Locale.ROOT);
                } else if (words.size() != 1) {
                    throw error(
                            i.line(), "FROM needs an image and optionally AS <name>: " + i.args());
                }
                String stageName = name;
                if (stageName != null
                        && stages.stream().anyMatch(s -> stageName.equals(s.name()))) {
                    throw error(i.line(), "duplicate stage name " + name);
                }
                body = new ArrayList<>();
                stages.add(new Stage(stages.size(), name, expand(words.get(0), globalArgs), body));
            } else if (body == null) {
                if (!i.keyword().equals("ARG")) {
                    throw error(i.line(), i.keyword() + " before the first FROM");
                }
                globalArgs.putAll(keyValues(i));
            } else {
                body.add(i);
            }
        }
        if (stages.isEmpty()) {
            throw error(1, "no FROM instruction");
        }
        Dockerfile file = new Dockerfile(directives, globalArgs, List.copyOf(stages));
        file.validate();
        return file;
    }

    private void validate() {
        for (Stage stage : stages) {
            for (Instruction i : stage.instructions()) {
                switch (i.keyword()) {
                    case "COPY", "ADD" -> {
                        if (i.words().size() < 2) {
                            throw error(
                                    i.line(),
                                    i.keyword() + " needs at least one source and a destination");
                        }
                        String from = i.flags().get("from");
                        if (from != null) {
                            Optional<Stage> source = stage(from.toLowerCase(Locale.ROOT));
                            boolean image = from.contains("/") || from.contains(":");
                            if (source.isPresent() && source.get().index() >= stage.index()) {
                                throw error(
                                        i.line(),
                                        "--from=" + from + " names this or a later stage");
                            }
                            if (source.isEmpty() && !image) {
                                throw error(i.line(), "--from=" + from + " names no earlier stage");
                            }
                        }
                    }
                    case "ENTRYPOINT", "CMD", "SHELL" -> i.words();
                    case "HEALTHCHECK" -> {
                        String rest = i.args().trim();
                        if (!rest.equalsIgnoreCase("NONE") && !rest.startsWith("CMD")) {
                            throw error(i.line(), "HEALTHCHECK needs CMD or NONE");
                        }
                    }
                    case "EXPOSE" -> {
                        for (String port : i.words()) {
                            if (!port.matches("\\d{1,5}(/(tcp|udp))?")) {
                                throw error(i.line(), "EXPOSE port " + port);
                            }
                        }
                    }
                    default -> {
                        // other instructions take free text
                    }
                }
            }
        }
    }

    private static Instruction instruction(int line, String text) {
        int space = indexOfWhitespace(text);
        String keyword = (space < 0 ? text : text.substring(0, space)).toUpperCase(Locale.ROOT);
        if (!INSTRUCTIONS.contains(keyword)) {
            throw error(line, "unknown instruction " + keyword);
        }
        String rest = space < 0 ? "" : text.substring(space).strip();
        Map<String, String> flags = new LinkedHashMap<>();
        while (rest.startsWith("--")) {
            int end = indexOfWhitespace(rest);
            String flag = end < 0 ? rest : rest.substring(0, end);
            int eq = flag.indexOf('=');
            if (eq < 0) {
                flags.put(flag.substring(2), "true");
            } else {
                String key = flag.substring(2, eq);
                String value = flag.substring(eq + 1);
                flags.merge(key, value, (a, b) -> a + ";" + b);
            }
            rest = end < 0 ? "" : rest.substring(end).strip();
        }
        if (rest.isEmpty() && !keyword.equals("HEALTHCHECK")) {
            throw error(line, keyword + " without arguments");
        }
        return new Instruction(line, keyword, Map.copyOf(flags), rest);
    }

    private static int indexOfWhitespace(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isWhitespace(text.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    static List<String> words(String args, int line) {
        String text = args.strip();
        if (text.startsWith("[")) {
            try {
                String[] array = JSON.readValue(text, String[].class);
                return List.of(array);
            } catch (JsonProcessingException e) {
                throw error(line, "malformed JSON array: " + text);
            }
        }
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        char quote = 0;
        boolean inWord = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else if (c == '\\' && quote == '"' && i + 1 < text.length()) {
                    word.append(text.charAt(++i));
                } else {
                    word.append(c);
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (quote != 0) {
            throw error(line, "unterminated quote in: " + text);
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }

    /**
     * ENV and ARG as key/value pairs: {@code K=V K2="v 2"}, legacy {@code ENV K V}, or {@code ARG
     * K}.
     */
    static Map<String, String> keyValues(Instruction i) {
        Map<String, String> out = new LinkedHashMap<>();
        List<String> words = i.words();
        if (!words.isEmpty() && !words.get(0).contains("=")) {
            if (i.keyword().equals("ENV")) {
                int space = indexOfWhitespace(i.args());
                if (space < 0) {
                    throw error(i.line(), "ENV " + i.args() + " has no value");
                }
                out.put(i.args().substring(0, space), i.args().substring(space).strip());
                return out;
            }
        }
        for (String word : words) {
            int eq = word.indexOf('=');
            if (eq < 0) {
                if (i.keyword().equals("ENV")) {
                    throw error(i.line(), "ENV " + word + " has no value");
                }
                continue; // ARG without a default
            }
            out.put(word.substring(0, eq), word.substring(eq + 1));
        }
        return out;
    }

    private static IllegalArgumentException error(int line, String message) {
        return new IllegalArgumentException("line " + line + ": " + message);
    }
}
