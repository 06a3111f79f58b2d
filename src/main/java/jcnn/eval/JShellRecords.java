package jcnn.eval;

import java.lang.reflect.Field;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;

/**
 * Removes JShell's records of snippets that are finished for good, which JShell itself keeps
 * for its whole life: the snippet (its source and wrapper text with all the imports of its
 * time), the wrapper class's record, its compiled bytes (twice: for javac and for class
 * redefinition) and, for an expression's {@code $N}, the key of that name. A kernel that runs
 * 20,000 cells held 20,000 of each (issue 10's soak).
 *
 * <p>JShell has no public API for this, so it reaches into {@code jdk.jshell}'s fields, which
 * are the same on JDK 17 and 25; that needs {@code --add-opens jdk.jshell/jdk.jshell=ALL-UNNAMED}
 * (the kernel jar's manifest says {@code Add-Opens}). If the fields cannot be reached (not
 * opened, or another JDK's layout), {@link #isActive} is false, {@link #reason} says why and
 * nothing is removed: JShell then works as before, keeping its records.
 *
 * <p>Only snippets that JShell never looks at again are forgotten: statements and expressions
 * that ran, dropped temporary variables, overwritten variables. Called under the evaluator's
 * JShell lock.
 */
final class JShellRecords {
    private final Set<?> snippets;
    private final List<?> keyIndexToSnippet;
    private final Map<String, ? extends Set<?>> dependencies;
    private final Map<String, ?> varKeys;
    private final Map<String, ?> classOuters;
    private final Map<String, ?> trackedClasses;
    private final Map<String, ?> compiledClasses;
    private final Object taskFactory;
    private final java.lang.reflect.Method initTaskPool;
    private final String reason;
    private long forgotten;
    private int sinceRenewal;
    private long renewals;

    private JShellRecords(Set<?> snippets, List<?> keyIndexToSnippet, Map<String, ? extends Set<?>> dependencies,
                          Map<String, ?> varKeys,
                          Map<String, ?> classOuters, Map<String, ?> trackedClasses,
                          Map<String, ?> compiledClasses, Object taskFactory,
                          java.lang.reflect.Method initTaskPool, String reason) {
        this.snippets = snippets;
        this.keyIndexToSnippet = keyIndexToSnippet;
        this.dependencies = dependencies;
        this.varKeys = varKeys;
        this.classOuters = classOuters;
        this.trackedClasses = trackedClasses;
        this.compiledClasses = compiledClasses;
        this.taskFactory = taskFactory;
        this.initTaskPool = initTaskPool;
        this.reason = reason;
    }

    /** The records of {@code shell}, or an inactive instance saying why they cannot be reached. */
    static JShellRecords of(JShell shell) {
        try {
            Object maps = field(JShell.class, "maps", shell);
            Object keyMap = field(JShell.class, "keyMap", shell);
            Object outerMap = field(JShell.class, "outerMap", shell);
            Object tracker = field(JShell.class, "classTracker", shell);
            Object taskFactory = field(JShell.class, "taskFactory", shell);
            Object fileManager = field(taskFactory.getClass(), "fileManager", taskFactory);
            java.lang.reflect.Method initTaskPool = taskFactory.getClass().getDeclaredMethod("initTaskPool");
            initTaskPool.setAccessible(true);
            return new JShellRecords(
                (Set<?>) field(maps.getClass(), "snippets", maps),
                (List<?>) field(maps.getClass(), "keyIndexToSnippet", maps),
                cast(field(maps.getClass(), "dependencies", maps)),
                map(field(keyMap.getClass(), "varMap", keyMap)),
                map(field(outerMap.getClass(), "classOuters", outerMap)),
                map(field(tracker.getClass(), "map", tracker)),
                map(field(fileManager.getClass(), "classObjects", fileManager)),
                taskFactory, initTaskPool, null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return new JShellRecords(null, null, null, null, null, null, null, null, null,
                "JShell's records of finished snippets cannot be reached (" + e
                + "); they are kept (about 7 KB per cell). Start the JVM with "
                + "--add-opens jdk.jshell/jdk.jshell=ALL-UNNAMED to free them");
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ?> map(Object o) {
        return (Map<String, ?>) o;
    }

    private static Object field(Class<?> c, String name, Object target) throws ReflectiveOperationException {
        Field f = c.getDeclaredField(name);
        f.setAccessible(true); // InaccessibleObjectException (a RuntimeException) when not opened
        Object value = f.get(target);
        if (value == null) {
            throw new NoSuchFieldException(c.getName() + "." + name + " is null");
        }
        return value;
    }

    boolean isActive() {
        return reason == null;
    }

    /** Why the records are kept, or null when they are removed. */
    String reason() {
        return reason;
    }

    /** How many snippets were forgotten so far (for tests). */
    long forgotten() {
        return forgotten;
    }

    /** How many snippets JShell holds (for tests); -1 when not reachable. */
    int snippetCount() {
        return snippets == null ? -1 : snippets.size();
    }

    /**
     * Forgets {@code snippet}, whose wrapper class is {@code className} ({@code REPL.$JShell$12}),
     * and that class's nested classes. {@code tempName} is the name of a dropped {@code $N}
     * variable whose key goes too, or null.
     */
    void forget(Snippet snippet, String className, String tempName) {
        if (!isActive()) {
            return;
        }
        snippets.remove(snippet);
        // NOTE: JShell's key index is not public; a finished snippet is near the end of the list
        int index = keyIndexToSnippet.lastIndexOf(snippet);
        if (index >= 0) {
            List<Object> slots = cast(keyIndexToSnippet);
            slots.set(index, null);
            // the snippets that name a variable (a statement using dh) are its dependents for good
            Integer key = index;
            for (Set<?> dependents : dependencies.values()) {
                dependents.remove(key);
            }
            dependencies.values().removeIf(Set::isEmpty);
        }
        if (tempName != null) {
            varKeys.remove(tempName);
        }
        if (className != null) {
            String simple = className.startsWith(SnippetClassLoaders.SNIPPET_PACKAGE)
                ? className.substring(SnippetClassLoaders.SNIPPET_PACKAGE.length()) : className;
            classOuters.remove(simple);
            removeClass(trackedClasses.keySet(), className);
            removeClass(compiledClasses.keySet(), className);
        }
        forgotten++;
        if (++sinceRenewal >= RENEW_COMPILER_EVERY) {
            sinceRenewal = 0;
            renewCompiler();
        }
    }

    /**
     * Snippets compiled by one javac context between renewals of JShell's compiler. JShell
     * reuses its javac contexts for good (it renews them only when the class path changes), and
     * javac's long-lived package scopes collect a listener entry from every compilation unit that
     * imports them (two objects per imported package per snippet, about 1.7 KB per cell with
     * jcnn's default imports), dropped only when a symbol is added to that package, which never
     * happens for {@code java.util}. A new context costs one slower compilation.
     */
    static final int RENEW_COMPILER_EVERY = 500;

    /** Lets JShell start from new javac contexts (as it does when the class path changes). */
    void renewCompiler() {
        try {
            initTaskPool.invoke(taskFactory);
            renewals++;
        } catch (ReflectiveOperationException | RuntimeException e) {
            // the old contexts stay in use: they only keep growing slowly
        }
    }

    /** How many times the compiler was renewed (for tests). */
    long renewals() {
        return renewals;
    }

    @SuppressWarnings("unchecked")
    private static <T> T cast(Object o) {
        return (T) o;
    }

    private static void removeClass(Collection<String> names, String className) {
        String nested = className + "$";
        names.removeIf(n -> n.equals(className) || n.startsWith(nested));
    }
}
