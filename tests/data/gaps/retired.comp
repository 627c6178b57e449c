# A competency no partner can attain on 2018-06-01: option legacy needs an exam retired
# (and no longer accepted) before that date; option current has no developed-market threshold.
catalog retired "Retired exams" {
  exam OLD-1 "An exam retired in 2017" retired 2017-01-01
  metric old-revenue "Revenue" unit USD
}

competency retired-only "A competency whose exams are all retired" {
  option legacy "Legacy" {
    level silver {
      1 person passes OLD-1
    }
  }
  option current "Current" {
    level silver {
      metric old-revenue >= 10 USD in developing
    }
  }
}
