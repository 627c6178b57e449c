# A designation: pass mark, steps, gates and points.
designation widget-designation "Solutions Widget Partner" {
  source "Made up for the diff tests"
  effective 2023-01-01
  pass 70
  category performance "Performance" {
    metric customers "Customers" max 30 {
      metric w-customers reaching 10
    }
  }
  category skilling "Skilling" {
    metric people "People" max 40 {
      step 2 persons each pass W-100
      persons passing one_of(W-200, W-300) reaching 8
    }
  }
  category success "Customer success" {
    metric deployments "Deployments" max 10 {
      metric w-customers reaching 5
    }
    metric growth "Growth" max 20 {
      gate metric w-revenue >= 1_000 USD
      metric w-growth reaching 20 percent
    }
  }
}
