competency crm "Cloud CRM" {
  option reseller "Reseller" {
    level silver {
      same or different 3 persons MB2-714
    }
  }
}
