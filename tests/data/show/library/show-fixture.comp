# A made-up competency for the `show` tests: every form the prose and JSON must render
# (groups of every shape, either/or, same or different, k of them, acceptance windows,
# thresholds without a market or for one market only, custom levels, two versions).

catalog show-fixture "Widgets for the show tests" {
  exam FX-100 "Widget Fundamentals"
  exam FX-201 "Building Widgets" retired 2018-06-30
  exam FX-202 "Testing Widgets" available 2018-01-01
  exam FX-203 "Shipping Widgets" retired 2018-06-30 accepted until 2018-12-31
  assessment ta-widgets "Widget Technical Assessment"
  certification FX-CERT "Certified Widget Expert"
  metric fx-revenue "Widget revenue, trailing twelve months" unit USD
  metric fx-seats "Widget seats deployed" unit seats
  association fx-reseller "Widget Reseller of Record"
  attribute fx-authorized "Authorized widget distributor"
}

competency show-fixture "Widget Practice" {
  source "Made up for the show tests"
  levels registered < certified

  group build "Widget Building" = FX-201 and FX-202
  group testing "Widget Testing" = one_of(FX-202, FX-203)
  group expert "Widget Expert" = FX-CERT
  group any-area "Any widget area" = build or testing

  option widgets "Widgets" {
    level registered {
      metric fx-revenue >= 10_000.50 USD in developed
      metric fx-seats >= 25 seats
      association fx-reseller or digital-partner-of-record
      attribute fx-authorized
      3 persons each pass FX-100, 1 of them also passes build, 2 of them also pass testing and ta-widgets
      same or different 1 person passes expert
    }
    level certified {
      either {
        2 persons each pass any-area
        same or different 2 persons each pass ta-widgets
      } or {
        1 person passes all_of(FX-100, one_of(FX-201, all_of(FX-202, FX-203)))
        either { attribute fx-authorized } or { association fx-reseller }
      }
      1 person passes FX-100 or FX-CERT
    }
  }
}

competency show-fixture "Widget Practice (revised)" {
  source "Made up for the show tests, revised"
  effective 2019-01-01

  option widgets "Widgets" {
    level silver {
      same or different 2 persons each pass FX-100
      same or different 1 person passes ta-widgets
    }
  }
}
