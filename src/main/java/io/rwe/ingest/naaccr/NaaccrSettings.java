package io.rwe.ingest.naaccr;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.rwe.core.UsageException;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The settings of NAACCR XML ingest ({@code rwe.naaccr} in conf/naaccr.conf; docs/naaccr.md).
 *
 * @param versions             NAACCR versions accepted (base dictionary {@code naaccr-dictionary-<v>.xml}), e.g. 210, 220, 230
 * @param userDictionaries     the user-defined dictionaries a file may reference: the XML text of each
 *                             file of {@code rwe.naaccr.user-dictionaries} (read on the driver, shipped to the tasks)
 * @param splitBytes           the size of the byte ranges a file is read in, one task each
 * @param keepCuratedVersions  curated versions kept after publishing (the current one included, at least 2)
 */
public record NaaccrSettings(List<String> versions, List<String> userDictionaries, long splitBytes,
                             int keepCuratedVersions, java.time.Duration lockWait) implements Serializable {

    public NaaccrSettings {
        versions = List.copyOf(versions);
        userDictionaries = List.copyOf(userDictionaries);
    }

    /** The settings of {@code config} ({@code rwe.naaccr}); a configuration error is a one-line {@link UsageException}. */
    public static NaaccrSettings fromConfig(Config config) {
        String base = "rwe.naaccr";
        try {
            Config c = config.hasPath(base) ? config.getConfig(base) : com.typesafe.config.ConfigFactory.empty();
            List<String> versions = c.hasPath("versions") ? c.getStringList("versions") : List.of("210", "220", "230");
            List<String> dictionaries = new ArrayList<>();
            for (String f : c.hasPath("user-dictionaries") ? c.getStringList("user-dictionaries") : List.<String>of()) {
                try {
                    dictionaries.add(Files.readString(Path.of(f), StandardCharsets.UTF_8));
                } catch (IOException e) {
                    throw new UsageException("configuration: " + base + ".user-dictionaries: cannot read " + f + " ("
                            + e.getMessage() + ")");
                }
            }
            long split = c.hasPath("split-size") ? c.getBytes("split-size") : 32L << 20;
            if (split < 1) {
                throw new UsageException("configuration: " + base + ".split-size must be positive");
            }
            int keep = c.hasPath("keep-curated-versions") ? c.getInt("keep-curated-versions") : 2;
            if (keep < 2) {
                throw new UsageException("configuration: " + base + ".keep-curated-versions must be at least 2 "
                        + "(the current version and the one readers may still be reading)");
            }
            return new NaaccrSettings(versions, dictionaries, split, keep, io.rwe.run.FolderLock.lockWait(config));
        } catch (ConfigException e) {
            throw new UsageException("configuration: " + e.getMessage());
        }
    }

    public NaaccrSettings withSplitBytes(long b) {
        return new NaaccrSettings(versions, userDictionaries, b, keepCuratedVersions, lockWait);
    }
}
