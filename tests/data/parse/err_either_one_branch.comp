competency crm "Cloud CRM" {
  option reseller "Reseller" {
    level silver {
      either {
        1 person passes MB2-714
      }
    }
  }
}
