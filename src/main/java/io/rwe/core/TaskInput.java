package io.rwe.core;

import org.apache.spark.TaskContext;
import org.apache.spark.executor.InputMetrics;

/**
 * The input metrics of the running Spark task, for readers that parse their input themselves (the extract
 * scanner, the NAACCR parser) and count what they read as Spark's own file scans count theirs (records and
 * bytes read), so that the progress heartbeat ({@link Heartbeat}) shows it. Spark's setters
 * ({@code incRecordsRead}, {@code incBytesRead}) are package-private in Scala, public to Java.
 */
public final class TaskInput {

    private TaskInput() {
    }

    /** The running task's input metrics, or null outside a Spark task. */
    public static InputMetrics metrics() {
        TaskContext task = TaskContext.get();
        return task == null ? null : task.taskMetrics().inputMetrics();
    }
}
