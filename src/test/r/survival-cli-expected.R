# Expected output of jobs/survival on R's lung and veteran data, computed by R's survival package.
# Run from the checkout's root:  Rscript src/test/r/survival-cli-expected.R
# Writes src/test/resources/r-data/survival-cli/<scenario>.csv: one row per numeric field of the
# docs/cli.md JSON, "path,value" (path as in the JSON, array elements by index; NA where the JSON has null).
# SurvivalJobLungTest runs the same calls through jobs/survival and compares every field.
library(survival)
stopifnot(packageVersion("survival") >= "3.5")

lung <- read.csv("src/test/resources/r-data/lung.csv")
veteran <- read.csv("src/test/resources/r-data/veteran.csv")
dir.create("src/test/resources/r-data/survival-cli", showWarnings = FALSE, recursive = TRUE)

# cox.zph(fit)$table: one row per variable (the group's variable "gf" is "group"), then GLOBAL
zph <- function(e, prefix, z) {
  tb <- z$table
  for (r in rownames(tb)) {
    k <- if (r == "GLOBAL") "global/" else paste0("terms/", if (r == "gf") "group" else gsub("`", "", r), "/")
    e(paste0(prefix, k, "chisq"), tb[r, "chisq"]); e(paste0(prefix, k, "df"), tb[r, "df"]); e(paste0(prefix, k, "p"), tb[r, "p"])
  }
}

