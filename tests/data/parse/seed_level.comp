# The seed page's Gold level, with its people line written verbatim.
competency cloud-crm "Cloud Customer Relationship Management" {
  effective 2017-07-07
  option cloud-crm-reseller "Cloud CRM Reseller" {
    level gold {
      2 persons each pass one_of(MB2-714, MB2-713, MB2-709) and one_of(MB2-710, MB2-706)
    }
  }
}
