package io.rwe.core;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import io.rwe.core.UsageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Loads the configuration in force (docs/cli.md): the defaults of {@code conf/application.conf}, then the
 * {@code --conf FILE} layered over them, then {@code -Dkey=value} system properties over single keys.
 * Environment variables enter through {@code ${?VAR}} in the files.
 *
 * <p>The defaults are read from the file named by the system property {@code rwe.defaults} when set
 * (the {@code jobs/} scripts point it at the checkout's {@code conf/application.conf}, so an edit
 * takes effect without a rebuild); otherwise from {@code application.conf} on the classpath (the
 * build copies {@code conf/*.conf} into the jar, for {@code spark-submit}).
 */
public final class Configs {

    private Configs() {
    }

    /** The configuration in force, with an optional user file layered over the defaults. */
    public static Config load(Optional<Path> userFile) {
        try {
            Config defaults = defaults();
            Config user = ConfigFactory.empty();
            if (userFile.isPresent()) {
                Path f = userFile.get();
                if (!Files.isRegularFile(f)) {
                    throw new UsageException("configuration file not found: " + f);
                }
                user = ConfigFactory.parseFile(f.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
            }
            ConfigFactory.invalidateCaches();
            return ConfigFactory.systemProperties()
                    .withFallback(user)
                    .withFallback(defaults)
                    .resolve();
        } catch (ConfigException e) {
            throw new UsageException("configuration: " + e.getMessage());
        }
    }

    /** The defaults alone (no user file), system properties applied. */
    public static Config load() {
        return load(Optional.empty());
    }

    private static Config defaults() {
        String file = System.getProperty("rwe.defaults");
        if (file != null && !file.isBlank()) {
            Path p = Path.of(file);
            if (!Files.isRegularFile(p)) {
                throw new UsageException("default configuration not found: " + p + " (rwe.defaults)");
            }
            return ConfigFactory.parseFile(p.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
        }
        return ConfigFactory.parseResources(Configs.class.getClassLoader(), "application.conf",
                ConfigParseOptions.defaults().setAllowMissing(false));
    }
}
