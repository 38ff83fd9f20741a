package io.rwe.ingest;

import io.rwe.core.BadInputException;
import io.rwe.core.UsageException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Locale;

/**
 * What ingest requires of a delivery before it reads it (docs/ingest.md, "Deliveries"; docs/delivery.md).
 *
 * @param clock               the run's clock: "today" is its UTC date
 * @param futureToleranceDays an extract dated more than this many days after today is refused
 * @param firstExtract        the registry's first delivery: an extract dated before it is refused
 * @param manifestRequired    a folder without its delivery manifest waits ({@code required}); otherwise the
 *                            manifest is checked when present ({@code optional})
 * @param reingestChanged     an ingested extract whose files changed is read again as a re-delivery
 *                            ({@code reingest}); otherwise the run is refused ({@code refuse})
 */
public record DeliveryRules(Clock clock, int futureToleranceDays, LocalDate firstExtract, boolean manifestRequired,
                            boolean reingestChanged) {

    /** The defaults of conf/registry.conf, on the system clock. */
    public static DeliveryRules defaults() {
        return new DeliveryRules(Clock.systemUTC(), 1, LocalDate.parse("2000-01-01"), false, true);
    }

    public DeliveryRules {
        if (futureToleranceDays < 0) {
            throw new UsageException("configuration: rwe.ingest.future-tolerance-days must be >= 0, got "
                    + futureToleranceDays);
        }
    }

    /** {@code optional} or {@code required} (rwe.ingest.delivery-manifest). */
    static boolean manifestRequired(String mode) {
        return switch (mode.trim().toLowerCase(Locale.ROOT)) {
            case "required" -> true;
            case "optional" -> false;
            default -> throw new UsageException("configuration: rwe.ingest.delivery-manifest must be optional or "
                    + "required, got '" + mode + "'");
        };
    }

    /** {@code reingest} or {@code refuse} (rwe.ingest.changed-extract). */
    static boolean reingestChanged(String mode) {
        return switch (mode.trim().toLowerCase(Locale.ROOT)) {
            case "reingest" -> true;
            case "refuse" -> false;
            default -> throw new UsageException("configuration: rwe.ingest.changed-extract must be reingest or "
                    + "refuse, got '" + mode + "'");
        };
    }

    /** Today, by the run's clock (UTC). */
    public LocalDate today() {
        return LocalDate.now(clock);
    }

    /**
     * Refuses an extract folder whose date cannot be true: after today plus the tolerance (a typo such as
     * 2081 for 2018 would otherwise override every later delivery), or before the registry's first
     * delivery. {@code ingested}: the extract was ingested before (by a version without this check).
     */
    void checkDate(Path folder, LocalDate date, boolean ingested) {
        LocalDate latest = today().plusDays(futureToleranceDays);
        if (date.isAfter(latest)) {
            throw new BadInputException(folder + ": extract dated " + date + ", after today (" + today() + ", "
                    + futureToleranceDays + " day" + (futureToleranceDays == 1 ? "" : "s") + " of tolerance: "
                    + "rwe.ingest.future-tolerance-days); " + remedy(date, ingested));
        }
        if (date.isBefore(firstExtract)) {
            throw new BadInputException(folder + ": extract dated " + date + ", before the registry's first delivery ("
                    + firstExtract + ", rwe.registry.first-extract); " + remedy(date, ingested));
        }
    }

    private static String remedy(LocalDate date, boolean ingested) {
        return ingested ? "it was ingested before this check: withdraw it (jobs/ingest --warehouse DIR --withdraw-extract "
                + date + ") and deliver it under its true date" : "rename the folder to its true date";
    }
}
