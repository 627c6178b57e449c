catalog l404 "Test catalog" {
  exam T-A "Exam A"
  exam T-B "Exam B"
  metric t-revenue "Revenue" unit USD
}

competency l404-threshold "Gold threshold below Silver" {
  source "test fixture"

  option o "O" {
    level silver {
      metric t-revenue >= 100_000 USD
    }
    level gold {
      metric t-revenue >= 50_000 USD
    }
  }
}

competency l404-people "Gold with fewer people, looser conditions" {
  source "test fixture"

  option fewer "Fewer people" {
    level silver {
      2 persons each pass T-A
    }
    level gold {
      1 person passes T-A
    }
  }

  option looser "Looser condition" {
    level silver {
      1 person passes T-A and T-B
    }
    level gold {
      3 persons each pass T-A
    }
  }

  option sound "Gold at least as strict (no finding)" {
    level silver {
      1 person passes T-A or T-B
      same or different 1 person passes T-B
    }
    level gold {
      2 persons each pass T-A and T-B
    }
  }
}
