competency crm "Cloud CRM" {
  option reseller "Reseller" {
    2 persons each pass MB2-714
  }
}
