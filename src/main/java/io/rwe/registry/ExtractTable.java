package io.rwe.registry;

import static io.rwe.registry.ColumnSpec.code;
import static io.rwe.registry.ColumnSpec.date;
import static io.rwe.registry.ColumnSpec.integer;
import static io.rwe.registry.ColumnSpec.number;
import static io.rwe.registry.ColumnSpec.string;

import java.util.List;
import java.util.Optional;

/**
 * The six files of one registry extract, version 1 ({@code docs/registry-extract.md}): columns in the
 * spec's order, and each file's key. The single source of truth for ingest, the generator and the
 * curated Parquet schema (curated columns carry exactly these names).
 */
public enum ExtractTable {
    PATIENTS("patients", List.of("patient_id"), List.of(
            string("patient_id", true, 64),
            string("center_id", true, 0),
            date("birth_date", true),
            code("sex", true, "M", "F"),
            code("smoking", false, "ever", "never"),
            date("hcc_diagnosis_date", false),
            code("diagnosis_basis", false, "histology", "noninvasive"),
            code("bclc_stage", true, "0", "A", "B", "C", "D"),
            code("child_pugh_class", true, "A", "B", "C"),
            integer("ecog_ps", false, 0, 4),
            code("portal_vein_invasion", false, "Y", "N"),
            number("hbv_dna_iu_ml", false, 0, false),
            code("antiviral_treatment", false, "Y", "N"),
            number("afp_ug_l", false, 0, false),
            date("last_contact_date", true),
            date("death_date", false),
            code("withdrawn", false, "Y", "N"))),
    LESIONS("lesions", List.of("patient_id", "lesion_id"), List.of(
            string("patient_id", true, 64),
            string("lesion_id", true, 0),
            code("site", true, "liver_primary", "liver_new", "lung", "lymph_node", "bone", "adrenal",
                    "peritoneum", "brain", "other"),
            code("measurable", true, "Y", "N"),
            date("detected_date", true))),
    TREATMENTS("treatments", List.of("patient_id", "drug", "start_date"), List.of(
            string("patient_id", true, 64),
            code("drug", true, "apatinib", "sorafenib", "regorafenib", "lenvatinib", "nivolumab",
                    "chemotherapy", "other"),
            date("start_date", true),
            date("stop_date", false),
            number("dose_mg", false, 0, true),
            code("schedule", false, "qd", "qod"),
            integer("line", false, 1, Integer.MAX_VALUE))),
    PROCEDURES("procedures", List.of("patient_id", "procedure", "procedure_date", "target"), List.of(
            string("patient_id", true, 64),
            code("procedure", true, "tace", "rfa", "ebrt", "resection", "transplant", "other"),
            date("procedure_date", true),
            code("target", true, "primary", "metastasis"))),
    ASSESSMENTS("assessments", List.of("patient_id", "assessment_date", "scope"), List.of(
            string("patient_id", true, 64),
            date("assessment_date", true),
            code("scope", true, "overall", "metastatic", "lung", "extrahepatic_nonlung", "intrahepatic_new"),
            code("response", true, "CR", "PR", "SD", "PD", "NE"))),
    ADVERSE_EVENTS("adverse_events", List.of("patient_id", "term", "onset_date", "grade"), List.of(
            string("patient_id", true, 64),
            // A lower-case CTCAE term with '_' for spaces; the list is open, so the spec gives no codes.
            string("term", true, 0),
            integer("grade", true, 1, 5),
            date("onset_date", true),
            code("action", false, "none", "dose_reduced", "interrupted", "discontinued")));

    private final String fileStem;
    private final List<String> key;
    private final List<ColumnSpec> columns;

    ExtractTable(String fileStem, List<String> key, List<ColumnSpec> columns) {
        this.fileStem = fileStem;
        this.key = key;
        this.columns = columns;
    }

    /** The table's name: the file stem and the curated dataset's name ({@code patients}, ...). */
    public String tableName() {
        return fileStem;
    }

    /** The file's name inside an extract folder ({@code patients.csv}, ...). */
    public String fileName() {
        return fileStem + ".csv";
    }

    /** The key columns: rows sharing them are duplicates or conflicts. */
    public List<String> key() {
        return key;
    }

    public List<ColumnSpec> columns() {
        return columns;
    }

    public Optional<ColumnSpec> column(String name) {
        return columns.stream().filter(c -> c.name().equalsIgnoreCase(name)).findFirst();
    }

    public static Optional<ExtractTable> byFileName(String fileName) {
        for (ExtractTable t : values()) {
            if (t.fileName().equalsIgnoreCase(fileName)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
