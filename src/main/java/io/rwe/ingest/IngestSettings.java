package io.rwe.ingest;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.rwe.core.UsageException;
import io.rwe.run.FolderLock;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/**
 * The ingest stage's settings ({@code rwe.ingest} in conf/registry.conf) and the registry mapping.
 *
 * @param mapping                 the registry's column and code mapping ({@code rwe.registry})
 * @param strict                  fail the run when a file's quarantined fraction exceeds the threshold
 * @param maxQuarantinedFraction  the threshold of strict mode (0–1)
 * @param splitBytes              the size of the byte ranges a file is read in, one task each
 * @param keepCuratedVersions     curated versions kept after publishing (the current one included, ≥ 2)
 * @param delivery                what a delivery must satisfy before it is read (dates, manifest, changes)
 * @param lockWait                how long to wait for another run holding the warehouse ({@code rwe.run.lock-wait})
 * @param concurrentFiles         child files of an extract ingested at a time (after patients.csv, ≥ 1)
 */
public record IngestSettings(RegistryMapping mapping, boolean strict, double maxQuarantinedFraction,
                             long splitBytes, int keepCuratedVersions, DeliveryRules delivery, Duration lockWait,
                             int concurrentFiles) {

    public static IngestSettings fromConfig(Config config) {
        try {
            Config c = config.hasPath("rwe.ingest") ? config.getConfig("rwe.ingest") : com.typesafe.config.ConfigFactory.empty();
            boolean strict = c.hasPath("strict") && c.getBoolean("strict");
            double max = c.hasPath("max-quarantined-fraction") ? c.getDouble("max-quarantined-fraction") : 0.05;
            if (!(max >= 0 && max <= 1)) {
                throw new UsageException("configuration: rwe.ingest.max-quarantined-fraction must lie in [0, 1], got " + max);
            }
            long split = c.hasPath("split-size") ? c.getBytes("split-size") : 64L << 20;
            if (split < 1) {
                throw new UsageException("configuration: rwe.ingest.split-size must be positive");
            }
            int keep = c.hasPath("keep-curated-versions") ? c.getInt("keep-curated-versions") : 2;
            if (keep < 2) {
                throw new UsageException("configuration: rwe.ingest.keep-curated-versions must be at least 2 "
                        + "(the current version and the one readers may still be reading)");
            }
            int future = c.hasPath("future-tolerance-days") ? c.getInt("future-tolerance-days") : 1;
            LocalDate first = config.hasPath("rwe.registry.first-extract")
                    ? isoDate("rwe.registry.first-extract", config.getString("rwe.registry.first-extract"))
                    : DeliveryRules.defaults().firstExtract();
            boolean manifest = c.hasPath("delivery-manifest") && DeliveryRules.manifestRequired(c.getString("delivery-manifest"));
            boolean reingest = !c.hasPath("changed-extract") || DeliveryRules.reingestChanged(c.getString("changed-extract"));
            DeliveryRules delivery = new DeliveryRules(Clock.systemUTC(), future, first, manifest, reingest);
            int concurrent = c.hasPath("concurrent-files") ? c.getInt("concurrent-files") : 2;
            if (concurrent < 1) {
                throw new UsageException("configuration: rwe.ingest.concurrent-files must be at least 1, got " + concurrent);
            }
            return new IngestSettings(RegistryMapping.fromConfig(config), strict, max, split, keep, delivery,
                    FolderLock.lockWait(config), concurrent);
        } catch (ConfigException e) {
            throw new UsageException("configuration: " + e.getMessage());
        }
    }

    private static LocalDate isoDate(String key, String v) {
        try {
            return LocalDate.parse(v.trim());
        } catch (DateTimeParseException e) {
            throw new UsageException("configuration: " + key + ": '" + v + "' is not a YYYY-MM-DD date");
        }
    }

    public IngestSettings withStrict(boolean s) {
        return new IngestSettings(mapping, s, maxQuarantinedFraction, splitBytes, keepCuratedVersions, delivery, lockWait, concurrentFiles);
    }

    public IngestSettings withSplitBytes(long b) {
        return new IngestSettings(mapping, strict, maxQuarantinedFraction, b, keepCuratedVersions, delivery, lockWait, concurrentFiles);
    }

    public IngestSettings withDelivery(DeliveryRules d) {
        return new IngestSettings(mapping, strict, maxQuarantinedFraction, splitBytes, keepCuratedVersions, d, lockWait, concurrentFiles);
    }
}
