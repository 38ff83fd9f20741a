# Expected numbers of AnalyzeStageTest, from R 4.2 / survival 3.5:
#   Rscript src/test/resources/analyze/expected.R   (run from the project folder)
library(survival)
options(digits = 17)
d <- read.csv("src/test/resources/analyze/cohort.csv", na.strings = "", stringsAsFactors = FALSE)
for (v in names(d)) if (is.character(d[[v]]) && all(d[[v]] %in% c("true", "false", NA))) d[[v]] <- d[[v]] == "true"
ae <- read.csv("src/test/resources/analyze/adverse_events.csv", stringsAsFactors = FALSE)
md <- 30.4375
km <- function(time, event) {
  f <- survfit(Surv(time / md, event) ~ 1)
  t <- summary(f, rmean = "common")$table
  tt <- f$time
  cat(sprintf("n=%d events=%d median=%.17g lcl=%.17g ucl=%.17g min=%.17g max=%.17g rmean=%.17g se=%.17g\n",
      t[["n.start"]], t[["events"]], t[["median"]], t[["0.95LCL"]], t[["0.95UCL"]], min(tt), max(tt),
      t[["rmean"]], t[["se(rmean)"]]))
}
cat("pfs_all: "); km(d$pfs_days, d$pfs_event)
lung <- d[d$lung_metastasis, ]
cat("pfs_lung: "); km(lung$pfs_days, lung$pfs_event)
cat("lung_mpfs_lung: "); km(lung$lung_mpfs_days, lung$lung_mpfs_event)
cat("os_all: "); km(d$os_days, d$os_event)

cmp <- function(a, b, endpoint, ref) {
  x <- rbind(data.frame(g = "a", t = a[[paste0(endpoint, "_days")]] / md, e = a[[paste0(endpoint, "_event")]], c = a$center_id),
             data.frame(g = "b", t = b[[paste0(endpoint, "_days")]] / md, e = b[[paste0(endpoint, "_event")]], c = b$center_id))
  x$g <- factor(x$g, levels = c("b", "a"))
  for (strat in c(FALSE, TRUE)) {
    s <- if (strat) survdiff(Surv(t, e) ~ g + strata(c), data = x) else survdiff(Surv(t, e) ~ g, data = x)
    # group "a" is the second row of s (levels b, a)
    O <- s$obs; E <- s$exp; if (strat) { O <- rowSums(O); E <- rowSums(E) }
    V <- s$var[2, 2]
    hr <- exp((O[2] - E[2]) / V)
    cat(sprintf("  strat=%s chisq=%.17g p=%.17g O=%.17g E=%.17g V=%.17g hr=%.17g lo=%.17g hi=%.17g\n", strat, s$chisq,
        pchisq(s$chisq, 1, lower.tail = FALSE), O[2], E[2], V, hr, hr * exp(-qnorm(0.975) / sqrt(V)), hr * exp(qnorm(0.975) / sqrt(V))))
    cf <- if (strat) coxph(Surv(t, e) ~ g + strata(c), data = x, ties = "efron") else coxph(Surv(t, e) ~ g, data = x, ties = "efron")
    sm <- summary(cf)
    cat(sprintf("  cox strat=%s hr=%.17g lo=%.17g hi=%.17g wald=%.17g lr=%.17g score=%.17g\n", strat, sm$conf.int[1, 1],
        sm$conf.int[1, 3], sm$conf.int[1, 4], sm$waldtest[["pvalue"]], sm$logtest[["pvalue"]], sm$sctest[["pvalue"]]))
  }
  f <- survfit(Surv(t, e) ~ g, data = x)
  tb <- summary(f, rmean = "common")$table
  for (k in c("g=a", "g=b")) cat(sprintf("  %s: n=%d events=%d median=%.17g lcl=%.17g ucl=%.17g rmean=%.17g se=%.17g min=%.17g max=%.17g\n", k,
      tb[k, "n.start"], tb[k, "events"], tb[k, "median"], tb[k, "0.95LCL"], tb[k, "0.95UCL"], tb[k, "rmean"], tb[k, "se(rmean)"],
      min(x$t[x$g == substr(k, 3, 3)]), max(x$t[x$g == substr(k, 3, 3)])))
}
cat("mpfs_lungonly_vs_nonlung:\n"); cmp(d[d$pattern == "lung_only", ], d[d$pattern == "non_lung", ], "mpfs")
cat("os_lung_vs_nonlung:\n"); cmp(d[d$lung_metastasis, ], d[d$pattern == "non_lung", ], "os")

