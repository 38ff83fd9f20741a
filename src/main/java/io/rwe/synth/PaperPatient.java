package io.rwe.synth;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;

/**
 * One reviewed (or deliberately not reviewed) patient of the reconstructed paper cohort, as a row of
 * {@code synth/paper-cohort.csv}: the declarative description that {@link PaperProfile} expands into
 * the six extract files. Times are days from the index date (the first apatinib start).
 *
 * @param flow       {@code included}, the Figure 1 exclusion it must hit ({@code
 *                   no_measurable_metastasis}, {@code concurrent_systemic}, {@code
 *                   locoregional_metastasis}), or {@code not_reviewed} (apatinib outside the window)
 * @param pattern    baseline metastasis pattern ({@code lung_only}, {@code multi_organ}, {@code
 *                   non_lung}, {@code none})
 * @param pfs        overall-scope time: PD at that day, or {@code censored} at the last assessment
 * @param mpfs       metastatic-scope time
 * @param lungMpfs   lung-scope time (null: no lung lesion)
 * @param os         death at that day, or censored: alive at the data cut-off ({@code days} = cut-off
 *                   − index)
 * @param best       best response per scope name (empty string: scope not assessed)
 * @param adverseEvents episodes {@code term:grade@day[!action]}
 * @param special    edge-case tags (see docs/generator.md)
 */
public record PaperPatient(String patientId, String centerId, String flow, String pattern,
                           LocalDate indexDate, LocalDate birthDate, String sex, String smoking,
                           String ecogPs, String portalVeinInvasion, String bclcStage,
                           String childPughClass, String hbvDna, String antiviral, String afp,
                           LocalDate hccDiagnosisDate, String diagnosisBasis, boolean secondLine,
                           boolean locoregionalLiver, Time pfs, Time mpfs, Time lungMpfs, Time os,
                           java.util.Map<String, String> best, List<String> adverseEvents,
                           Set<String> special) {

    /** A time in days from the index and whether it ends in the event ({@code 308+}: censored). */
    public record Time(int days, boolean event) {
        static Time parse(String s) {
            if (s == null || s.isBlank()) {
                return null;
            }
            boolean censored = s.endsWith("+");
            return new Time(Integer.parseInt(censored ? s.substring(0, s.length() - 1) : s), !censored);
        }
    }

    public boolean has(String tag) {
        return special.contains(tag);
    }
}
