package jcnn.tensor.backend;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where the threads of {@link Parallel}'s regions spend their time, for finding where a second
 * core idles: off unless the JVM starts with {@code -Djcnn.parallel.profile=true} (then every
 * top-level region reads the clock a few times more; off, the checks are constant-folded away).
 *
 * <p>For each call site (the first frame outside jcnn's parallel and GEMM plumbing, such as
 * {@code Winograd.run2} or {@code F.linear}) it sums: regions, their wall time on the caller
 * (start to the last worker joined), the time every thread spent running chunks (busy), the time
 * the started workers took to begin (wake-up), and the caller's wait for them after it ran out of
 * chunks. Regions run on one thread (one chunk, or a single thread) are counted apart ("inline").
 * Nested regions run inside their chunk and are part of its busy time.
 */
public final class ParallelProfile {
    static final boolean ENABLED = Boolean.getBoolean("jcnn.parallel.profile");

    /** Sums for one call site; nanoseconds. */
    public static final class Site {
        final String name;
        final AtomicLong regions = new AtomicLong();
        final AtomicLong inline = new AtomicLong();
        final AtomicLong wall = new AtomicLong();
        final AtomicLong busy = new AtomicLong();
        final AtomicLong wake = new AtomicLong();
        final AtomicLong wait = new AtomicLong();
        final AtomicLong threadsUsed = new AtomicLong();

        Site(String name) {
            this.name = name;
        }

        /** The call site, e.g. {@code Winograd.run2}. */
        public String name() {
            return name;
        }

        /** Regions that ran on more than one thread. */
        public long parallelRegions() {
            return regions.get();
        }

        /** Regions that ran on the calling thread alone. */
        public long inlineRegions() {
            return inline.get();
        }

        /** Wall time on the caller, regions on one thread included. */
        public long wallNanos() {
            return wall.get();
        }

        /** Time all threads spent in chunks. */
        public long busyNanos() {
            return busy.get();
        }

        /** Time from submitting a worker to its first chunk, summed over workers. */
        public long wakeNanos() {
            return wake.get();
        }

        /** The caller's wait for its workers after it had no chunk left. */
        public long waitNanos() {
            return wait.get();
        }

        /** Threads that took part, summed over regions (caller included; 1 for an inline region). */
        public long threadSlots() {
            return threadsUsed.get();
        }
    }

    private static final Map<Object, Site> SITES = new ConcurrentHashMap<>();
    private static final Map<String, Site> BY_NAME = new ConcurrentHashMap<>();

    private ParallelProfile() {
    }

    /** Whether the profile is being recorded ({@code -Djcnn.parallel.profile=true}). */
    public static boolean enabled() {
        return ENABLED;
    }

    /** Forgets what was recorded (after a warm-up). */
    public static void reset() {
        SITES.clear();
        BY_NAME.clear();
    }

    /** The sites recorded since the start or the last {@link #reset}, largest wall time first. */
    public static List<Site> sites() {
        List<Site> list = new ArrayList<>(BY_NAME.values());
        list.sort((a, b) -> Long.compare(b.wallNanos(), a.wallNanos()));
        return list;
    }

    /**
     * The site of a region whose body is {@code body}: lambdas are one class per expression, so
     * their site is looked up once; GEMM's shared body is attributed to its caller every time.
     */
    static Site site(Object body) {
        if (body instanceof GemmDriverBody) {
            return byName(callerName());
        }
        return SITES.computeIfAbsent(body.getClass(), k -> byName(callerName()));
    }

    private static Site byName(String name) {
        return BY_NAME.computeIfAbsent(name, Site::new);
    }

    private static String callerName() {
        return StackWalker.getInstance().walk(frames -> frames
                .filter(f -> !PLUMBING.contains(f.getClassName()) && !f.getClassName().startsWith("java."))
                .findFirst()
                .map(f -> simple(f.getClassName()) + "." + f.getMethodName())
                .orElse("?"));
    }

    private static final java.util.Set<String> PLUMBING = java.util.Set.of(
            Parallel.class.getName(), ParallelProfile.class.getName(), GemmDriver.class.getName(),
            Sgemm.class.getName(), VectorGemm.class.getName(), ScalarGemm.class.getName(),
            Elementwise.class.getName());

    private static String simple(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }

    /** Marks GEMM's region body, whose one class serves every product. */
    interface GemmDriverBody {
    }

    /** Regions on one thread run in this thread's regions' chunks: only the outermost is recorded. */
    private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);

    /** Enters a region run on this thread; whether it is the outermost (then {@link #exit} must follow). */
    static boolean enter() {
        int[] depth = DEPTH.get();
        return depth[0]++ == 0 || leave(depth);
    }

    private static boolean leave(int[] depth) {
        depth[0]--;
        return false;
    }

    static void exit() {
        DEPTH.get()[0]--;
    }

    static void inline(Site site, long nanos) {
        site.inline.incrementAndGet();
        site.wall.addAndGet(nanos);
        site.busy.addAndGet(nanos);
        site.threadsUsed.incrementAndGet();
    }

    static void region(Site site, int threads, long wall, long callerBusy, long callerWait) {
        site.regions.incrementAndGet();
        site.wall.addAndGet(wall);
        site.busy.addAndGet(callerBusy);
        site.wait.addAndGet(callerWait);
        site.threadsUsed.addAndGet(threads);
    }

    static void helper(Site site, long wake, long busy) {
        site.wake.addAndGet(wake);
        site.busy.addAndGet(busy);
    }
}
