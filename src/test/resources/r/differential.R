# Reference side of the randomized differential test (io.rwe.stats.SurvivalDifferentialTest).
#
#   Rscript differential.R DATA_DIR
#
# DATA_DIR/manifest.csv lists the data sets (one row each: id, file, at_times, tau, a, b, c, d, bx, bn,
# conf, rxc = "rows;cols;row-major counts"); DATA_DIR/<file> has columns time, status (1 event,
# 0 censored), group, stratum ("" = none).
# Writes DATA_DIR/expected.csv with lines "id,key,value", values with 17 significant digits
# ("NA" where R gives NA). The keys are documented in SurvivalDifferentialTest.
#
# Further comparisons (e.g. Cox models) plug in without a second R process: every file named
# differential-*.R beside this script is sourced; it appends a function(ds, emit) to `modules`.
# `ds` is a list(id, data, at_times, tau, table2x2, rxc, bx, bn, conf); `emit(key, values)` writes lines.
suppressPackageStartupMessages(library(survival))
args <- commandArgs(trailingOnly = TRUE)
dir <- args[1]
script_dir <- dirname(normalizePath(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE)[1])))

modules <- list()

fmt <- function(v) sprintf("%.17g", as.numeric(v))

# Kaplan-Meier: all three interval types, full table, quantiles, printed median, RMST, summary at times.
modules$km <- function(ds, emit) {
  d <- ds$data
  k <- length(unique(d$group))
  form <- if (k == 1) Surv(time, status) ~ 1 else Surv(time, status) ~ group
  for (ct in c("log", "log-log", "plain")) {
    fit <- survfit(form, data = d, conf.type = ct, conf.int = ds$conf)
    labels <- if (k == 1) unique(d$group) else sub("^group=", "", names(fit$strata))
    s <- summary(fit, censored = TRUE)
    cur <- if (k == 1) rep(labels, length(s$time)) else sub("^group=", "", as.character(s$strata))
    for (g in labels) {
      w <- cur == g
      p <- paste0("km/", ct, "/", g, "/")
      emit(paste0(p, "n_rows"), sum(w))
      idx <- seq_len(sum(w)) - 1
      for (f in c("time", "n.risk", "n.event", "n.censor", "surv", "std.err", "lower", "upper")) {
        emit(paste0(p, "table/", idx, "/", f), s[[f]][w])
      }
    }
    q <- quantile(fit, probs = c(0.25, 0.5, 0.75))
    for (j in 1:3) {
      pr <- c("0.25", "0.5", "0.75")[j]
      for (part in c("quantile", "lower", "upper")) {
        v <- if (k == 1) q[[part]][j] else q[[part]][, j]
        emit(paste0("km/", ct, "/", labels, "/q/", pr, "/", part), v)
      }
    }
    m <- survival:::survmean(fit, rmean = "common")$matrix
    if (!is.matrix(m)) m <- matrix(m, nrow = 1, dimnames = list(NULL, names(m)))
    cl <- paste0(fit$conf.int, c("LCL", "UCL"))
    emit(paste0("km/", ct, "/", labels, "/median_print/quantile"), m[, "median"])
    emit(paste0("km/", ct, "/", labels, "/median_print/lower"), m[, cl[1]])
    emit(paste0("km/", ct, "/", labels, "/median_print/upper"), m[, cl[2]])
    if (ct == "log") {
      emit(paste0("km/log/", labels, "/rmean_common/estimate"), m[, "rmean"])
      emit(paste0("km/log/", labels, "/rmean_common/se"), m[, "se(rmean)"])
      m2 <- survival:::survmean(fit, rmean = ds$tau)$matrix
      if (!is.matrix(m2)) m2 <- matrix(m2, nrow = 1, dimnames = list(NULL, names(m2)))
      emit(paste0("km/log/", labels, "/rmean_tau/estimate"), m2[, "rmean"])
      emit(paste0("km/log/", labels, "/rmean_tau/se"), m2[, "se(rmean)"])
    }
    st <- summary(fit, times = ds$at_times)
    scur <- if (k == 1) rep(labels, length(st$time)) else sub("^group=", "", as.character(st$strata))
    for (g in labels) {
      w <- scur == g
      p <- paste0("km/", ct, "/", g, "/at/")
      emit(paste0(p, "n"), sum(w))
      idx <- seq_len(sum(w)) - 1
      for (f in c("time", "n.risk", "n.event", "n.censor", "surv", "std.err", "lower", "upper")) {
        emit(paste0(p, idx, "/", f), st[[f]][w])
      }
    }
  }
}

