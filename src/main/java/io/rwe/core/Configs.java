package io.rwe.core;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigIncludeContext;
import com.typesafe.config.ConfigIncluder;
import com.typesafe.config.ConfigIncluderClasspath;
import com.typesafe.config.ConfigIncluderFile;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigParseable;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Loads the configuration in force (docs/cli.md, docs/configuration.md): the defaults of
 * {@code conf/application.conf}, then the {@code --conf FILE} layered over them, then {@code -Dkey=value}
 * system properties over single keys. Environment variables enter through {@code ${?VAR}} in the files.
 * The result is checked before it is returned ({@link ConfigSchema}: unknown keys, types, ranges), and
 * an {@code include} that names no file is refused, in the defaults as in the user's file: every
 * problem is a {@link UsageException} of one line (exit 2), found before any work is done.
 *
 * <p>The defaults are read from the file named by the system property {@code rwe.defaults} when set
 * (the {@code jobs/} scripts point it at the checkout's {@code conf/application.conf}, so an edit
 * takes effect without a rebuild); otherwise from {@code application.conf} on the classpath (the
 * build copies {@code conf/*.conf} into the jar, for {@code spark-submit}). The schema,
 * {@code config-schema.conf}, is read from the same place.
 */
public final class Configs {
    static final String DEFAULTS = "application.conf";
    static final String SCHEMA = "config-schema.conf";

    private Configs() {
    }

    /** The configuration in force, with an optional user file layered over the defaults, checked. */
    public static Config load(Optional<Path> userFile) {
        try {
            Config defaults = parse(DEFAULTS);
            Config user = ConfigFactory.empty();
            if (userFile.isPresent()) {
                Path f = userFile.get();
                if (!Files.isRegularFile(f)) {
                    throw new UsageException("configuration file not found: " + f);
                }
                user = ConfigFactory.parseFile(f.toFile(), options(f.toString()));
                for (String top : user.root().keySet()) {
                    if (!top.equals("rwe")) {
                        throw new UsageException("configuration: " + f + ": top-level key '" + top
                                + "' is not rwe (every setting lives under rwe; docs/configuration.md)");
                    }
                }
            }
            ConfigFactory.invalidateCaches();
            Config config = ConfigFactory.systemProperties()
                    .withFallback(user)
                    .withFallback(defaults)
                    .resolve();
            schema(defaults).check(config);
            return config;
        } catch (ConfigException e) {
            throw new UsageException("configuration: " + e.getMessage());
        }
    }

    /** The defaults alone (no user file), system properties applied, checked. */
    public static Config load() {
        return load(Optional.empty());
    }

    /** The schema the configuration is checked against: the defaults tree and {@code config-schema.conf}. */
    public static ConfigSchema schema() {
        try {
            return schema(parse(DEFAULTS));
        } catch (ConfigException e) {
            throw new UsageException("configuration: " + e.getMessage());
        }
    }

    private static ConfigSchema schema(Config defaults) {
        return ConfigSchema.of(defaults, parse(SCHEMA));
    }

    /** A file of the defaults' folder ({@code rwe.defaults}) or of the classpath, parsed, not resolved. */
    private static Config parse(String name) {
        String file = System.getProperty("rwe.defaults");
        if (file != null && !file.isBlank()) {
            Path p = Path.of(file);
            if (!Files.isRegularFile(p)) {
                throw new UsageException("default configuration not found: " + p + " (rwe.defaults)");
            }
            Path f = name.equals(DEFAULTS) ? p : p.toAbsolutePath().resolveSibling(name);
            if (!Files.isRegularFile(f)) {
                throw new UsageException("configuration: " + f + " not found (it belongs next to " + p + ")");
            }
            return ConfigFactory.parseFile(f.toFile(), options(f.toString()));
        }
        return ConfigFactory.parseResources(Configs.class.getClassLoader(), name, options(name));
    }

    private static ConfigParseOptions options(String file) {
        return ConfigParseOptions.defaults().setAllowMissing(false).setIncluder(new RequiredIncludes(file));
    }

    /**
     * An includer that refuses an {@code include} naming nothing (HOCON's own includer silently skips
     * it): a heuristic {@code include "x.conf"}, {@code include file(...)} and
     * {@code include classpath(...)} must each find their file.
     */
    static final class RequiredIncludes implements ConfigIncluder, ConfigIncluderFile, ConfigIncluderClasspath {
        private final String file;

        RequiredIncludes(String file) {
            this.file = file;
        }

        @Override
        public ConfigIncluder withFallback(ConfigIncluder fallback) {
            return this;
        }

        @Override
        public ConfigObject include(ConfigIncludeContext context, String what) {
            ConfigParseable p = context.relativeTo(what);
            if (p == null) {
                throw missing(what);
            }
            try {
                return p.parse(context.parseOptions().setAllowMissing(false));
            } catch (ConfigException.IO e) {
                throw missing(what);
            }
        }

        @Override
        public ConfigObject includeFile(ConfigIncludeContext context, File what) {
            if (!what.isFile()) {
                throw missing("file(\"" + what + "\")");
            }
            return ConfigFactory.parseFile(what, context.parseOptions().setAllowMissing(false)).root();
        }

        @Override
        public ConfigObject includeResources(ConfigIncludeContext context, String what) {
            try {
                return ConfigFactory.parseResources(what, context.parseOptions().setAllowMissing(false)).root();
            } catch (ConfigException.IO e) {
                throw missing("classpath(\"" + what + "\")");
            }
        }

        private UsageException missing(String what) {
            return new UsageException("configuration: " + file + ": include \"" + what
                    + "\" names no file (looked beside the including file and on the classpath)");
        }
    }
}
