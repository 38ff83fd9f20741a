# The NAACCR study (docs/study.md, "The NAACCR study") computed in R from the items of NAACCR XML files,
# written from the rules of the study, independently of the project's code:
#   Rscript --vanilla naaccr-study.R OUT FILE.xml [FILE.xml ...]
# Reads every <Patient> of the files with xml2 (a patient delivered once), builds the index tumor, the flow,
# the patterns, Table 1 and os, and writes "key value" lines to OUT: flow/…, baseline/…, and per analysis
# (os_all, os_lung_vs_nonlung, os_lungonly_vs_nonlung) survfit, survdiff, the log-rank HR, coxph (Efron) and
# coxph adjusted for age and sex (levels M, F, other; absent levels dropped).
suppressPackageStartupMessages({ library(xml2); library(survival) })
args <- commandArgs(trailingOnly = TRUE)
out <- args[1]
files <- args[-1]
lines <- character()
emit <- function(key, value) {
  v <- if (is.na(value)) "NA" else if (is.logical(value)) as.character(as.integer(value)) else sprintf("%.17g", value)
  lines <<- c(lines, paste(key, v))
}

# The items of a node set by naaccrId, one row per node: the requested ids as columns (NA when absent).
# One XPath per id and node (the first Item of that naaccrId): only the requested items become R objects,
# which keeps a file of 10^5 patients (about 10.5 million items) within memory.
itemTable <- function(nodes, ids, ns) {
  out <- data.frame(row.names = seq_along(nodes))
  for (id in ids) {
    out[[id]] <- xml_text(xml_find_first(nodes, sprintf("d1:Item[@naaccrId='%s']", id), ns))
  }
  out
}
pat <- list(); tum <- list()
for (f in files) {
  doc <- read_xml(f)
  ns <- c(d1 = "http://naaccr.org/naaccrxml")
  pn <- xml_find_all(doc, "/d1:NaaccrData/d1:Patient", ns)
  pv <- itemTable(pn, c("patientIdNumber", "sex", "vitalStatus", "dateOfLastContact"), ns)
  pat[[f]] <- data.frame(pid = pv$patientIdNumber, sex = pv$sex, vital = pv$vitalStatus, dolc = pv$dateOfLastContact,
                         stringsAsFactors = FALSE)
  tn <- xml_find_all(pn, "d1:Tumor", ns)
  owner <- rep(seq_along(pn), xml_find_num(pn, "count(d1:Tumor)", ns))
  tv <- itemTable(tn, c("tumorRecordNumber", "primarySite", "histologicTypeIcdO3", "behaviorCodeIcdO3",
                        "dateOfDiagnosis", "ageAtDiagnosis", "metsAtDxLung", "metsAtDxBone", "metsAtDxBrain",
                        "metsAtDxDistantLn", "metsAtDxOther"), ns)
  tum[[f]] <- data.frame(pid = pv$patientIdNumber[owner], trn = tv$tumorRecordNumber, site = tv$primarySite,
                         hist = tv$histologicTypeIcdO3, beh = tv$behaviorCodeIcdO3, dx = tv$dateOfDiagnosis,
                         age = tv$ageAtDiagnosis, lung = tv$metsAtDxLung, bone = tv$metsAtDxBone,
                         brain = tv$metsAtDxBrain, ln = tv$metsAtDxDistantLn, other = tv$metsAtDxOther,
                         stringsAsFactors = FALSE)
}
pat <- do.call(rbind, pat)
tum <- do.call(rbind, tum)

# A full, valid NAACCR date (YYYYMMDD naming a calendar day), else NA.
fulldate <- function(s) as.Date(ifelse(!is.na(s) & grepl("^[0-9]{8}$", s), s, NA), format = "%Y%m%d")
tum$dxd <- fulldate(tum$dx)
h <- suppressWarnings(as.integer(tum$hist))
cand <- tum[!is.na(tum$site) & tum$site == "C220" & !is.na(h) & h >= 8170 & h <= 8175 & !is.na(tum$beh) &
            tum$beh == "3" & !is.na(tum$dxd) & tum$dxd >= as.Date("2016-01-01") & tum$dxd <= as.Date("2023-12-31"), ]
cand <- cand[order(cand$pid, cand$dxd, as.integer(cand$trn)), ]
idx <- cand[!duplicated(cand$pid), ]
d <- merge(idx, pat, by = "pid")
emit("flow/reviewed", nrow(d))

age <- suppressWarnings(as.integer(d$age))
step1 <- is.na(age) | age == 999 | age < 18
sites <- c("lung", "bone", "brain", "ln", "other")
known <- Reduce(`&`, lapply(sites, function(s) !is.na(d[[s]]) & d[[s]] %in% c("0", "1")))
none <- Reduce(`&`, lapply(sites, function(s) !is.na(d[[s]]) & d[[s]] == "0"))
lc <- fulldate(d$dolc)
surv_ok <- !is.na(d$vital) & d$vital %in% c("0", "1") & !is.na(lc) & lc >= d$dxd
at <- ifelse(step1, "not_eligible", ifelse(!known, "mets_unknown", ifelse(none, "no_distant_metastasis",
             ifelse(!surv_ok, "survival_unknown", NA))))
