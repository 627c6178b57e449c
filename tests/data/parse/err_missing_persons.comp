competency crm "Cloud CRM" {
  option reseller "Reseller" {
    level silver {
      2 pass MB2-714
    }
  }
}
