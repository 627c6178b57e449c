competency crm "Cloud CRM" {
  option reseller {
    level silver {
      1 person passes MB2-714
    }
  }
}
