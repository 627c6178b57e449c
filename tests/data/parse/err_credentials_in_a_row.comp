competency crm "Cloud CRM" {
  option reseller "Reseller" {
    level silver {
      1 person passes MB2-714 MB2-713
    }
  }
}
