package jcnn.nn;

/** Whether a forward pass trains (dropout active) or evaluates (dropout off, deterministic). */
public enum Mode {
    TRAIN, EVAL
}
