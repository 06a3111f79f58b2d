package jcnn.eval;

import java.io.File;
import java.lang.ref.WeakReference;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import jdk.jshell.execution.LoaderDelegate;
import jdk.jshell.spi.ExecutionControl.ClassBytecodes;
import jdk.jshell.spi.ExecutionControl.ClassInstallException;
import jdk.jshell.spi.ExecutionControl.InternalException;

/**
 * Defines JShell's snippet classes so that those of finished snippets can be unloaded.
 *
 * <p>JShell's own in-process loader puts every snippet's class into one class loader, which
 * lives as long as JShell: a kernel that runs 20,000 cells keeps 20,000 classes (their
 * metaspace, their bytes in the loader's map) although a statement such as
 * {@code System.out.println(x);} is never run or named again. Here each batch of classes JShell
 * loads (a snippet's wrapper class and its nested classes) gets a class loader of its own, a
 * child of one shared loader that holds the class path and finds every snippet class by name
 * while the snippet is live. {@link #release} turns that name's strong entry into a weak one: a
 * class that nothing uses any more (a finished statement, an expression whose value the cell
 * has taken, an overwritten variable) is then collected with its loader by the next GC, while
 * one that is still in use (a lambda or an object of the statement stored in a variable, an old
 * object of a replaced class) keeps its loader alive and stays findable. Declarations stay
 * strongly held until JShell replaces them.
 */
final class SnippetClassLoaders implements LoaderDelegate {
    /** The package of JShell's snippet classes ({@code REPL.$JShell$12}). */
    static final String SNIPPET_PACKAGE = "REPL.";
    private final SharedLoader shared;
    /** Live snippet classes by binary name. */
    private final Map<String, Class<?>> live = new ConcurrentHashMap<>();
    /** Released snippet classes: findable while something else keeps them loaded. */
    private final Map<String, WeakReference<Class<?>>> released = new ConcurrentHashMap<>();
    private int releasesSincePurge;

    SnippetClassLoaders() {
        shared = new SharedLoader(this, Thread.currentThread().getContextClassLoader());
        // as JShell's own loader does: the cells' code and the libraries it calls look up
        // resources and services (ServiceLoader, %maven jars) through the context loader
        Thread.currentThread().setContextClassLoader(shared);
    }

    /** The loader that holds the class path; the parent of every snippet's loader. */
    ClassLoader sharedLoader() {
        return shared;
    }

    @Override
    public void load(ClassBytecodes[] cbcs) throws ClassInstallException {
        boolean[] loaded = new boolean[cbcs.length];
        Map<String, byte[]> batch = new HashMap<>();
        try {
            for (ClassBytecodes cbc : cbcs) {
                batch.put(cbc.name(), opened(cbc.bytecodes()));
            }
        } catch (RuntimeException e) {
            throw new ClassInstallException("load: cannot read the class file (" + e + ")", loaded);
        }
        SnippetLoader loader = new SnippetLoader(shared, batch);
        try {
            for (int i = 0; i < cbcs.length; i++) {
                Class<?> klass = loader.loadClass(cbcs[i].name());
                live.put(cbcs[i].name(), klass);
                released.remove(cbcs[i].name());
                loaded[i] = true;
                klass.getDeclaredMethods(); // as JShell does: prepared before it is invoked
            }
        } catch (Throwable e) {
            throw new ClassInstallException("load: " + e.getMessage(), loaded);
        } finally {
            loader.definedAll();
        }
    }

    @Override
    public void classesRedefined(ClassBytecodes[] cbcs) {
        // in-process execution cannot redefine a class (DirectExecutionControl.redefine refuses),
        // so JShell never reports a redefinition here; it loads the new code under a new name
    }

    @Override
    public void addToClasspath(String cp) throws InternalException {
        try {
            for (String path : cp.split(File.pathSeparator)) {
                shared.addEntry(new File(path).toURI().toURL());
            }
        } catch (Exception e) {
            throw new InternalException(e.toString());
        }
    }

    @Override
    public Class<?> findClass(String name) throws ClassNotFoundException {
        Class<?> klass = lookUp(name);
        if (klass == null) {
            throw new ClassNotFoundException(name + " not found");
        }
        return klass;
    }

    private Class<?> lookUp(String name) {
        Class<?> klass = live.get(name);
        if (klass != null) {
            return klass;
        }
        WeakReference<Class<?>> ref = released.get(name);
        return ref == null ? null : ref.get();
    }

    /**
     * The snippet class {@code className} and its nested classes are no longer needed by JShell:
     * they stay loaded only while something else uses them.
     *
     * @return how many classes were released
     */
    int release(String className) {
        String nested = className + "$";
        int n = 0;
        for (Map.Entry<String, Class<?>> e : live.entrySet()) {
            String name = e.getKey();
            if (name.equals(className) || name.startsWith(nested)) {
                released.put(name, new WeakReference<>(e.getValue()));
                live.remove(name, e.getValue());
                n++;
            }
        }
        if (n > 0 && ++releasesSincePurge >= 1_000) {
            releasesSincePurge = 0;
            released.values().removeIf(r -> r.get() == null);
        }
        return n;
    }

