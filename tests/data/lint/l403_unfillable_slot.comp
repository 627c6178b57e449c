catalog l403 "Test catalog" {
  exam T-OLD "Accepted until 2017" retired 2017-06-30
  exam T-NEW "Available from 2018" available 2018-01-01
  exam T-OK "Always accepted"
}

competency l403 "Unfillable slot" {
  source "test fixture"

  option o "O" {
    level silver {
      # all_of where one_of was meant: nobody holds both on one day
      1 person passes T-OLD and T-NEW
      2 persons each pass T-OK, 1 of them also passes all_of(T-OLD, T-NEW)
    }
  }
}
