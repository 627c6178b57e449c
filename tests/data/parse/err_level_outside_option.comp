competency crm "Cloud CRM" {
  source "https://example.com/crm"
  level silver { }