    private static final int ACC_PUBLIC = 0x0001;
    private static final int ACC_PRIVATE = 0x0002;
    private static final int ACC_PROTECTED = 0x0004;

    /**
     * The class file with the class and its package-private and protected fields and methods
     * made public. JShell puts all snippets into one package, {@code REPL}, and the compiled
     * code relies on that (a statement reads the package-private wrapper class of a variable, a
     * later class calls a method declared without a modifier); with a loader per snippet they
     * would be in different run-time packages, where the JVM refuses such access
     * ({@code IllegalAccessError}). Private members stay private: a class and its nestmates are
     * compiled together and defined by the same loader. The compiler still sees JShell's own
     * class files; only the loaded classes differ (reflection sees them public).
     */
    static byte[] opened(byte[] classFile) {
        byte[] b = classFile.clone();
        int p = 8;
        int constants = u2(b, p);
        p += 2;
        for (int i = 1; i < constants; i++) {
            int tag = b[p] & 0xff;
            p += 1;
            switch (tag) {
                case 1 -> p += 2 + u2(b, p);                          // Utf8
                case 3, 4, 9, 10, 11, 12, 17, 18 -> p += 4;           // Integer, Float, refs, NameAndType, (Invoke)Dynamic
                case 5, 6 -> {                                        // Long, Double: two slots
                    p += 8;
                    i++;
                }
                case 7, 8, 16, 19, 20 -> p += 2;                      // Class, String, MethodType, Module, Package
                case 15 -> p += 3;                                    // MethodHandle
                default -> throw new IllegalArgumentException("unknown constant pool tag " + tag + " at " + (p - 1));
            }
        }
        putU2(b, p, u2(b, p) | ACC_PUBLIC);
        p += 6;                                                       // access, this, super
        p += 2 + 2 * u2(b, p);                                        // interfaces
        for (int group = 0; group < 2; group++) {                     // fields, then methods
            int count = u2(b, p);
            p += 2;
            for (int m = 0; m < count; m++) {
                int access = u2(b, p);
                if ((access & ACC_PRIVATE) == 0) {
                    putU2(b, p, (access & ~ACC_PROTECTED) | ACC_PUBLIC);
                }
                p += 6;                                               // access, name, descriptor
                int attributes = u2(b, p);
                p += 2;
                for (int a = 0; a < attributes; a++) {
                    p += 6 + u4(b, p + 2);
                }
            }
        }
        return b;
    }

    private static int u2(byte[] b, int p) {
        return ((b[p] & 0xff) << 8) | (b[p + 1] & 0xff);
    }

    private static int u4(byte[] b, int p) {
        return (u2(b, p) << 16) | u2(b, p + 2);
    }

    private static void putU2(byte[] b, int p, int v) {
        b[p] = (byte) (v >>> 8);
        b[p + 1] = (byte) v;
    }

    /** Whether {@code className} is held as a live snippet class (for tests). */
    boolean isLive(String className) {
        return live.containsKey(className);
    }

    /** The number of live snippet classes held strongly (for tests). */
    int liveCount() {
        return live.size();
    }

    /** The class path of the cells, and the finder of snippet classes by name. */
    private static final class SharedLoader extends URLClassLoader {
        // NOTE: not parallel capable on purpose: a parallel-capable loader keeps a lock object
        // for every class name ever asked of it, one more per snippet

        private final SnippetClassLoaders owner;

        SharedLoader(SnippetClassLoaders owner, ClassLoader parent) {
            super(new URL[0], parent);
            this.owner = owner;
        }

        void addEntry(URL url) {
            addURL(url);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            // snippet classes first: asking the parent (the application loader, parallel capable)
            // for every snippet's name would leave a lock object per name there
            if (name.startsWith(SNIPPET_PACKAGE)) {
                Class<?> snippet = owner.lookUp(name);
                if (snippet != null) {
                    return snippet;
                }
            }
            return super.loadClass(name, resolve);
        }
    }

    /** Defines one batch of snippet classes; everything else comes from the shared loader. */
    private static final class SnippetLoader extends ClassLoader {
        /** The bytes of the batch until it is defined; then nothing is kept but the classes. */
        private volatile Map<String, byte[]> batch;

        SnippetLoader(ClassLoader parent, Map<String, byte[]> batch) {
            super("jshell-snippet", parent);
            this.batch = batch;
        }

        void definedAll() {
            batch = null;
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    Map<String, byte[]> b = batch;
                    byte[] bytes = b == null ? null : b.get(name);
                    c = bytes != null ? defineClass(name, bytes, 0, bytes.length) : getParent().loadClass(name);
                }
                if (resolve) {
                    resolveClass(c);
                }
                return c;
            }
        }
    }
}
