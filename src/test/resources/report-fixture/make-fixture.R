# FIXTURE DATA for the report tests: simulated patients, not results of any registry or of the paper.
# Writes tables/km_<analysis>.csv (the KM step tables of the results contract) and km-fixture.json
# (the KM / comparison / rate blocks of results.json); results.json is assembled by hand from it.
# Run: Rscript make-fixture.R   (R 4.2, survival 3.5)
suppressMessages(library(survival))
set.seed(20190306)
n <- c(lung_only = 28, multi_organ = 13, non_lung = 20)
pattern <- rep(names(n), n)
rate <- c(lung_only = 0.11, multi_organ = 0.15, non_lung = 0.28)[pattern]
pfs  <- round(rexp(61, rate) * 30.4375); pfs[pfs < 1] <- 1
cens <- round(runif(61, 60, 700))
pfs_e <- as.integer(pfs <= cens); pfs <- pmin(pfs, cens)
mpfs <- round(pfs * runif(61, 1, 1.6)); mpfs_e <- pfs_e
os <- round(pfs + rexp(61, 0.06) * 30.4375); oc <- round(runif(61, 200, 1000))
os_e <- as.integer(os <= oc); os <- pmin(os, oc)
d <- data.frame(pattern, lung = pattern != "non_lung",
                pfs = pfs / 30.4375, pfs_e, mpfs = mpfs / 30.4375, mpfs_e, os = os / 30.4375, os_e)
num <- function(x) if (is.na(x)) "null" else format(x, digits = 15)
out <- c()
km <- function(name, time, event, group, order = NULL) {
  fit <- survfit(Surv(time, event) ~ group, conf.type = "log")
  s <- summary(fit, censored = TRUE)
  g <- if (is.null(s$strata)) rep(group[1], length(s$time)) else sub("group=", "", as.character(s$strata))
  tab <- data.frame(analysis = name, group = g, time = s$time, n_risk = s$n.risk, n_event = s$n.event,
                    n_censor = s$n.censor, surv = s$surv, std_err = s$std.err, lower = s$lower, upper = s$upper)
  write.csv(tab, file.path("tables", paste0("km_", name, ".csv")), row.names = FALSE, quote = FALSE)
  tau <- max(time)
  st <- summary(fit, rmean = tau)$table
  if (is.null(dim(st))) st <- t(as.matrix(st))
  grp <- if (is.null(order)) unique(g) else order
  rows <- sapply(grp, function(k) {
    i <- if (nrow(st) == 1) 1 else which(sub("group=", "", rownames(st)) == k)
    sprintf('"%s": {"n": %d, "events": %d, "median": %s, "median_ci": [%s, %s], "range": [%s, %s], "rmst": {"tau": %s, "estimate": %s, "se": %s}}',
            k, st[i, "records"], st[i, "events"], num(st[i, "median"]), num(st[i, "0.95LCL"]), num(st[i, "0.95UCL"]),
            num(min(time[group == k])), num(max(time[group == k])), num(tau), num(st[i, "rmean"]), num(st[i, "se(rmean)"]))
  })
  body <- paste0('"groups": {', paste(rows, collapse = ", "), '}')
  if (!is.null(order)) {
    sd <- survdiff(Surv(time, event) ~ group)
    f <- factor(group, levels = rev(order))            # reference = second-named group
    cx <- coxph(Surv(time, event) ~ f, ties = "efron"); sc <- summary(cx)
    oe <- sd$obs - sd$exp; V <- sd$var[1, 1]
    i1 <- which(sub("group=", "", names(sd$n)) == order[1])
    lhr <- oe[i1] / V
    body <- paste0(body, sprintf(', "logrank": {"chisq": %s, "df": 1, "p": %s}', num(sd$chisq), num(1 - pchisq(sd$chisq, 1))),
      sprintf(', "hr": {"estimate": %s, "ci": [%s, %s], "method": "logrank", "reference": "%s"}',
              num(exp(lhr)), num(exp(lhr - 1.959963984540054 / sqrt(V))), num(exp(lhr + 1.959963984540054 / sqrt(V))), order[2]),
      sprintf(', "cox": {"hr": %s, "ci": [%s, %s], "p_wald": %s, "p_lr": %s, "p_score": %s, "reference": "%s"}',
              num(sc$conf.int[1, 1]), num(sc$conf.int[1, 3]), num(sc$conf.int[1, 4]), num(sc$waldtest["pvalue"]),
              num(sc$logtest["pvalue"]), num(sc$sctest["pvalue"]), order[2]))
  }
  out <<- c(out, sprintf('"%s": {%s}', name, body))
}
all <- rep("all", 61); L <- d[d$lung, ]
km("pfs_all", d$pfs, d$pfs_e, all)
km("pfs_lung", L$pfs, L$pfs_e, rep("lung", nrow(L)))
km("lung_mpfs_lung", L$mpfs, L$mpfs_e, rep("lung", nrow(L)))
km("os_all", d$os, d$os_e, all)
km("os_lung", L$os, L$os_e, rep("lung", nrow(L)))
M <- d[d$pattern != "multi_organ", ]
km("mpfs_lungonly_vs_nonlung", M$mpfs, M$mpfs_e, M$pattern, c("lung_only", "non_lung"))
O <- d; O$g <- ifelse(O$lung, "lung", "non_lung")
km("os_lung_vs_nonlung", O$os, O$os_e, O$g, c("lung", "non_lung"))
rate <- function(name, k, x, nn) {
  grp <- sapply(seq_along(k), function(i) { b <- binom.test(x[i], nn[i])$conf.int
    sprintf('"%s": {"n": %d, "responders": %d, "rate": %s, "pct": %s, "ci": [%s, %s]}', k[i], nn[i], x[i],
            num(x[i] / nn[i]), num(100 * x[i] / nn[i]), num(b[1]), num(b[2])) })
  body <- paste0('"groups": {', paste(grp, collapse = ", "), '}')
  if (length(k) == 2) {
    m <- matrix(c(x[1], nn[1] - x[1], x[2], nn[2] - x[2]), 2)
    c0 <- suppressWarnings(chisq.test(m, correct = FALSE)); c1 <- suppressWarnings(chisq.test(m, correct = TRUE))
    body <- paste0(body, sprintf(', "tests": {"chisq": {"statistic": %s, "p": %s}, "chisq_yates": {"statistic": %s, "p": %s}, "fisher": {"statistic": null, "p": %s}}',
      num(c0$statistic), num(c0$p.value), num(c1$statistic), num(c1$p.value), num(fisher.test(m)$p.value)))
  }
  out <<- c(out, sprintf('"%s": {%s}', name, body))
}
rate("orr_all", "all", 8, 61)
rate("morr_lung", "lung", 9, 41)
rate("morr_lungonly_vs_nonlung", c("lung_only", "non_lung"), c(7, 1), c(28, 20))
rate("morr_multiorgan_sites", c("lung", "extrahepatic_nonlung"), c(3, 0), c(13, 13))
writeLines(paste0("{", paste(out, collapse = ",\n"), "}"), "km-fixture.json")
