# The R side of jobs/bench: the seven survival analyses of conf/study.conf on an exported analysis
# cohort CSV (columns lung_metastasis, pattern, <endpoint>_days, <endpoint>_event), as an
# epidemiologist would run them: survfit for every analysis, survdiff and coxph (Efron ties, the
# default) for the two comparisons, and the comparisons' adjusted models (coxph of the group plus the
# adjustment set of conf/study.conf with its factor levels, Efron). Times in months = days / 30.4375, as
# the analyze stage.
# usage: Rscript bench/survival-r.R COHORT.csv OUT.json
suppressMessages({ library(data.table); library(survival) })
args <- commandArgs(trailingOnly = TRUE)
t_read <- system.time(d <- fread(args[1], showProgress = FALSE))
md <- 30.4375
adjustment <- c("age", "sex", "bclc_stage", "child_pugh_class", "portal_vein_invasion", "afp", "treatment_setting")
levels.of <- list(sex = c("M", "F"), bclc_stage = c("B", "C"), child_pugh_class = c("A", "B"),
                  portal_vein_invasion = c("no", "yes", "missing"), afp = c("<400", ">=400", "missing"),
                  treatment_setting = c("first_line", "second_line_plus"))
timing <- list()
res <- list()
cpu <- function(st) unname(st[["user.self"]] + st[["sys.self"]])
run <- function(name, endpoint, groups) {
  st <- system.time({
    days <- d[[paste0(endpoint, "_days")]]; ev <- d[[paste0(endpoint, "_event")]]
    ok <- !is.na(days) & !is.na(ev)
    parts <- lapply(names(groups), function(g) {
      sel <- ok & groups[[g]]
      x <- data.frame(time = days[sel] / md, status = ev[sel], group = g)
      if (length(groups) > 1) x <- cbind(x, d[sel, adjustment, with = FALSE])
      x
    })
    x <- do.call(rbind, parts)
    if (length(groups) == 1) {
      fit <- survfit(Surv(time, status) ~ 1, data = x)
      out <- list(n = fit$n, median = unname(summary(fit)$table["median"]))
    } else {
      x$group <- factor(x$group, levels = rev(names(groups)))   # reference (second) group first
      fit <- survfit(Surv(time, status) ~ group, data = x)
      lr <- survdiff(Surv(time, status) ~ group, data = x)
      cx <- coxph(Surv(time, status) ~ group, data = x)
      out <- list(n = fit$n, median = unname(summary(fit)$table[, "median"]),
                  chisq = lr$chisq, hr = unname(exp(coef(cx))))
      sa <- system.time({
        for (v in names(levels.of)) x[[v]] <- droplevels(factor(ifelse(is.na(x[[v]]), "missing", x[[v]]),
                                                               levels = levels.of[[v]]))
        adj <- coxph(Surv(time, status) ~ group + age + sex + bclc_stage + child_pugh_class + portal_vein_invasion +
                       afp + treatment_setting, data = x, ties = "efron")
      })
      out$adjusted_coef <- unname(coef(adj))
      out$adjusted_iter <- adj$iter
      timing[[paste0(name, "_adjusted")]] <<- list(elapsed_s = unname(sa[["elapsed"]]), cpu_s = cpu(sa))
    }
    res[[name]] <<- out
  })
  timing[[name]] <<- list(elapsed_s = unname(st[["elapsed"]]), cpu_s = cpu(st))
}
lung <- d$lung_metastasis %in% TRUE
all <- rep(TRUE, nrow(d))
t_all <- system.time({
  run("pfs_all", "pfs", list(all = all))
  run("pfs_lung", "pfs", list(lung = lung))
  run("lung_mpfs_lung", "lung_mpfs", list(lung = lung))
  run("os_all", "os", list(all = all))
  run("os_lung", "os", list(lung = lung))
  run("mpfs_lungonly_vs_nonlung", "mpfs", list(lung_only = d$pattern %in% "lung_only", non_lung = d$pattern %in% "non_lung"))
  run("os_lung_vs_nonlung", "os", list(lung = lung, non_lung = d$pattern %in% "non_lung"))
})
j <- function(x) if (is.list(x)) paste0("{", paste0('"', names(x), '": ', sapply(x, j), collapse = ", "), "}") else
  if (length(x) == 1) format(x, digits = 10) else paste0("[", paste(format(x, digits = 10), collapse = ", "), "]")
writeLines(j(list(rows = nrow(d), read_elapsed_s = unname(t_read[["elapsed"]]), read_cpu_s = cpu(t_read),
                  compute_elapsed_s = unname(t_all[["elapsed"]]), compute_cpu_s = cpu(t_all),
                  analyses = timing, results = res)), args[2])
