/**
 * Internal: the kernel's ZeroMQ sockets (shell, control, iopub, stdin, heartbeat; jeromq
 * bundled under {@code jcnn.shaded}) over TCP or IPC, the connection file, the socket threads
 * and the kernel log.
 */
package jcnn.kernel.channels;
