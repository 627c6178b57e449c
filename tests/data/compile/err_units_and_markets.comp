competency thresholds "Thresholds" {
  option o "O" {
    level silver {
      metric crm-net-new-revenue >= 100_000 EUR in developed, 50_000 USD in emerging
      metric crm-net-new-revenue >= 1 USD, 2 USD
    }
  }
}
