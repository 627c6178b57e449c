competency crm "Cloud CRM" {
  option reseller "Reseller" {
    level gold {
      2 persons each pass MB2-710 and one_of()
    }
  }
}
