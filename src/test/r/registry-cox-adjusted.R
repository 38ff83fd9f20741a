# The study's adjusted Cox models and PH tests fitted by R on a run's analysis cohort, for AdjustedCoxRegistryIT.
# Usage: Rscript src/test/r/registry-cox-adjusted.R COHORT.csv OUT.csv
#   COHORT.csv: the run's cohort/ Parquet exported by the test (pattern, lung_metastasis, mpfs_days, mpfs_event,
#   os_days, os_event and the adjustment columns; empty = missing). Writes "path,value" rows named as
#   results.json names them (<analysis>/cox_adjusted/..., <analysis>/cox/ph_test/...; NA where R gives NA).
# The default study (conf/study.conf): the comparisons' groups, the endpoint in months (days / 30.4375),
# and rwe.study.adjustment's variables with their levels, "missing" a level of its own, absent levels dropped.
library(survival)
stopifnot(packageVersion("survival") >= "3.5")
args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[1], na.strings = "", stringsAsFactors = FALSE)
d$lung_metastasis <- d$lung_metastasis == "true"
levels.of <- list(sex = c("M", "F"), bclc_stage = c("B", "C"), child_pugh_class = c("A", "B"),
                  portal_vein_invasion = c("no", "yes", "missing"), afp = c("<400", ">=400", "missing"),
                  treatment_setting = c("first_line", "second_line_plus"))
rows <- list()
e <- function(path, v) rows[[length(rows) + 1]] <<- data.frame(path = path, value = if (is.na(v)) "NA" else sprintf("%.17g", v))
zph <- function(prefix, z) {
  tb <- z$table
  for (r in rownames(tb)) {
    k <- if (r == "GLOBAL") "global/" else paste0("terms/", if (r == "g") "group" else r, "/")
    e(paste0(prefix, k, "chisq"), tb[r, "chisq"]); e(paste0(prefix, k, "df"), tb[r, "df"]); e(paste0(prefix, k, "p"), tb[r, "p"])
  }
}
comparison <- function(name, endpoint, first, a, ref, b) {
  x <- rbind(cbind(g = first, d[a & !is.na(d[[paste0(endpoint, "_days")]]), ]),
             cbind(g = ref, d[b & !is.na(d[[paste0(endpoint, "_days")]]), ]))
  x$t <- x[[paste0(endpoint, "_days")]] / 30.4375
  x$e <- x[[paste0(endpoint, "_event")]] == "true"
  x$g <- factor(x$g, levels = c(ref, first))
  zph(paste0(name, "/cox/ph_test/"), cox.zph(coxph(Surv(t, e) ~ g, data = x, ties = "efron")))
  for (v in names(levels.of)) x[[v]] <- droplevels(factor(ifelse(is.na(x[[v]]), "missing", x[[v]]), levels = levels.of[[v]]))
  f <- coxph(Surv(t, e) ~ g + age + sex + bclc_stage + child_pugh_class + portal_vein_invasion + afp + treatment_setting,
             data = x, ties = "efron")
  s <- summary(f)
  p <- paste0(name, "/cox_adjusted/")
  e(paste0(p, "n"), f$n); e(paste0(p, "events"), f$nevent); e(paste0(p, "iterations"), f$iter)
  ours <- function(r) {
    if (r == paste0("g", first)) return(paste0("group=", first))
    for (v in names(levels.of)) if (startsWith(r, v)) return(paste0(v, "=", substring(r, nchar(v) + 1)))
    r
  }
  for (r in rownames(s$coefficients)) {
    t <- paste0(p, "terms/", ours(r), "/")
    e(paste0(t, "coef"), s$coefficients[r, "coef"]); e(paste0(t, "se"), s$coefficients[r, "se(coef)"])
    e(paste0(t, "hr"), s$conf.int[r, "exp(coef)"])
    e(paste0(t, "ci/0"), s$conf.int[r, "lower .95"]); e(paste0(t, "ci/1"), s$conf.int[r, "upper .95"])
    e(paste0(t, "p"), s$coefficients[r, "Pr(>|z|)"])
  }
  e(paste0(p, "hr"), s$conf.int[1, "exp(coef)"]); e(paste0(p, "ci/0"), s$conf.int[1, "lower .95"])
  e(paste0(p, "ci/1"), s$conf.int[1, "upper .95"]); e(paste0(p, "p"), s$coefficients[1, "Pr(>|z|)"])
  df <- sum(!is.na(coef(f))); lr <- 2 * diff(f$loglik)
  for (k in list(list("lr", lr), list("wald", f$wald.test), list("score", f$score))) {
    e(paste0(p, "global/", k[[1]], "/chisq"), k[[2]]); e(paste0(p, "global/", k[[1]], "/df"), df)
    e(paste0(p, "global/", k[[1]], "/p"), pchisq(k[[2]], df, lower.tail = FALSE))
  }
  zph(paste0(p, "ph_test/"), cox.zph(f))
}
# mpfs_lungonly_vs_nonlung: pattern = 'lung_only' against pattern = 'non_lung'; os_lung_vs_nonlung: lung_metastasis
# against pattern = 'non_lung'
comparison("mpfs_lungonly_vs_nonlung", "mpfs", "lung_only", d$pattern == "lung_only", "non_lung", d$pattern == "non_lung")
comparison("os_lung_vs_nonlung", "os", "lung", d$lung_metastasis, "non_lung", d$pattern == "non_lung")
write.csv(do.call(rbind, rows), args[2], row.names = FALSE)
