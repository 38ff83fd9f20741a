package io.rwe.ingest;

import io.rwe.core.BadInputException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What one ingest run does with each dated folder under the extracts root (docs/ingest.md, "Deliveries"),
 * decided before any row is read:
 * <ul>
 *   <li>a folder of a <b>withdrawn</b> extract is ignored (reported);</li>
 *   <li>a folder dated after today (plus the tolerance) or before the registry's first delivery is
 *       refused, as is a warehouse that holds such an extract (ingested before the check existed);</li>
 *   <li>a new folder whose delivery manifest is required but absent <b>waits</b> (reported, not read);
 *       a manifest that is present must list every file and match every file's SHA-256;</li>
 *   <li>an <b>ingested</b> extract whose files all keep their recorded SHA-256 is skipped; one whose
 *       files changed is a <b>re-delivery</b>, read again like a new extract (or, with
 *       {@code changed-extract = refuse}, refused);</li>
 *   <li>every other folder is <b>pending</b>: its files checked by the input model's {@link DeliveryFormat}
 *       (whole-file refusals) and surveyed.</li>
 * </ul>
 */
final class DeliveryPlan {
    final List<LocalDate> pending = new ArrayList<>();
    final List<LocalDate> skipped = new ArrayList<>();
    final Set<LocalDate> redelivered = new TreeSet<>();
    final Map<LocalDate, String> waiting = new LinkedHashMap<>();
    final List<LocalDate> ignoredWithdrawn = new ArrayList<>();
    final Map<LocalDate, DeliveryFormat.Delivery> deliveries = new HashMap<>();
    final Map<LocalDate, DeliveryManifest> manifests = new HashMap<>();
    final Map<Path, ExtractReader.Survey> surveys = new HashMap<>();

    private final IngestSettings settings;
    private final DeliveryFormat format;
    private final Path root;
    private final PrintStream log;

    private DeliveryPlan(IngestSettings settings, DeliveryFormat format, Path root, PrintStream log) {
        this.settings = settings;
        this.format = format;
        this.root = root;
        this.log = log;
    }

    /** The plan for the folders {@code dates} under {@code root} and the extracts of {@code wh}. */
    static DeliveryPlan of(IngestSettings settings, DeliveryFormat format, Path root, List<LocalDate> dates, Warehouse wh,
                           ExtractReader reader, PrintStream log) {
        DeliveryPlan plan = new DeliveryPlan(settings, format, root, log);
        DeliveryRules rules = settings.delivery();
        Set<LocalDate> ingested = wh.ingestedDates();
        Set<LocalDate> withdrawn = wh.withdrawnDates();
        for (LocalDate d : ingested) {
            rules.checkDate(dates.contains(d) ? root.resolve(d.toString()) : wh.accounting(d), d, true);
        }
        List<Path> toHash = new ArrayList<>();
        List<LocalDate> present = new ArrayList<>();
        for (LocalDate d : dates) {
            Path folder = root.resolve(d.toString());
            if (withdrawn.contains(d)) {
                log.println("ingest: " + folder + ": extract " + d + " was withdrawn (" + wh.withdrawn(d)
                        + "): its folder is ignored");
                plan.ignoredWithdrawn.add(d);
            } else if (ingested.contains(d)) {
                for (FileAccounting fa : ExtractAccounting.read(wh.accounting(d)).files()) {
                    Path f = folder.resolve(fa.file());
                    if (!Files.isRegularFile(f)) {
                        throw new BadInputException(f + ": missing, but extract " + d + " was ingested with it; remove "
                                + "the whole folder to archive the extract, or deliver all its files again");
                    }
                    toHash.add(f);
                }
                present.add(d);
            } else {
                rules.checkDate(folder, d, false);
                plan.prepare(d);
            }
        }
        plan.survey(reader, toHash, plan.pending);
        List<LocalDate> again = new ArrayList<>();
        for (LocalDate d : present) {
            List<String> changed = changedFiles(plan.surveys, root.resolve(d.toString()), ExtractAccounting.read(wh.accounting(d)));
            if (changed.isEmpty()) {
                plan.skipped.add(d);
                continue;
            }
            Path first = root.resolve(d.toString()).resolve(changed.get(0));
            if (!rules.reingestChanged()) {
                throw new BadInputException(first + ": changed since extract " + d + " was ingested; an ingested extract "
                        + "is immutable under rwe.ingest.changed-extract = refuse: deliver corrections as a new dated "
                        + "extract, or ingest into a new warehouse");
            }
            log.println("ingest: extract " + d + " re-delivered (" + String.join(", ", changed)
                    + " changed since it was ingested): it is read again, and replaces the earlier delivery");
            plan.redelivered.add(d);
            int before = plan.pending.size();
            plan.prepare(d);
            if (plan.pending.size() > before) {
                again.add(d);
            }
        }
        if (!again.isEmpty()) {
            List<Path> files = new ArrayList<>();
            again.forEach(d -> files.addAll(plan.deliveries.get(d).files()));
            plan.survey(reader, files, again);
        }
        for (LocalDate d : plan.pending) {
            DeliveryManifest m = plan.manifests.get(d);
            if (m != null) {
                for (Path f : plan.deliveries.get(d).files()) {
                    m.checkSha256(f, plan.surveys.get(f).sha256());
                }
            }
        }
        plan.pending.sort(null);
        return plan;
    }

    /**
     * A folder to read: its manifest (waits when required and absent), then every file checked
     * (whole-file refusals), then pending.
     */
    private void prepare(LocalDate d) {
        Path folder = root.resolve(d.toString());
        Optional<DeliveryManifest> manifest = DeliveryManifest.read(folder);
        if (manifest.isEmpty() && settings.delivery().manifestRequired()) {
            String why = "no " + DeliveryManifest.FILE_NAME + " yet (rwe.ingest.delivery-manifest = required)";
            log.println("ingest: " + folder + ": waiting: " + why + (redelivered.contains(d)
                    ? "; the earlier delivery of " + d + " stays in force" : "; not read tonight"));
            waiting.put(d, why);
            return;
        }
        DeliveryFormat.Delivery delivery = format.inspect(folder, d, settings, log);
        manifest.ifPresent(m -> {
            m.checkLists(delivery.files().stream().map(f -> f.getFileName().toString()).toList());
            manifests.put(d, m);
        });
        deliveries.put(d, delivery);
        pending.add(d);
    }

    /** Hashes {@code toHash} and the files of {@code toRead}, and surveys the latter, in one Spark job. */
    private void survey(ExtractReader reader, List<Path> toHash, List<LocalDate> toRead) {
        List<Path> hash = new ArrayList<>(toHash);
        List<CsvSource> read = new ArrayList<>();
        for (LocalDate d : toRead) {
            hash.addAll(deliveries.get(d).files());
            read.addAll(deliveries.get(d).csvFiles());
        }
        surveys.putAll(reader.survey(hash, read, settings.mapping()));
    }

    /** The files of an ingested extract whose SHA-256 now differs from its accounting's. */
    private static List<String> changedFiles(Map<Path, ExtractReader.Survey> surveys, Path folder, ExtractAccounting then) {
        List<String> changed = new ArrayList<>();
        for (FileAccounting f : then.files()) {
            if (!surveys.get(folder.resolve(f.file())).sha256().equals(f.sha256())) {
                changed.add(f.file());
            }
        }
        return changed;
    }
}
