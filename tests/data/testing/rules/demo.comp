# A small competency for the tests of `competency test`: its uncovered parts are known.
catalog demo "Demo" {
  exam D-1 "One"
  exam D-2 "Two"
  exam D-3 "Three"
  metric demo-revenue "Revenue" unit USD
  association demo-partner "Demo partner"
}

competency demo "Demo" {
  source "tests/data/testing"
  effective 2020-01-01
  option main "Main" {
    level silver {
      1 person passes one_of(D-1, D-2)
    }
    level gold {
      metric demo-revenue >= 1_000 USD
      either {
        association demo-partner
      } or {
        2 persons each pass D-3
      }
      1 person passes one_of(D-1, D-2)
    }
  }
  option never "Never tried" {
    level silver {
      1 person passes D-3
    }
  }
}
