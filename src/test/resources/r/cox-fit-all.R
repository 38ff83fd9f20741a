# Fits every data set of a manifest with survival::coxph and writes the results for
# CoxRandomizedDifferentialTest, one value per line, 17 significant digits.
#
# Usage: Rscript cox-fit-all.R <manifest.csv> <out.csv>
# manifest.csv: id,file,ties,stratified,levels   (levels: "|"-separated, reference first)
# data file:    time,event,group,stratum
# out.csv:      id,name,value   (names: coef.<j>, se.<j>, var.<i>.<j>, loglik0, loglik1, wald, wald.df,
#               wald.p, lr, lr.p, score, score.p, df, iter, warning)
suppressPackageStartupMessages(library(survival))
args <- commandArgs(trailingOnly = TRUE)
manifest <- read.csv(args[1], colClasses = "character")
out <- file(args[2], open = "w")
writeLines("id,name,value", out)
num <- function(x) ifelse(is.na(x), "NA", sprintf("%.17g", x))
emit <- function(id, name, value) writeLines(paste(id, name, value, sep = ","), out)
for (r in seq_len(nrow(manifest))) {
  m <- manifest[r, ]
  d <- read.csv(m$file, colClasses = c("numeric", "integer", "character", "character"))
  lv <- strsplit(m$levels, "|", fixed = TRUE)[[1]]
  d$g <- factor(d$group, levels = lv)
  form <- if (m$stratified == "1") Surv(time, event) ~ g + strata(stratum) else Surv(time, event) ~ g
  warns <- character(0)
  fit <- withCallingHandlers(coxph(form, data = d, ties = m$ties),
    warning = function(w) { warns <<- c(warns, conditionMessage(w)); invokeRestart("muffleWarning") })
  s <- summary(fit)
  b <- fit$coefficients
  for (j in seq_along(b)) {
    emit(m$id, paste0("coef.", j), num(b[j]))
    emit(m$id, paste0("se.", j), num(sqrt(fit$var[j, j])))
    for (i in seq_along(b)) emit(m$id, paste0("var.", i, ".", j), num(fit$var[i, j]))
  }
  emit(m$id, "loglik0", num(fit$loglik[1]))
  emit(m$id, "loglik1", num(fit$loglik[2]))
  emit(m$id, "wald", num(if (length(fit$wald.test)) fit$wald.test else NA))
  emit(m$id, "wald.p", num(if (length(fit$wald.test)) s$waldtest[["pvalue"]] else NA))
  emit(m$id, "lr", num(s$logtest[["test"]]))
  emit(m$id, "lr.p", num(s$logtest[["pvalue"]]))
  emit(m$id, "score", num(s$sctest[["test"]]))
  emit(m$id, "score.p", num(s$sctest[["pvalue"]]))
  emit(m$id, "df", num(s$logtest[["df"]]))
  emit(m$id, "iter", num(fit$iter))
  for (w in warns) emit(m$id, "warning", gsub("[,\n]", " ", w))
}
close(out)
