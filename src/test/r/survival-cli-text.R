# What R prints for the model that SurvivalJobTextTest checks jobs/survival --format text against.
# Run from the checkout's root:  Rscript src/test/r/survival-cli-text.R
# Writes src/test/resources/r-data/survival-cli/lung-sex-adjusted.txt (R 4.2, survival 3.5, default options).
library(survival)
lung <- read.csv("src/test/resources/r-data/lung.csv")
lung$ev <- lung$status == 2
lung$sex <- factor(lung$sex)
lung$ph.ecog <- factor(lung$ph.ecog)
out <- capture.output({
  print(survfit(Surv(time, ev) ~ sex, data = lung))
  print(survdiff(Surv(time, ev) ~ sex, data = lung))
  fit <- coxph(Surv(time, ev) ~ sex + age + ph.ecog + wt.loss, data = lung, ties = "efron")
  print(summary(fit))
  print(cox.zph(fit))
})
writeLines(out, "src/test/resources/r-data/survival-cli/lung-sex-adjusted.txt")