resp <- function(x) !is.na(x) & x %in% c("CR", "PR")
rate <- function(r, n) { b <- binom.test(r, n); cat(sprintf("  %d/%d rate=%.17g lo=%.17g hi=%.17g\n", r, n, r / n, b$conf.int[1], b$conf.int[2])) }
tests <- function(r1, n1, r2, n2) {
  m <- matrix(c(r1, n1 - r1, r2, n2 - r2), nrow = 2, byrow = TRUE)
  a <- suppressWarnings(chisq.test(m, correct = FALSE)); y <- suppressWarnings(chisq.test(m)); f <- fisher.test(m)
  cat(sprintf("  chisq=%.17g p=%.17g yates=%.17g p=%.17g fisher=%.17g\n", a$statistic, a$p.value, y$statistic, y$p.value, f$p.value))
}
cat("orr_all:\n"); rate(sum(resp(d$best_overall)), nrow(d))
cat("morr_lung:\n"); rate(sum(resp(lung$best_lung)), nrow(lung))
lo <- d[d$pattern == "lung_only", ]; nl <- d[d$pattern == "non_lung", ]; mo <- d[d$pattern == "multi_organ", ]
cat("morr_lungonly_vs_nonlung:\n"); rate(sum(resp(lo$best_metastatic)), nrow(lo)); rate(sum(resp(nl$best_metastatic)), nrow(nl))
tests(sum(resp(lo$best_metastatic)), nrow(lo), sum(resp(nl$best_metastatic)), nrow(nl))
cat("morr_multiorgan_sites:\n"); rate(sum(resp(mo$best_lung)), nrow(mo)); rate(sum(resp(mo$best_extrahepatic_nonlung)), nrow(mo))
tests(sum(resp(mo$best_lung)), nrow(mo), sum(resp(mo$best_extrahepatic_nonlung)), nrow(mo))

cat("baseline: n=", nrow(d), " age median=", median(d$age), " min=", min(d$age), " max=", max(d$age), "\n", sep = "")
for (v in c("sex", "smoking", "bclc_stage", "afp", "hbv_dna", "lung_metastasis")) { cat(v, ": "); print(table(d[[v]], useNA = "ifany")) }
a <- ae[ae$patient_key %in% d$patient_key, ]
for (t in sort(unique(a$term))) { g <- a$worst_grade[a$term == t]; cat(sprintf("ae %s: g12=%d g3=%d g4=%d any=%d\n", t, sum(g <= 2), sum(g == 3), sum(g >= 4), length(g))) }
cat(sprintf("ae any=%d dose_reduced=%d interrupted=%d\n", sum(d$any_ae), sum(d$dose_reduced), sum(d$interrupted)))
s <- summary(survfit(Surv(pfs_days / md, pfs_event) ~ 1, data = d), censored = TRUE)
k <- length(s$time)
for (i in c(1, 2, 10, k)) cat(sprintf("pfs_all step %d: time=%.17g n.risk=%d n.event=%d n.censor=%d surv=%.17g std.err=%.17g lower=%.17g upper=%.17g\n",
    i, s$time[i], s$n.risk[i], s$n.event[i], s$n.censor[i], s$surv[i], s$std.err[i], s$lower[i], s$upper[i]))
cat("pfs_all steps:", k, "\n")
