# A competency with one of every construct the diff compares.
competency widgets "Widget Practice" {
  source "Made up for the diff tests"
  effective 2020-01-01

  group build "Widget Building" = one_of(W-200, W-300)

  option reseller "Widget Reseller" {
    level silver {
      metric w-revenue >= 50_000 USD in developed, 25_000 USD in developing
      association w-reseller
      2 persons each pass one_of(W-100, W-200)
      1 person passes build and W-400
      attribute w-authorized
    }
    level gold {
      metric w-revenue >= 100_000 USD
      association w-reseller
      either {
        3 persons each pass one_of(W-100, W-200)
      } or {
        1 person passes W-CERT
      }
      same or different 1 person passes W-400
    }
  }
}
