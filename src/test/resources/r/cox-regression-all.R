# Fits every data set of a manifest with survival::coxph (covariates, strata) and cox.zph, and writes
# the results for CoxRegressionDifferentialTest, one value per line, 17 significant digits.
#
# Usage: Rscript cox-regression-all.R <manifest.csv> <out.csv>
# manifest.csv: id,file,ties,stratified,terms
#   terms: ";"-separated, each "N:<name>" (numeric) or "C:<name>:<level>|<level>|..." (factor, reference first)
# data file:    time,status,stratum,<one column per term>
# out.csv:      id,name,value   (names: n, events, coef.<j>, se.<j>, loglik0, loglik1, wald, wald.p, lr, lr.p,
#               score, score.p, df, iter, warning, zph.<term|GLOBAL>.{chisq,df,p}, zph.error, fit.error)
suppressPackageStartupMessages(library(survival))
args <- commandArgs(trailingOnly = TRUE)
manifest <- read.csv(args[1], colClasses = "character")
out <- file(args[2], open = "w")
writeLines("id,name,value", out)
num <- function(x) ifelse(is.na(x), "NA", sprintf("%.17g", x))
for (r in seq_len(nrow(manifest))) {
  m <- manifest[r, ]
  emit <- function(name, value) writeLines(paste(m$id, name, value, sep = ","), out)
  d <- read.csv(m$file, colClasses = "character")
  d$time <- as.numeric(d$time)
  d$status <- as.numeric(d$status)
  names <- character(0)
  for (t in strsplit(m$terms, ";", fixed = TRUE)[[1]]) {
    p <- strsplit(t, ":", fixed = TRUE)[[1]]
    if (p[1] == "N") d[[p[2]]] <- as.numeric(d[[p[2]]])
    else d[[p[2]]] <- factor(d[[p[2]]], levels = strsplit(p[3], "|", fixed = TRUE)[[1]])
    names <- c(names, p[2])
  }
  rhs <- paste(names, collapse = " + ")
  if (m$stratified == "1") rhs <- paste(rhs, "+ strata(stratum)")
  warns <- character(0)
  fit <- tryCatch(withCallingHandlers(
    coxph(as.formula(paste("Surv(time, status) ~", rhs)), data = d, ties = m$ties),
    warning = function(w) { warns <<- c(warns, conditionMessage(w)); invokeRestart("muffleWarning") }),
    error = function(e) NULL)
  if (is.null(fit)) { emit("fit.error", 1); next }
  s <- summary(fit)
  b <- fit$coefficients
  emit("n", num(fit$n))
  emit("events", num(fit$nevent))
  for (j in seq_along(b)) {
    emit(paste0("coef.", j), num(b[j]))
    emit(paste0("se.", j), num(sqrt(fit$var[j, j])))
  }
  emit("loglik0", num(fit$loglik[1]))
  emit("loglik1", num(fit$loglik[2]))
  emit("wald", num(if (length(fit$wald.test)) fit$wald.test else NA))
  emit("wald.p", num(if (length(fit$wald.test)) s$waldtest[["pvalue"]] else NA))
  emit("lr", num(s$logtest[["test"]]))
  emit("lr.p", num(s$logtest[["pvalue"]]))
  emit("score", num(s$sctest[["test"]]))
  emit("score.p", num(s$sctest[["pvalue"]]))
  emit("df", num(s$logtest[["df"]]))
  emit("iter", num(fit$iter))
  for (w in warns) emit("warning", gsub("[,\n]", " ", w))
  z <- tryCatch(suppressWarnings(cox.zph(fit)), error = function(e) NULL)
  if (is.null(z)) { emit("zph.error", 1); next }
  tb <- z$table
  for (i in seq_len(nrow(tb))) {
    key <- paste0("zph.", rownames(tb)[i])
    emit(paste0(key, ".chisq"), num(tb[i, "chisq"]))
    emit(paste0(key, ".df"), num(tb[i, "df"]))
    emit(paste0(key, ".p"), num(tb[i, "p"]))
  }
}
close(out)
