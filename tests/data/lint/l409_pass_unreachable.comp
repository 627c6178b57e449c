catalog l409 "Test catalog" {
  certification T-CERT "Certification"
  metric l409-adds "Adds" unit customers
  metric l409-growth "Growth" unit percent
}

designation l409 "Pass mark above the reachable maximum" {
  source "test fixture"
  effective 2023-06-13
  pass 90

  category performance "Performance" {
    metric adds "Adds" max 50 {
      metric l409-adds reaching 3
    }
    metric mixed "Mixed" max 50 {
      sum {
        part max 20 {
          metric l409-growth reaching 20 percent
        }
        part max 10 {
          persons passing T-CERT reaching 5
        }
      }
    }
  }
}
