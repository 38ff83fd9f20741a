# Module of differential.R: median follow-up (reverse Kaplan-Meier, print(survfit) median and 95% log CI) per
# group, and the RMST difference of the second group minus the first (sorted labels) at
# tau = the smaller of their largest observed times.
# Keys: followup/<g>/{median,lower,upper}; rmstdiff/{tau,estimate,se,lower,upper,p};
#       rmstdiff/<g>/{estimate,se}.
modules$followup <- function(ds, emit) {
  d <- ds$data
  levs <- sort(unique(d$group))
  for (g in levs) {
    fit <- survfit(Surv(time, 1 - status) ~ 1, data = d[d$group == g, ])
    tb <- summary(fit)$table
    emit(paste0("followup/", g, "/median"), tb[["median"]])
    emit(paste0("followup/", g, "/lower"), tb[["0.95LCL"]])
    emit(paste0("followup/", g, "/upper"), tb[["0.95UCL"]])
  }
  if (length(levs) < 2) return(invisible())
  two <- d[d$group %in% levs[1:2], ]
  tau <- min(tapply(two$time, two$group, max))
  fit <- survfit(Surv(time, status) ~ group, data = two)
  tb <- summary(fit, rmean = tau)$table
  est <- tb[, "rmean"]
  se <- tb[, "se(rmean)"]
  diff <- est[2] - est[1]
  sed <- sqrt(se[1]^2 + se[2]^2)
  z <- qnorm(0.975)
  emit("rmstdiff/tau", tau)
  emit(paste0("rmstdiff/", levs[1:2], "/estimate"), est)
  emit(paste0("rmstdiff/", levs[1:2], "/se"), se)
  emit("rmstdiff/estimate", diff)
  emit("rmstdiff/se", sed)
  emit("rmstdiff/lower", diff - z * sed)
  emit("rmstdiff/upper", diff + z * sed)
  emit("rmstdiff/p", 2 * pnorm(-abs(diff / sed)))
}
