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

# ---- Beyond the paper (docs/study.md): follow-up, RMST difference, cox.zph, the adjusted Cox model with the
# study's adjustment set (conf/study.conf rwe.study.adjustment) and Table 1 by group with tableone's SMD ----
library(MASS)
fu <- function(t, e) {
  s <- summary(survfit(Surv(t, !e) ~ 1))$table                 # reverse Kaplan-Meier: censorings as events
  sprintf("followup median=%.17g lcl=%.17g ucl=%.17g", s[["median"]], s[["0.95LCL"]], s[["0.95UCL"]])
}
cat("pfs_all", fu(d$pfs_days / md, d$pfs_event), "\n")
levels.of <- list(sex = c("M", "F"), bclc_stage = c("B", "C"), child_pugh_class = c("A", "B"),
                  portal_vein_invasion = c("no", "yes", "missing"), afp = c("<400", ">=400", "missing"),
                  treatment_setting = c("first_line", "second_line_plus"))
smd.cat <- function(x, g, lv) {                                  # tableone (Yang & Dalton 2012), missing a level
  p1 <- as.numeric(table(factor(x[g == "a"], levels = lv))) / sum(g == "a")
  p2 <- as.numeric(table(factor(x[g == "b"], levels = lv))) / sum(g == "b")
  S <- function(p) { p <- p[-1]; m <- -outer(p, p); diag(m) <- p * (1 - p); m }
  t <- p1[-1] - p2[-1]
  m <- (S(p1) + S(p2)) / 2
  if (all(m == 0)) return(NaN)                                   # tableone: every patient in one level
  sqrt(drop(t %*% ginv(m) %*% t))
}
beyond <- function(a, b, endpoint) {
  x <- rbind(cbind(g = "a", a), cbind(g = "b", b))
  x$t <- x[[paste0(endpoint, "_days")]] / md
  x$e <- x[[paste0(endpoint, "_event")]]
  x$g <- factor(x$g, levels = c("b", "a"))                       # the reference first
  for (k in c("a", "b")) cat(" ", k, fu(x$t[x$g == k], x$e[x$g == k]), "\n")
  tau <- min(tapply(x$t, x$g, max))
  tb <- summary(survfit(Surv(t, e) ~ g, data = x), rmean = tau)$table
  dd <- tb["g=a", "rmean"] - tb["g=b", "rmean"]; se <- sqrt(sum(tb[, "se(rmean)"]^2))
  cat(sprintf("  rmst_diff tau=%.17g a=%.17g sea=%.17g b=%.17g seb=%.17g d=%.17g se=%.17g lo=%.17g hi=%.17g p=%.17g\n",
      tau, tb["g=a", "rmean"], tb["g=a", "se(rmean)"], tb["g=b", "rmean"], tb["g=b", "se(rmean)"], dd, se,
      dd - qnorm(0.975) * se, dd + qnorm(0.975) * se, 2 * pnorm(-abs(dd / se))))
  for (strat in c(FALSE, TRUE)) {
    z <- cox.zph(if (strat) coxph(Surv(t, e) ~ g + strata(center_id), data = x) else coxph(Surv(t, e) ~ g, data = x))$table
    cat(sprintf("  cox.zph strat=%s chisq=%.17g p=%.17g\n", strat, z["g", "chisq"], z["g", "p"]))
  }
  y <- x
  for (v in names(levels.of)) y[[v]] <- droplevels(factor(ifelse(is.na(y[[v]]), "missing", y[[v]]), levels = levels.of[[v]]))
  for (strat in c(FALSE, TRUE)) {
    f <- coxph(if (strat) Surv(t, e) ~ g + age + sex + bclc_stage + child_pugh_class + portal_vein_invasion + afp +
                 treatment_setting + strata(center_id)
               else Surv(t, e) ~ g + age + sex + bclc_stage + child_pugh_class + portal_vein_invasion + afp +
                 treatment_setting, data = y, ties = "efron")
    s <- summary(f)
    cat(sprintf("  adjusted strat=%s n=%d events=%d iter=%d\n", strat, f$n, f$nevent, f$iter))
    for (r in rownames(s$coefficients)) cat(sprintf("    %s coef=%.17g se=%.17g hr=%.17g lo=%.17g hi=%.17g p=%.17g\n", r,
        s$coefficients[r, "coef"], s$coefficients[r, "se(coef)"], s$conf.int[r, "exp(coef)"], s$conf.int[r, "lower .95"],
        s$conf.int[r, "upper .95"], s$coefficients[r, "Pr(>|z|)"]))
    # f$wald.test: summary() rounds the Wald statistic to 2 decimals
    cat(sprintf("    lr=%.17g wald=%.17g score=%.17g df=%d plr=%.17g pwald=%.17g pscore=%.17g\n", s$logtest[["test"]],
        f$wald.test, s$sctest[["test"]], s$logtest[["df"]], s$logtest[["pvalue"]], s$waldtest[["pvalue"]],
        s$sctest[["pvalue"]]))
    z <- cox.zph(f)$table
    for (r in rownames(z)) cat(sprintf("    zph %s chisq=%.17g df=%d p=%.17g\n", r, z[r, "chisq"], z[r, "df"], z[r, "p"]))
  }
  cat(sprintf("  table1 a n=%d age median=%.17g b n=%d age median=%.17g\n", sum(x$g == "a"), median(x$age[x$g == "a"]),
      sum(x$g == "b"), median(x$age[x$g == "b"])))
  cat(sprintf("  smd age=%.17g\n", (mean(x$age[x$g == "a"]) - mean(x$age[x$g == "b"])) /
      sqrt((var(x$age[x$g == "a"]) + var(x$age[x$g == "b"])) / 2)))
  for (v in c("sex", "afp", "hbv_dna", "smoking", "lung_metastasis")) {
    z <- ifelse(is.na(x[[v]]), "missing", as.character(x[[v]]))
    lv <- unique(c(switch(v, sex = c("M", "F"), afp = c(">=400", "<400"), hbv_dna = c("<1000", ">=1000", "not_examined"),
                          smoking = c("ever", "never"), lung_metastasis = c("TRUE", "FALSE")), sort(unique(z[z != "missing"])),
                   if (any(z == "missing")) "missing"))
    cat(sprintf("  smd %s=%.17g\n", v, smd.cat(z, x$g, lv)))
  }
}
cat("mpfs_lungonly_vs_nonlung beyond:\n"); beyond(d[d$pattern == "lung_only", ], d[d$pattern == "non_lung", ], "mpfs")
cat("os_lung_vs_nonlung beyond:\n"); beyond(d[d$lung_metastasis, ], d[d$pattern == "non_lung", ], "os")
