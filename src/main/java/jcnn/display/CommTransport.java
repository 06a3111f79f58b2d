package jcnn.display;

import com.google.gson.JsonObject;
import java.util.List;

/**
 * Where {@link Comms} sends comm messages: the kernel publishes them on iopub as
 * {@code comm_open}, {@code comm_msg} and {@code comm_close}. Installed by the kernel with
 * {@link Comms#setTransport}; without one (a plain JShell, the notebook runner) comms live
 * only in this JVM. Implementations must accept calls from any thread.
 */
public interface CommTransport {
    /**
     * Sends one comm message.
     *
     * @param msgType    {@code comm_open}, {@code comm_msg} or {@code comm_close}
     * @param targetName the target (for {@code comm_open}), else null
     * @param buffers    binary buffers sent after the JSON frames (may be empty)
     */
    void send(String msgType, String commId, String targetName, JsonObject data, JsonObject metadata,
              List<byte[]> buffers);
}
