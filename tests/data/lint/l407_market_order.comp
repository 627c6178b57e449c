catalog l407 "Test catalog" {
  metric t-revenue "Revenue" unit USD
}

competency l407 "Markets the wrong way round" {
  source "test fixture"

  option o "O" {
    level silver {
      metric t-revenue >= 50_000 USD in developed, 100_000 USD in developing
    }
    level gold {
      metric t-revenue >= 200_000 USD, 300_000 USD in developing
    }
  }
}
