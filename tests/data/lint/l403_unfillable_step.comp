catalog l403-step "Test catalog" {
  certification T-GONE "Retired before the designation" retired 2022-12-31
  certification T-HERE "Always accepted"
  metric l403-adds "Adds" unit customers
}

designation l403-step "Step no person can fill" {
  source "test fixture"
  effective 2023-06-13
  pass 70

  category skilling "Skilling" {
    metric certified "Certified" max 60 {
      step 2 persons each pass T-GONE
      persons passing T-HERE reaching 10
    }
    metric adds "Adds" max 40 {
      step 1 person passes T-HERE
      metric l403-adds reaching 3
    }
  }
}
