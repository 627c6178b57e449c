competency crm "Cloud CRM" {
  option reseller "Reseller" {
    level silver {
      1 person passes MB2-714
    }
  }
  effective 2018-01-01
}
