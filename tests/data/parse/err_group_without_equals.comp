competency crm "Cloud CRM" {
  source "https://example.com/crm"
  group service "Service" MB2-714 or MB2-713
}
