package io.rwe.disclosure;

import java.util.List;

/**
 * A run folder the output checker refused ({@link OutputCheck}): nothing is published. The message gives
 * the policy, the number of findings and the first of them; the job prints every finding before.
 */
public final class DisclosureRefused extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DisclosureRefused(String what, DisclosurePolicy policy, List<OutputCheck.Finding> findings) {
        super(what + " fails the disclosure check (policy " + policy.name() + "): " + findings.size()
                + (findings.size() == 1 ? " finding" : " findings") + (findings.isEmpty() ? "" : ", first: "
                + findings.get(0)));
    }
}
