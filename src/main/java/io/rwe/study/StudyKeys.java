package io.rwe.study;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigOrigin;
import io.rwe.core.UsageException;
import java.nio.file.Path;

/**
 * Where a key of the study configuration is written, for one-line refusals that name the file, the
 * line and the key: {@code conf/study-bone.conf:42: rwe.study.analyses.pfs_bone.endpoint: unknown
 * endpoint 'pfz' (known: pfs, mpfs, os)}.
 */
final class StudyKeys {

    private StudyKeys() {
    }

    /** {@code <file>:<line>: <path>}, or {@code <path>} alone when the key has no file. */
    static String where(Config config, String path) {
        String origin = config.hasPathOrNull(path) ? describe(config.getValue(path).origin()) : null;
        return origin == null ? path : origin + ": " + path;
    }

    /** A refusal of {@code path}: {@code <file>:<line>: <path>: <problem>}. */
    static UsageException refuse(Config config, String path, String problem) {
        return new UsageException(where(config, path) + ": " + problem);
    }

    /** The file (relative to the working folder when inside it) and line of an origin. */
    static String describe(ConfigOrigin o) {
        String file = o.filename() != null ? relative(o.filename()) : o.resource();
        if (file == null) {
            String d = o.description() == null ? "" : o.description();
            if (d.startsWith("system properties")) {
                return "command line (-D)";
            }
            if (d.startsWith("env variables") || d.contains("env var")) {
                return "the environment";
            }
            return d;
        }
        return o.lineNumber() > 0 ? file + ":" + o.lineNumber() : file;
    }

    private static String relative(String file) {
        try {
            Path p = Path.of(file).toAbsolutePath().normalize();
            Path cwd = Path.of("").toAbsolutePath();
            return p.startsWith(cwd) ? cwd.relativize(p).toString() : p.toString();
        } catch (RuntimeException e) {
            return file;
        }
    }
}