scenario <- function(name, group = NULL, strata = NULL, event.value = 2, conf.type = "log", rho = 0,
                     times = NULL, rmst.tau = NULL, data = lung, event = "status", covariates = NULL,
                     factors = NULL) {
  lung <- data
  lung$status <- lung[[event]]
  rows <- list()
  e <- function(path, v) {
    rows[[length(rows) + 1]] <<- data.frame(path = path, value = if (is.na(v)) "NA" else sprintf("%.17g", v))
  }
  keep <- !is.na(lung$time) & !is.na(lung$status)
  if (!is.null(group)) keep <- keep & !is.na(lung[[group]])
  if (!is.null(strata)) keep <- keep & !is.na(lung[[strata]])
  d <- lung[keep, ]
  d$ev <- d$status == event.value
  d$g <- if (is.null(group)) "all" else as.character(d[[group]])
  d$s <- if (is.null(strata)) "none" else as.character(d[[strata]])
  levels <- sort(unique(d$g), method = "radix")          # groups sorted as strings (C order)
  e("n", nrow(d)); e("events", sum(d$ev)); e("dropped", sum(!keep))
  tau <- if (is.null(rmst.tau)) max(d$time) else rmst.tau  # rmean = "common" unless given
  for (g in levels) {
    p <- paste0("groups/", g, "/")
    fit <- survfit(Surv(time, ev) ~ 1, data = d[d$g == g, ], conf.type = conf.type)
    tab <- summary(fit, rmean = tau)$table
    e(paste0(p, "n"), tab[["n.start"]]); e(paste0(p, "events"), tab[["events"]])
    e(paste0(p, "median"), tab[["median"]])
    e(paste0(p, "median_ci/0"), tab[["0.95LCL"]]); e(paste0(p, "median_ci/1"), tab[["0.95UCL"]])
    q <- quantile(fit, c(.25, .75))$quantile
    e(paste0(p, "quartiles/q25"), q[[1]]); e(paste0(p, "quartiles/q75"), q[[2]])
    e(paste0(p, "range/0"), min(fit$time)); e(paste0(p, "range/1"), max(fit$time))
    e(paste0(p, "rmst/tau"), tau); e(paste0(p, "rmst/estimate"), tab[["rmean"]]); e(paste0(p, "rmst/se"), tab[["se(rmean)"]])
    if (!is.null(times)) {
      tt <- times[times <= max(fit$time)]                  # R leaves out times after the last one
      if (length(tt) > 0) {
        s <- summary(fit, times = tt)
        for (i in seq_along(s$time)) {
          a <- paste0(p, "at_times/", i - 1, "/")
          e(paste0(a, "time"), s$time[i]); e(paste0(a, "n_risk"), s$n.risk[i]); e(paste0(a, "surv"), s$surv[i])
          e(paste0(a, "std_err"), s$std.err[i]); e(paste0(a, "lower"), s$lower[i]); e(paste0(a, "upper"), s$upper[i])
        }
      }
    }
    s <- summary(fit, censored = TRUE)
    for (i in seq_along(s$time)) {
      a <- paste0(p, "table/", i - 1, "/")
      e(paste0(a, "time"), s$time[i]); e(paste0(a, "n_risk"), s$n.risk[i]); e(paste0(a, "n_event"), s$n.event[i])
      e(paste0(a, "n_censor"), s$n.censor[i]); e(paste0(a, "surv"), s$surv[i]); e(paste0(a, "std_err"), s$std.err[i])
      e(paste0(a, "lower"), s$lower[i]); e(paste0(a, "upper"), s$upper[i])
    }
    # followup: the reverse Kaplan-Meier median, censorings as events (log CI)
    fu <- summary(survfit(Surv(time, !ev) ~ 1, data = d[d$g == g, ]))$table
    e(paste0(p, "followup/median"), fu[["median"]])
    e(paste0(p, "followup/median_ci/0"), fu[["0.95LCL"]]); e(paste0(p, "followup/median_ci/1"), fu[["0.95UCL"]])
  }
  if (length(levels) >= 2) {
    d$gf <- factor(d$g, levels = levels)
    f <- if (is.null(strata)) Surv(time, ev) ~ gf else Surv(time, ev) ~ gf + strata(s)
    sd <- survdiff(f, data = d, rho = rho)
    obs <- if (is.matrix(sd$obs)) rowSums(sd$obs) else sd$obs
    ex <- if (is.matrix(sd$exp)) rowSums(sd$exp) else sd$exp
    df <- sum(ex > 0) - 1
    e("logrank/rho", rho); e("logrank/chisq", sd$chisq); e("logrank/df", df)
    e("logrank/p", pchisq(sd$chisq, df, lower.tail = FALSE))
    for (i in seq_along(levels)) {
      e(paste0("logrank/observed/", levels[i]), obs[i]); e(paste0("logrank/expected/", levels[i]), ex[i])
    }
    if (length(levels) == 2) {
      sd0 <- survdiff(f, data = d, rho = 0)                 # the log-rank HR: exp((O - E)/V), group 2 vs 1
      o0 <- if (is.matrix(sd0$obs)) rowSums(sd0$obs) else sd0$obs
      x0 <- if (is.matrix(sd0$exp)) rowSums(sd0$exp) else sd0$exp
      v <- sd0$var[2, 2]
      lnhr <- (o0[2] - x0[2]) / v
      e("hr/estimate", exp(lnhr))
      e("hr/ci/0", exp(lnhr - qnorm(.975) / sqrt(v))); e("hr/ci/1", exp(lnhr + qnorm(.975) / sqrt(v)))
      cx <- coxph(f, data = d, ties = "efron")
      sc <- summary(cx)
      e("cox/hr", sc$conf.int[1, "exp(coef)"])
      e("cox/ci/0", sc$conf.int[1, "lower .95"]); e("cox/ci/1", sc$conf.int[1, "upper .95"])
      e("cox/p_wald", sc$waldtest[["pvalue"]]); e("cox/p_lr", sc$logtest[["pvalue"]]); e("cox/p_score", sc$sctest[["pvalue"]])
      zph(e, "cox/ph_test/", cox.zph(cx))
      # rmst_diff: tau = --rmst-tau, else the smaller of the two groups' largest times; second minus first
      tau2 <- if (is.null(rmst.tau)) min(tapply(d$time, d$gf, max)) else rmst.tau
      tb <- summary(survfit(Surv(time, ev) ~ gf, data = d), rmean = tau2)$table
      dd <- tb[2, "rmean"] - tb[1, "rmean"]; se <- sqrt(sum(tb[, "se(rmean)"]^2))
      e("rmst_diff/tau", tau2)
      for (i in 1:2) {
        e(paste0("rmst_diff/groups/", levels[i], "/estimate"), tb[i, "rmean"])
        e(paste0("rmst_diff/groups/", levels[i], "/se"), tb[i, "se(rmean)"])
      }
      e("rmst_diff/estimate", dd); e("rmst_diff/se", se)
      e("rmst_diff/ci/0", dd - qnorm(.975) * se); e("rmst_diff/ci/1", dd + qnorm(.975) * se)
      e("rmst_diff/p", 2 * pnorm(-abs(dd / se)))
    }
    if (!is.null(covariates)) {
      # cox_adjusted: coxph(Surv(time, ev) ~ group + covariates [+ strata], ties = "efron"), na.omit; a column
      # of --factors as factor(), levels sorted (as numbers when they all are); the group's reference first
      for (v in factors) d[[v]] <- factor(d[[v]], levels = sort(unique(d[[v]])))
      rhs <- paste(c("gf", paste0("`", covariates, "`"), if (!is.null(strata)) "strata(s)"), collapse = " + ")
      fa <- coxph(as.formula(paste("Surv(time, ev) ~", rhs)), data = d, ties = "efron")
      sa <- summary(fa)
      a <- "cox_adjusted/"
      e(paste0(a, "n"), fa$n); e(paste0(a, "events"), fa$nevent); e(paste0(a, "dropped"), length(fa$na.action))
      terms <- rownames(sa$coefficients)
      ours <- function(r) {                                   # R's row name -> the term of docs/cli.md
        if (startsWith(r, "gf")) return(paste0("group=", substring(r, 3)))
        r <- gsub("`", "", r)
        for (v in factors) if (startsWith(r, v)) return(paste0(v, "=", substring(r, nchar(v) + 1)))
        for (v in covariates) if (startsWith(r, v) && r != v && is.character(d[[v]]))
          return(paste0(v, "=", substring(r, nchar(v) + 1)))
        r
      }
      for (r in terms) {
        t <- paste0(a, "terms/", ours(r), "/")
        e(paste0(t, "coef"), sa$coefficients[r, "coef"]); e(paste0(t, "se"), sa$coefficients[r, "se(coef)"])
        e(paste0(t, "hr"), sa$conf.int[r, "exp(coef)"])
        e(paste0(t, "ci/0"), sa$conf.int[r, "lower .95"]); e(paste0(t, "ci/1"), sa$conf.int[r, "upper .95"])
        e(paste0(t, "p"), sa$coefficients[r, "Pr(>|z|)"])
      }
      if (length(levels) == 2) {
        e(paste0(a, "hr"), sa$conf.int[1, "exp(coef)"])
        e(paste0(a, "ci/0"), sa$conf.int[1, "lower .95"]); e(paste0(a, "ci/1"), sa$conf.int[1, "upper .95"])
        e(paste0(a, "p"), sa$coefficients[1, "Pr(>|z|)"])
      }
      df <- sum(!is.na(coef(fa)))
      lr <- 2 * diff(fa$loglik)
      e(paste0(a, "global/lr/chisq"), lr); e(paste0(a, "global/lr/df"), df)
      e(paste0(a, "global/lr/p"), pchisq(lr, df, lower.tail = FALSE))
      e(paste0(a, "global/wald/chisq"), fa$wald.test); e(paste0(a, "global/wald/df"), df)
      e(paste0(a, "global/wald/p"), pchisq(fa$wald.test, df, lower.tail = FALSE))
      e(paste0(a, "global/score/chisq"), fa$score); e(paste0(a, "global/score/df"), df)
      e(paste0(a, "global/score/p"), pchisq(fa$score, df, lower.tail = FALSE))
      zph(e, paste0(a, "ph_test/"), cox.zph(fa))
      e(paste0(a, "iterations"), fa$iter)
    }
  }
  write.csv(do.call(rbind, rows), paste0("src/test/resources/r-data/survival-cli/", name, ".csv"), row.names = FALSE)
}

