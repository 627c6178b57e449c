competency crm "Cloud CRM" {
  option reseller "Reseller" {
    level {
      1 person passes MB2-714
    }
  }
}
