competency t "Thresholds" {
  option o "O" {
    level silver {
      metric crm-net-new-revenue >= 100_000 USD in developed, 50_000 USD in developing
      metric seats >= 1_000
      metric revenue >= 2.5 in developing
      metric customers >= 10 customers
    }
  }
}
