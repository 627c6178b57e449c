catalog c "Catalog" {
  exam MB2-714 "Customer Service"
}

competency crm "Cloud CRM" {
  source "https://example.com/crm"
  option reseller "Reseller" {
    level silver {
      1 person passes MB2-714
    }
  }
  group service "Service" = MB2-714
}
