package io.rwe.jobs;

import io.rwe.core.UsageException;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Command-line options of the form {@code --name value} and {@code --flag}. Options a job does not
 * declare are refused with one line, so a typo never passes silently.
 */
public final class Args {
    private final Map<String, String> values = new LinkedHashMap<>();
    private final Set<String> flags = new LinkedHashSet<>();
    private final List<String> positional = new java.util.ArrayList<>();

    private Args() {
    }

    /**
     * Parses {@code argv}. {@code valued} lists the options that take a value, {@code flagNames} those
     * that do not (names without the leading dashes).
     */
    public static Args parse(String[] argv, Set<String> valued, Set<String> flagNames) {
        return parse(argv, valued, flagNames, 0);
    }

    /** As {@link #parse(String[], Set, Set)}, also taking up to {@code positionals} arguments that are not options. */
    public static Args parse(String[] argv, Set<String> valued, Set<String> flagNames, int positionals) {
        Args a = new Args();
        for (int i = 0; i < argv.length; i++) {
            String arg = argv[i];
            if (!arg.startsWith("-") && a.positional.size() < positionals) {
                a.positional.add(arg);
                continue;
            }
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new UsageException("unexpected argument '" + arg + "' (see --help)");
            }
            String name = arg.substring(2);
            String inline = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                inline = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (flagNames.contains(name) && inline == null) {
                a.flags.add(name);
            } else if (valued.contains(name)) {
                String v = inline;
                if (v == null) {
                    if (i + 1 >= argv.length) {
                        throw new UsageException("option --" + name + " needs a value");
                    }
                    v = argv[++i];
                }
                if (a.values.put(name, v) != null) {
                    throw new UsageException("option --" + name + " given twice");
                }
            } else {
                throw new UsageException("unknown option --" + name + " (see --help)");
            }
        }
        return a;
    }

    /** The arguments that are not options, in order. */
    public List<String> positional() {
        return List.copyOf(positional);
    }

    public boolean flag(String name) {
        return flags.contains(name);
    }

    public Optional<String> get(String name) {
        return Optional.ofNullable(values.get(name));
    }

    public String required(String name) {
        String v = values.get(name);
        if (v == null || v.isBlank()) {
            throw new UsageException("missing required option --" + name + " (see --help)");
        }
        return v;
    }

    public Optional<Path> path(String name) {
        return get(name).map(Path::of);
    }

    public Optional<Long> longValue(String name) {
        return get(name).map(v -> {
            try {
                return Long.parseLong(v.trim());
            } catch (NumberFormatException e) {
                throw new UsageException("option --" + name + " needs a whole number, got '" + v + "'");
            }
        });
    }

    public Optional<Double> doubleValue(String name) {
        return get(name).map(v -> {
            try {
                double d = Double.parseDouble(v.trim());
                if (!Double.isFinite(d)) {
                    throw new NumberFormatException();
                }
                return d;
            } catch (NumberFormatException e) {
                throw new UsageException("option --" + name + " needs a number, got '" + v + "'");
            }
        });
    }

    /** A comma-separated list of numbers ({@code --times 100,365}). */
    public Optional<List<Double>> doubleList(String name) {
        return get(name).map(v -> {
            List<Double> out = new java.util.ArrayList<>();
            for (String part : v.split(",")) {
                try {
                    double d = Double.parseDouble(part.trim());
                    if (!Double.isFinite(d)) {
                        throw new NumberFormatException();
                    }
                    out.add(d);
                } catch (NumberFormatException e) {
                    throw new UsageException("option --" + name + " needs comma-separated numbers, got '" + part + "'");
                }
            }
            return out;
        });
    }
}