for (s in c("not_eligible", "mets_unknown", "no_distant_metastasis", "survival_unknown")) {
  emit(paste0("flow/excluded/", s), sum(at == s, na.rm = TRUE))
}
inc <- d[is.na(at), ]
inc$age <- as.integer(inc$age)
emit("flow/included", nrow(inc))
others <- inc$bone == "1" | inc$brain == "1" | inc$ln == "1" | inc$other == "1"
inc$pattern <- ifelse(inc$lung == "1" & !others, "lung_only", ifelse(inc$lung == "1", "multi_organ", "non_lung"))
for (p in c("lung_only", "multi_organ", "non_lung")) emit(paste0("flow/patterns/", p), sum(inc$pattern == p))

inc$sexc <- ifelse(!is.na(inc$sex) & inc$sex == "1", "M", ifelse(!is.na(inc$sex) & inc$sex == "2", "F", "other"))
emit("baseline/n", nrow(inc))
emit("baseline/age/median", median(inc$age)); emit("baseline/age/min", min(inc$age)); emit("baseline/age/max", max(inc$age))
emit("baseline/age_group/<65", sum(inc$age < 65)); emit("baseline/age_group/>=65", sum(inc$age >= 65))
for (s in c("M", "F", "other")) emit(paste0("baseline/sex/", s), sum(inc$sexc == s))
emit("baseline/lung_metastasis/yes", sum(inc$lung == "1")); emit("baseline/lung_metastasis/no", sum(inc$lung == "0"))

# os: from the diagnosis to the last contact; dead = vital status 0; a last contact after the cut-off is
# alive at the cut-off. Months = days / 30.4375.
cutoff <- as.Date("2023-12-31")
lci <- fulldate(inc$dolc)
inc$t <- as.numeric(pmin(lci, cutoff) - inc$dxd) / 30.4375
inc$e <- inc$vital == "0" & lci <= cutoff

km <- function(key, x) {
  f <- survfit(Surv(t, e) ~ 1, data = x)
  tb <- summary(f, rmean = max(x$t))$table
  emit(paste0(key, "/n"), tb[["n.start"]]); emit(paste0(key, "/events"), tb[["events"]])
  emit(paste0(key, "/median"), tb[["median"]]); emit(paste0(key, "/lower"), tb[["0.95LCL"]])
  emit(paste0(key, "/upper"), tb[["0.95UCL"]])
  emit(paste0(key, "/min"), min(x$t)); emit(paste0(key, "/max"), max(x$t))
}
km("os_all/all", inc)
emit("os_all/all/rmst", summary(survfit(Surv(t, e) ~ 1, data = inc), rmean = max(inc$t))$table[["rmean"]])

compare <- function(name, a, b, an, bn) {
  x <- rbind(cbind(a, g = an), cbind(b, g = bn))
  x$g <- factor(x$g, levels = c(bn, an))
  km(paste0(name, "/", an), a); km(paste0(name, "/", bn), b)
  s <- survdiff(Surv(t, e) ~ g, data = x)
  emit(paste0(name, "/logrank/chisq"), s$chisq)
  emit(paste0(name, "/logrank/p"), pchisq(s$chisq, 1, lower.tail = FALSE))
  V <- s$var[2, 2]
  hr <- exp((s$obs[2] - s$exp[2]) / V)
  emit(paste0(name, "/hr/estimate"), hr)
  emit(paste0(name, "/hr/lower"), hr * exp(-qnorm(0.975) / sqrt(V)))
  emit(paste0(name, "/hr/upper"), hr * exp(qnorm(0.975) / sqrt(V)))
  sm <- summary(coxph(Surv(t, e) ~ g, data = x, ties = "efron"))
  emit(paste0(name, "/cox/hr"), sm$conf.int[1, 1])
  emit(paste0(name, "/cox/lower"), sm$conf.int[1, 3]); emit(paste0(name, "/cox/upper"), sm$conf.int[1, 4])
  emit(paste0(name, "/cox/p_wald"), sm$waldtest[["pvalue"]]); emit(paste0(name, "/cox/p_lr"), sm$logtest[["pvalue"]])
  emit(paste0(name, "/cox/p_score"), sm$sctest[["pvalue"]])
  # Adjusted for age (years, a number) and sex (M the reference, then F, other; levels absent here dropped).
  x$sexc <- factor(x$sexc, levels = intersect(c("M", "F", "other"), unique(x$sexc)))
  fit <- coxph(Surv(t, e) ~ g + age + sexc, data = x, ties = "efron")
  cf <- summary(fit)$coefficients
  terms <- c(paste0("group=", an), "age", paste0("sex=", levels(x$sexc)[-1]))
  for (i in seq_along(terms)) {
    emit(paste0(name, "/cox_adjusted/", terms[i], "/coef"), cf[i, "coef"])
    emit(paste0(name, "/cox_adjusted/", terms[i], "/se"), cf[i, "se(coef)"])
    emit(paste0(name, "/cox_adjusted/", terms[i], "/p"), cf[i, "Pr(>|z|)"])
  }
  emit(paste0(name, "/cox_adjusted/loglik"), fit$loglik[2])
}
compare("os_lung_vs_nonlung", inc[inc$lung == "1", ], inc[inc$pattern == "non_lung", ], "lung", "non_lung")
compare("os_lungonly_vs_nonlung", inc[inc$pattern == "lung_only", ], inc[inc$pattern == "non_lung", ], "lung_only", "non_lung")
writeLines(lines, out)
