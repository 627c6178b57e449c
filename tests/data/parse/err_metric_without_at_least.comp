competency crm "Cloud CRM" {
  option reseller "Reseller" {
    level silver {
      metric revenue 100_000 USD
      1 person passes MB2-714
    }
  }
}