# Log-rank / Fleming-Harrington: rho 0 and 1, unstratified and (when there are strata) stratified.
modules$logrank <- function(ds, emit) {
  d <- ds$data
  levs <- sort(unique(d$group))
  if (length(levs) < 2) return(invisible())
  strat <- any(d$stratum != "")
  for (rho in c(0, 1)) {
    for (st in if (strat) c("none", "strata") else "none") {
      p <- paste0("lr/", rho, "/", st, "/")
      form <- if (st == "none") Surv(time, status) ~ group else Surv(time, status) ~ group + strata(stratum)
      sd <- tryCatch(survdiff(form, data = d, rho = rho), error = function(e) NULL)
      if (is.null(sd)) { emit(paste0(p, "error"), 1); next }
      o <- if (is.matrix(sd$obs)) rowSums(sd$obs) else sd$obs
      e <- if (is.matrix(sd$exp)) rowSums(sd$exp) else sd$exp
      df <- sum(e > 0) - 1
      emit(paste0(p, "chisq"), sd$chisq)
      emit(paste0(p, "df"), df)
      if (df >= 1) {
        emit(paste0(p, "p"), pchisq(sd$chisq, df, lower.tail = FALSE))
        emit(paste0(p, "lnp"), pchisq(sd$chisq, df, lower.tail = FALSE, log.p = TRUE))
      }
      emit(paste0(p, "obs/", levs), o)
      emit(paste0(p, "exp/", levs), e)
      emit(paste0(p, "var/", rep(levs, times = length(levs)), "/", rep(levs, each = length(levs))), c(sd$var))
      if (rho == 0 && length(levs) == 2) {
        v <- sd$var[2, 2]
        hr <- exp((o[2] - e[2]) / v)
        z <- qnorm(1 - (1 - ds$conf) / 2)
        emit(paste0("hr/", st, "/estimate"), hr)
        emit(paste0("hr/", st, "/lower"), exp(log(hr) - z / sqrt(v)))
        emit(paste0("hr/", st, "/upper"), exp(log(hr) + z / sqrt(v)))
        emit(paste0("hr/", st, "/oe"), (o[2] / e[2]) / (o[1] / e[1]))
      }
    }
  }
}

# Rate tests on a random 2x2 table and a random proportion.
modules$rates <- function(ds, emit) {
  x <- ds$table2x2
  for (corr in c(TRUE, FALSE)) {
    ct <- suppressWarnings(chisq.test(x, correct = corr))
    p <- paste0("rate/chisq/", corr, "/")
    emit(paste0(p, "statistic"), ct$statistic)
    emit(paste0(p, "p"), ct$p.value)
  }
  emit("rate/fisher/p", fisher.test(x)$p.value)
  ct <- suppressWarnings(chisq.test(ds$rxc))
  emit("rate/rxc/chisq/statistic", ct$statistic)
  emit("rate/rxc/chisq/p", ct$p.value)
  emit("rate/rxc/fisher/p", fisher.test(ds$rxc)$p.value)
  b <- binom.test(ds$bx, ds$bn, conf.level = ds$conf)$conf.int
  emit("rate/binom/lower", b[1])
  emit("rate/binom/upper", b[2])
}

for (f in list.files(script_dir, pattern = "^differential-.*\\.R$", full.names = TRUE)) source(f)

manifest <- read.csv(file.path(dir, "manifest.csv"), colClasses = "character")
out <- file(file.path(dir, "expected.csv.part"), "w")
for (r in seq_len(nrow(manifest))) {
  m <- manifest[r, ]
  data <- read.csv(file.path(dir, m$file), colClasses = c("numeric", "numeric", "character", "character"))
  data$stratum[is.na(data$stratum)] <- ""
  ds <- list(id = m$id, data = data,
             at_times = as.numeric(strsplit(m$at_times, ";")[[1]]), tau = as.numeric(m$tau),
             table2x2 = matrix(as.numeric(c(m$a, m$c, m$b, m$d)), 2),
             rxc = { v <- as.numeric(strsplit(m$rxc, ";")[[1]]); matrix(v[-(1:2)], v[1], v[2], byrow = TRUE) },
             bx = as.numeric(m$bx), bn = as.numeric(m$bn), conf = as.numeric(m$conf))
  lines <- character(0)
  buf <- list()
  emit <- function(key, values) {
    buf[[length(buf) + 1]] <<- paste(m$id, key, fmt(values), sep = ",")
  }
  for (name in names(modules)) {
    res <- tryCatch({ modules[[name]](ds, emit); NULL },
                    error = function(e) paste0(m$id, ",", name, "/r_error,1"))
    if (!is.null(res)) buf[[length(buf) + 1]] <- res
  }
  writeLines(unlist(buf), out)
}
close(out)
file.rename(file.path(dir, "expected.csv.part"), file.path(dir, "expected.csv"))
