catalog l408 "Test catalog" {
  metric l408-adds "Adds" unit customers
  metric l408-growth "Growth" unit percent
}

designation l408 "Maxima summing to 90" {
  source "test fixture"
  effective 2023-06-13
  pass 70

  category performance "Performance" {
    metric adds "Adds" max 50 {
      metric l408-adds reaching 3
    }
    metric growth "Growth" max 40 {
      metric l408-growth reaching 20 percent
    }
  }
}
