# Rewritten: nothing here changes what the rules ask.
competency widgets "Widget Practice" {
  source "Made up for the diff tests"
  effective 2020-01-01
  group build "Widget Building" = one_of(W-300, W-200)
  option reseller "Widget Reseller" {
    level silver {
      1 person passes (W-200 or W-300) and W-400   # the group, inlined
      association w-reseller
      2 persons each pass W-200 or W-100
      metric w-revenue >= 25_000 USD in developing, 50_000 USD in developed
    }
    level gold {
      same or different 1 person passes W-400
      either { 1 person passes W-CERT } or { 3 persons each pass one_of(W-200, W-100) }
      association w-reseller
      metric w-revenue >= 100_000 USD
    }
  }
}