# jobs/survival --input lung.csv --time time --event status --event-value 2 --group sex --times 100,365
scenario("lung-sex", group = "sex", times = c(100, 365))
# ... --group sex --strata ph.ecog --conf-type log-log --rho 1 --times 30,200,2000 --rmst-tau 500
scenario("lung-sex-strata-ecog", group = "sex", strata = "ph.ecog", conf.type = "log-log", rho = 1,
         times = c(30, 200, 2000), rmst.tau = 500)
# ... --group ph.ecog --conf-type plain --times 0,1022
scenario("lung-ecog", group = "ph.ecog", conf.type = "plain", times = c(0, 1022))
# ... (no --group) --times 100
scenario("lung-all", times = c(100))
# ... --group sex --covariates age,ph.ecog,wt.loss --factors ph.ecog   (wt.loss has 14 missing values)
scenario("lung-sex-adjusted", group = "sex", times = c(365), covariates = c("age", "ph.ecog", "wt.loss"),
         factors = c("ph.ecog"))
# ... --group sex --strata inst --covariates age,ph.ecog,wt.loss --factors ph.ecog
scenario("lung-sex-adjusted-strata-inst", group = "sex", strata = "inst", covariates = c("age", "ph.ecog", "wt.loss"),
         factors = c("ph.ecog"))
# jobs/survival --input veteran.csv --time time --event status --group trt --covariates karno,age,celltype,prior
#   --factors prior   (celltype is text: categorical, levels adeno, large, smallcell, squamous)
scenario("veteran-trt-adjusted", group = "trt", data = veteran, event.value = 1,
         covariates = c("karno", "age", "celltype", "prior"), factors = c("prior"))
