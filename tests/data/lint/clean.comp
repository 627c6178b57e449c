# No findings: every rule is satisfied.
catalog clean "Test catalog" {
  exam T-A "Exam A"
  exam T-B "Exam B" retired 2017-12-31 accepted until 2018-12-31
  metric t-revenue "Revenue" unit USD
}

competency clean "Clean" {
  source "test fixture"
  effective 2017-01-01

  option o "O" {
    level silver {
      metric t-revenue >= 100_000 USD in developed, 50_000 USD in developing
      1 person passes T-A or T-B
    }
    level gold {
      metric t-revenue >= 300_000 USD in developed, 150_000 USD in developing
      2 persons each pass T-A or T-B
    }
  }
}
