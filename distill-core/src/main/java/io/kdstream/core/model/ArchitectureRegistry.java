package io.kdstream.core.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Looks up architectures by their stable names.
 *
 * <p>Services never build a network directly: jobs and checkpoints carry a name, and the name is
 * resolved here, so every service agrees on what {@code tutorial-student} is.
 */
public final class ArchitectureRegistry {

    /** The tutorial's teacher, 81,194 parameters. */
    public static final String TUTORIAL_TEACHER = "tutorial-teacher";

    /** The tutorial's student, 46,164 parameters. */
    public static final String TUTORIAL_STUDENT = "tutorial-student";

    private static final Map<String, Architecture> ARCHITECTURES = create();

    private ArchitectureRegistry() {}

    private static Map<String, Architecture> create() {
        Map<String, Architecture> map = new LinkedHashMap<>();
        map.put(
                TUTORIAL_TEACHER,
                new Architecture(
                        TUTORIAL_TEACHER,
                        "Tutorial LeNet-5 teacher: conv 6, conv 16, linear 120, 84, 10",
                        TutorialLeNet.INPUT_SHAPE,
                        10,
                        TutorialLeNet::teacher));
        map.put(
                TUTORIAL_STUDENT,
                new Architecture(
                        TUTORIAL_STUDENT,
                        "Tutorial LeNet-5 student: conv 6, conv 12, linear 90, 64, 10",
                        TutorialLeNet.INPUT_SHAPE,
                        10,
                        TutorialLeNet::student));
        return Collections.unmodifiableMap(map);
    }

    /**
     * Returns the architecture with the given name.
     *
     * @param name a stable name, such as {@code tutorial-teacher}
     * @return the architecture
     * @throws IllegalArgumentException if no architecture has that name; the message lists the
     *     known names
     */
    public static Architecture get(String name) {
        Architecture architecture = name == null ? null : ARCHITECTURES.get(name);
        if (architecture == null) {
            throw new IllegalArgumentException(
                    "Unknown architecture '" + name + "'; known architectures: " + names());
        }
        return architecture;
    }

    /**
     * Returns the known names, in registration order.
     *
     * @return the names
     */
    public static Set<String> names() {
        return ARCHITECTURES.keySet();
    }
}
