package jcnn.kernel.channels;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Rings the doorbells of {@link SocketThread}s on behalf of other threads.
 *
 * <p>NOTE: ZeroMQ (jeromq) wakes pollers through NIO pipes, and NIO closes a channel for good
 * when the thread writing to it has its interrupt flag set. Cells run user code that may be
 * interrupted (that is how an interrupt ends {@code Thread.sleep}), so such threads must never
 * touch a ZeroMQ socket. They only queue work here; this one thread, which nobody else
 * interrupts, does the ZeroMQ send.
 */
final class Bells {
    private final BlockingQueue<SocketThread> pending = new LinkedBlockingQueue<>();
    private final Thread thread = new Thread(this::loop, "jcnn-bells");

    Bells() {
        thread.setDaemon(true);
        thread.start();
    }

    /** Asks the bell thread to wake {@code target}; never blocks, never touches ZeroMQ. */
    void ring(SocketThread target) {
        pending.add(target);
    }

    void stop() {
        thread.interrupt();
    }

    private void loop() {
        try {
            while (true) {
                pending.take().ringNow();
            }
        } catch (InterruptedException e) {
            // stopping
        }
    }
}
