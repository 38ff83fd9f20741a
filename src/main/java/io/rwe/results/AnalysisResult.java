package io.rwe.results;

import java.util.Map;

/** The object of one named analysis in results.json: a survival ({@link KmResult}) or a rate one. */
public sealed interface AnalysisResult permits KmResult, RateResult {

    /** The analysis's object, keys in the results contract's order. */
    Map<String, Object> toJson();

    /** The parts the data could not support. */
    NotEstimable notEstimable();

    /** How an analysis of results.json is read: the study says which of its analyses is which. */
    enum Kind {
        /** A Kaplan–Meier analysis (km). */
        KM,
        /** A two-group survival comparison (compare). */
        COMPARE,
        /** rate and scope-rates analyses. */
        RATE
    }
}
