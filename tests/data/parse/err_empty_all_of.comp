competency crm "Cloud CRM" {
  group service "Service" = all_of(, MB2-714)
}
