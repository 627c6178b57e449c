catalog l402 "Test catalog" {
  exam T-OLD "Retired before the version" retired 2016-06-30 accepted until 2016-12-31
  exam T-NEW "Available after the version is replaced" available 2018-06-01
  exam T-OK "Always accepted"
  exam T-NEVER "Dates the wrong way round" available 2018-01-01 retired 2017-12-31
}

competency l402 "Credential outside the window" {
  source "test fixture, first page"
  effective 2017-01-01

  option o "O" {
    level silver {
      1 person passes one_of(T-OLD, T-NEW, T-OK)
    }
  }
}

competency l402 "Credential outside the window" {
  source "test fixture, second page"
  effective 2018-01-01

  option o "O" {
    level silver {
      1 person passes one_of(T-NEW, T-OK, T-NEVER)
    }
  }
}
