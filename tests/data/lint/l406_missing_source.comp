catalog l406 "Test catalog" {
  exam T-A "Exam A"
}

competency l406 "Missing source" {
  effective 2017-01-01

  option o "O" {
    level silver {
      1 person passes T-A
    }
  }
}
